"""What happened in groups, and who should hear about it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenant_apps.groups.models import Group


class Activity(models.Model):
    """One thing that happened, e.g. 'anna started discussion X in group Y'."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="activities")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=40)  # e.g. "discussion.created"
    target_type = models.CharField(max_length=40)  # e.g. "discussion"
    target_id = models.BigIntegerField()
    summary = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["group", "-created_at"])]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.summary


class DeliveryMode(models.TextChoices):
    INSTANT = "instant", _("Instantly")
    DAILY = "daily", _("Daily digest")
    OFF = "off", _("Off")


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.CharField(
        max_length=10, choices=DeliveryMode.choices, default=DeliveryMode.DAILY
    )

    def __str__(self) -> str:
        return f"{self.user}: {self.email}"


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.UniqueConstraint(fields=["user", "activity"], name="one_notification_each")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.activity}"
