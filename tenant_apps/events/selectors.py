"""Reading events and RSVPs, always scoped by the viewer's access."""

from __future__ import annotations

from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery, Value

from tenant_apps.discussions.group_content import content_get, content_visible
from tenant_apps.events.models import Event, Rsvp, RsvpStatus
from tenant_apps.groups.access import GroupAccess, Viewer


def event_queryset(*, viewer: Viewer) -> QuerySet[Event]:
    """Events with their counts and the viewer's own answer, in one query per page."""
    events = (
        Event.objects.select_related("author", "last_edited_by")
        .annotate(
            attending_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.ATTENDING)),
            waiting_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.WAITING)),
        )
        # Meta.ordering is dropped in GROUP BY queries; pages need a stable order.
        .order_by("starts_at", "pk")
    )
    if not viewer.is_authenticated:
        return events.annotate(my_rsvp=Value(None, output_field=CharField()))
    mine = Rsvp.objects.filter(event=OuterRef("pk"), user_id=viewer.pk).values("status")[:1]
    return events.annotate(my_rsvp=Subquery(mine))


def event_list(*, access: GroupAccess, viewer: Viewer) -> QuerySet[Event]:
    return content_visible(access=access, queryset=event_queryset(viewer=viewer))


def event_get(*, access: GroupAccess, viewer: Viewer, pk: int) -> Event:
    return content_get(access=access, queryset=event_queryset(viewer=viewer), pk=pk)


def rsvp_waiting_position(*, rsvp: Rsvp) -> int | None:
    """1 for the first in line; None when the person is not waiting."""
    if rsvp.status != RsvpStatus.WAITING:
        return None
    ahead = Rsvp.objects.filter(
        Q(requested_at__lt=rsvp.requested_at) | Q(requested_at=rsvp.requested_at, pk__lt=rsvp.pk),
        event_id=rsvp.event_id,
        status=RsvpStatus.WAITING,
    )
    return ahead.count() + 1


def rsvp_of(*, event: Event, viewer: Viewer) -> Rsvp | None:
    if not viewer.is_authenticated:
        return None
    return Rsvp.objects.filter(event=event, user_id=viewer.pk).first()
