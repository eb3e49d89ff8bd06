"""What the activity and notification API sends and accepts."""

from __future__ import annotations

from rest_framework import serializers

from tenant_apps.accounts.models import User
from tenant_apps.activity.models import Activity, DeliveryMode, Notification
from tenant_apps.groups.models import Group


class GroupRefSerializer(serializers.ModelSerializer[Group]):
    class Meta:
        model = Group
        fields = ["slug", "name"]


class ActorSerializer(serializers.ModelSerializer[User]):
    name = serializers.CharField(source="__str__")

    class Meta:
        model = User
        fields = ["id", "name"]


class ActivitySerializer(serializers.ModelSerializer[Activity]):
    group = GroupRefSerializer()
    actor = ActorSerializer(allow_null=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "verb",
            "target_type",
            "target_id",
            "summary",
            "created_at",
            "group",
            "actor",
        ]


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    activity = ActivitySerializer()
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "activity", "created_at", "read_at", "is_read"]

    def get_is_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


class UnreadCountSerializer(serializers.Serializer[dict[str, int]]):
    unread = serializers.IntegerField()


class MarkedSerializer(serializers.Serializer[dict[str, int]]):
    marked = serializers.IntegerField()


class PreferenceSerializer(serializers.Serializer[dict[str, str]]):
    email = serializers.ChoiceField(
        choices=DeliveryMode.choices,
        help_text="How notifications reach you by e-mail: instant, daily (a digest) or off.",
    )
