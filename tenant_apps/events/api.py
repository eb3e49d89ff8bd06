"""REST API of events, RSVPs and their iCalendar export, under /api/v1/groups/<slug>/."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.request import Request
from rest_framework.response import Response

from tenant_apps.accounts.models import User
from tenant_apps.discussions.group_content import ContentNotFound
from tenant_apps.discussions.group_content_api import (
    FORBIDDEN,
    NOT_FOUND,
    ContentAPIView,
    ContentDetailView,
    ContentListView,
    ContentRestoreView,
    detail_schema,
    list_schema,
    restore_schema,
)
from tenant_apps.events import selectors, services
from tenant_apps.events.ical import ical_calendar
from tenant_apps.events.models import Event, Rsvp
from tenant_apps.events.serializers import (
    EventInputSerializer,
    EventOutputSerializer,
    EventUpdateSerializer,
    RsvpInputSerializer,
    RsvpOutputSerializer,
)
from tenant_apps.groups.access import GroupAccess

ICAL = OpenApiResponse(OpenApiTypes.STR, description="text/calendar (RFC 5545), times in UTC.")


class _Events(ContentAPIView):
    def content_queryset(self, *, access: GroupAccess, **kwargs: Any) -> QuerySet[Event]:
        return selectors.event_queryset(viewer=self.request.user)


@list_schema(EventOutputSerializer, EventInputSerializer, "events")
@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("upcoming", bool, description="Only events that have not ended.")
        ]
    )
)
class EventListAPI(_Events, ContentListView):
    output_serializer_class = EventOutputSerializer
    input_serializer_class = EventInputSerializer

    def content_filter(self, *, queryset: QuerySet[Any], access: GroupAccess) -> QuerySet[Any]:
        if self.request.query_params.get("upcoming") in ("1", "true"):
            return queryset.filter(ends_at__gte=timezone.now())
        return queryset

    def content_create(
        self, *, access: GroupAccess, actor: User, data: dict[str, Any], **kwargs: Any
    ) -> Event:
        event = services.event_create(access=access, actor=actor, **data)
        # Read back with the counts the output shows.
        return selectors.event_get(access=access, viewer=actor, pk=event.pk)


@detail_schema(EventOutputSerializer, EventUpdateSerializer, "events")
class EventDetailAPI(_Events, ContentDetailView):
    output_serializer_class = EventOutputSerializer
    update_serializer_class = EventUpdateSerializer

    def content_update(
        self, *, access: GroupAccess, actor: User, content: Any, data: dict[str, Any]
    ) -> Event:
        services.event_update(actor=actor, event=content, **data)
        return selectors.event_get(access=access, viewer=actor, pk=content.pk)


@restore_schema(EventOutputSerializer, "events")
class EventRestoreAPI(_Events, ContentRestoreView):
    output_serializer_class = EventOutputSerializer


def _rsvp_body(*, event: Event, rsvp: Rsvp | None) -> dict[str, Any]:
    return {
        "event": event.pk,
        "status": rsvp.status if rsvp else None,
        "waiting_position": selectors.rsvp_waiting_position(rsvp=rsvp) if rsvp else None,
    }


class EventRsvpAPI(ContentAPIView):
    """The viewer's own answer to an event. Sending the same answer twice is harmless."""

    @extend_schema(
        tags=["events"], responses={200: RsvpOutputSerializer, 403: FORBIDDEN, 404: NOT_FOUND}
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        access = self.group_access(slug)
        event = selectors.event_get(access=access, viewer=request.user, pk=pk)
        rsvp = selectors.rsvp_of(event=event, viewer=request.user)
        return Response(_rsvp_body(event=event, rsvp=rsvp))

    @extend_schema(
        tags=["events"],
        request=RsvpInputSerializer,
        responses={200: RsvpOutputSerializer, 400: None, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        access = self.group_access(slug)
        event = selectors.event_get(access=access, viewer=request.user, pk=pk)
        serializer = RsvpInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answer = serializer.validated_data["status"]
        rsvp = services.rsvp_set(access=access, viewer=request.user, event=event, status=answer)
        return Response(_rsvp_body(event=event, rsvp=rsvp))

    put = post


def calendar_response(
    *, request: Request, slug: str, events: list[Event], name: str | None
) -> HttpResponse:
    host = request.get_host().split(":")[0]
    entries = [
        (
            event,
            request.build_absolute_uri(
                reverse("event-page", kwargs={"slug": slug, "pk": event.pk})
            ),
        )
        for event in events
    ]
    body = ical_calendar(events=entries, host=host, name=name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="events.ics"'
    return response


class EventIcalAPI(ContentAPIView):
    @extend_schema(tags=["events"], responses={200: ICAL, 403: FORBIDDEN, 404: NOT_FOUND})
    def get(self, request: Request, slug: str, pk: int) -> HttpResponse:
        access = self.group_access(slug)
        event = selectors.event_get(access=access, viewer=request.user, pk=pk)
        if event.deleted_at is not None:  # admins see it, calendars should not
            raise ContentNotFound(str(pk))
        return calendar_response(request=request, slug=slug, events=[event], name=None)


class GroupCalendarAPI(ContentAPIView):
    @extend_schema(tags=["events"], responses={200: ICAL, 403: FORBIDDEN, 404: NOT_FOUND})
    def get(self, request: Request, slug: str) -> HttpResponse:
        access = self.group_access(slug)
        events = list(selectors.event_list(access=access, viewer=request.user))
        return calendar_response(request=request, slug=slug, events=events, name=access.group.name)
