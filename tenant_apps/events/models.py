"""Events in groups, with RSVPs and a waiting list that moves up by itself."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tenant_apps.groups.models import GroupContent


class Event(GroupContent):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)  # sanitised HTML
    starts_at = models.DateTimeField(_("starts at"))  # stored in UTC
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Amsterdam")
    location = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)  # None: no limit

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["group", "deleted_at", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class RsvpStatus(models.TextChoices):
    ATTENDING = "attending", _("Attending")
    WAITING = "waiting", _("On the waiting list")
    MAYBE = "maybe", _("Maybe")
    DECLINED = "declined", _("Declined")


class Rsvp(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=RsvpStatus.choices)
    # When the person asked to attend: the waiting list moves up in this order.
    requested_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_rsvp_per_person")
        ]
        indexes = [models.Index(fields=["event", "status", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.status} {self.event}"
