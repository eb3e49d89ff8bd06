"""API shapes of events and RSVPs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rest_framework import serializers

from tenant_apps.discussions.group_content_api import ContentOutputSerializer
from tenant_apps.events.models import RsvpStatus
from tenant_apps.events.services import ANSWERS


class ZonedDateTimeField(serializers.DateTimeField):
    """ISO 8601; a time without an offset is left naive so that the service reads it in
    the event's own time zone rather than the server's."""

    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None:
            return value
        return super().enforce_timezone(value)


class UtcDateTimeField(serializers.DateTimeField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(default_timezone=dt.UTC, read_only=True, **kwargs)


class EventOutputSerializer(ContentOutputSerializer):
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True, help_text="Sanitised HTML.")
    starts_at = UtcDateTimeField(help_text="UTC.")
    ends_at = UtcDateTimeField(help_text="UTC.")
    time_zone = serializers.CharField(read_only=True, help_text="IANA zone of the event.")
    location = serializers.CharField(read_only=True)
    online_url = serializers.CharField(read_only=True)
    capacity = serializers.IntegerField(read_only=True, allow_null=True)
    attending_count = serializers.IntegerField(read_only=True)
    waiting_count = serializers.IntegerField(read_only=True)
    my_rsvp = serializers.ChoiceField(choices=RsvpStatus.choices, read_only=True, allow_null=True)


class EventInputSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    starts_at = ZonedDateTimeField(help_text="ISO 8601, e.g. 2027-03-01T10:00:00+01:00.")
    ends_at = ZonedDateTimeField(help_text="ISO 8601; not before starts_at.")
    time_zone = serializers.CharField(max_length=64, default="Europe/Amsterdam")
    location = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    online_url = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    capacity = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, default=None, help_text="Empty: no limit."
    )


class EventUpdateSerializer(EventInputSerializer):
    """The same fields, none required and without defaults (only what is sent changes)."""

    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    starts_at = ZonedDateTimeField(required=False)
    ends_at = ZonedDateTimeField(required=False)
    time_zone = serializers.CharField(max_length=64, required=False)
    location = serializers.CharField(max_length=300, required=False, allow_blank=True)
    online_url = serializers.CharField(max_length=200, required=False, allow_blank=True)
    capacity = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class RsvpInputSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=[(answer.value, answer.label) for answer in ANSWERS])


class RsvpOutputSerializer(serializers.Serializer[Any]):
    event = serializers.IntegerField()
    status = serializers.ChoiceField(choices=RsvpStatus.choices, allow_null=True)
    waiting_position = serializers.IntegerField(
        allow_null=True, help_text="1 for the first in line; null when not waiting."
    )
