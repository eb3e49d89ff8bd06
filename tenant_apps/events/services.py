"""Writing events and RSVPs, with a waiting list that moves up by itself.

Times arrive as ISO 8601 with an offset (or without one, then read in the event's own
time zone), are stored in UTC, and the IANA zone is kept to show them as the organiser
meant them. Changes to who attends lock the event row, so two people taking the last seat
at once cannot both get it.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenant_apps.accounts.models import User
from tenant_apps.activity.services import activity_record
from tenant_apps.discussions.group_content import content_mark_edited, content_require_write
from tenant_apps.events.models import Event, Rsvp, RsvpStatus
from tenant_apps.groups.access import GroupAccess, Viewer
from tenant_apps.groups.sanitising import rich_text_clean

ANSWERS = (RsvpStatus.ATTENDING, RsvpStatus.MAYBE, RsvpStatus.DECLINED)
_online_url = URLValidator(schemes=["http", "https"])


@functools.cache
def _known_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _validated(
    *,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    time_zone: str,
    online_url: str,
    capacity: int | None,
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Give a title.")
    if time_zone not in _known_time_zones():
        errors["time_zone"] = _("Unknown time zone; use a name like Europe/Amsterdam.")
        zone: dt.tzinfo = dt.UTC
    else:
        zone = zoneinfo.ZoneInfo(time_zone)
    # Without an offset a time means wall-clock time where the event takes place.
    if timezone.is_naive(starts_at):
        starts_at = starts_at.replace(tzinfo=zone)
    if timezone.is_naive(ends_at):
        ends_at = ends_at.replace(tzinfo=zone)
    if ends_at < starts_at:
        errors["ends_at"] = _("The end is before the start.")
    if capacity is not None and capacity < 1:
        errors["capacity"] = _("Capacity must be at least 1, or empty for no limit.")
    if online_url:
        try:
            _online_url(online_url)
        except ValidationError:
            errors["online_url"] = _("Enter a web address starting with http:// or https://.")
    if errors:
        raise ValidationError(errors)
    return {
        "title": title.strip(),
        "starts_at": starts_at.astimezone(dt.UTC),
        "ends_at": ends_at.astimezone(dt.UTC),
    }


@transaction.atomic
def event_create(
    *,
    access: GroupAccess,
    actor: User,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    time_zone: str = "Europe/Amsterdam",
    description: str = "",
    location: str = "",
    online_url: str = "",
    capacity: int | None = None,
) -> Event:
    content_require_write(access=access, viewer=actor)
    checked = _validated(
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        online_url=online_url,
        capacity=capacity,
    )
    event = Event.objects.create(
        group=access.group,
        author=actor,
        description=rich_text_clean(description),
        time_zone=time_zone,
        location=location.strip(),
        online_url=online_url,
        capacity=capacity,
        **checked,
    )
    activity_record(
        group=access.group,
        actor=actor,
        verb="event.created",
        target_type="event",
        target_id=event.pk,
        summary=event.title,
    )
    return event


_UPDATABLE = {
    "title",
    "description",
    "starts_at",
    "ends_at",
    "time_zone",
    "location",
    "online_url",
    "capacity",
}


@transaction.atomic
def event_update(*, actor: User, event: Event, **changes: Any) -> Event:
    """Change some fields; the whole event is checked again. More seats move people up."""
    unknown = set(changes) - _UPDATABLE
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    event = Event.objects.select_for_update().get(pk=event.pk)
    merged = {name: getattr(event, name) for name in _UPDATABLE} | changes
    checked = _validated(
        title=merged["title"],
        starts_at=merged["starts_at"],
        ends_at=merged["ends_at"],
        time_zone=merged["time_zone"],
        online_url=merged["online_url"],
        capacity=merged["capacity"],
    )
    event.title = checked["title"]
    event.starts_at = checked["starts_at"]
    event.ends_at = checked["ends_at"]
    event.time_zone = merged["time_zone"]
    event.location = merged["location"].strip()
    event.online_url = merged["online_url"]
    event.capacity = merged["capacity"]
    if "description" in changes:
        event.description = rich_text_clean(changes["description"])
    content_mark_edited(content=event, actor=actor)
    event.save()
    # A smaller capacity never removes people who already have a seat; a larger one (or
    # none) moves the waiting list up at once.
    _waiting_list_promote(event=event)
    return event


@transaction.atomic
def rsvp_set(*, access: GroupAccess, viewer: Viewer, event: Event, status: str) -> Rsvp:
    """Answer attending / maybe / declined. Asking again for the same answer changes
    nothing (a double submit keeps one's place in line)."""
    actor = content_require_write(access=access, viewer=viewer)
    if status not in ANSWERS:
        raise ValidationError({"status": _("Answer attending, maybe or declined.")})
    if event.deleted_at is not None:
        raise ValidationError(_("This event was deleted."))
    # Serialise every seat change of this event.
    event = Event.objects.select_for_update().get(pk=event.pk)
    rsvp = Rsvp.objects.filter(event=event, user=actor).first()
    now = timezone.now()
    if status == RsvpStatus.ATTENDING:
        if rsvp is not None and rsvp.status in (RsvpStatus.ATTENDING, RsvpStatus.WAITING):
            return rsvp
        seat = RsvpStatus.ATTENDING if _has_room(event=event) else RsvpStatus.WAITING
        if rsvp is None:
            return Rsvp.objects.create(event=event, user=actor, status=seat, requested_at=now)
        rsvp.status = seat
        rsvp.requested_at = now  # joins the end of the line
        rsvp.save(update_fields=["status", "requested_at", "updated_at"])
        return rsvp
    if rsvp is None:
        return Rsvp.objects.create(event=event, user=actor, status=status, requested_at=now)
    if rsvp.status == status:
        return rsvp
    gave_up_seat = rsvp.status == RsvpStatus.ATTENDING
    rsvp.status = status
    rsvp.save(update_fields=["status", "updated_at"])
    if gave_up_seat:
        _waiting_list_promote(event=event)
    return rsvp


def _attending_count(*, event: Event) -> int:
    return Rsvp.objects.filter(event=event, status=RsvpStatus.ATTENDING).count()


def _has_room(*, event: Event) -> bool:
    return event.capacity is None or _attending_count(event=event) < event.capacity


def _waiting_list_promote(*, event: Event) -> list[int]:
    """Give free seats to the longest waiting, in the order they asked; their ids."""
    waiting = Rsvp.objects.filter(event=event, status=RsvpStatus.WAITING).order_by(
        "requested_at", "pk"
    )
    if event.capacity is not None:
        free = event.capacity - _attending_count(event=event)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting.values_list("pk", flat=True))
    Rsvp.objects.filter(pk__in=promoted).update(
        status=RsvpStatus.ATTENDING, updated_at=timezone.now()
    )
    return promoted
