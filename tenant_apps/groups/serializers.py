"""API shapes of groups. Input serializers only validate; the services decide."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from tenant_apps.groups.access import GroupAccess
from tenant_apps.groups.models import (
    Group,
    JoinPolicy,
    JoinRequest,
    Membership,
    Role,
    Visibility,
)
from tenant_apps.groups.services import MAX_TAG_LENGTH, MAX_TAGS


class GroupSerializer(serializers.ModelSerializer[Group]):
    tags = serializers.SerializerMethodField()

    class Meta:
        model = Group
        fields = [
            "slug",
            "name",
            "description",
            "visibility",
            "join_policy",
            "tags",
            "member_count",
            "last_activity_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_tags(self, group: Group) -> list[str]:
        # Sorted here, not in SQL, so the list's prefetch is used (a fixed query count).
        return sorted(tag.name for tag in group.tags.all())


class ViewerAccessSerializer(serializers.Serializer[GroupAccess]):
    role = serializers.CharField(allow_null=True)
    pending = serializers.BooleanField()
    is_member = serializers.BooleanField()
    can_read_content = serializers.BooleanField()
    can_write_content = serializers.BooleanField()
    can_admin = serializers.BooleanField()


class GroupDetailSerializer(GroupSerializer):
    welcome_message = serializers.SerializerMethodField()
    viewer = serializers.SerializerMethodField()

    class Meta(GroupSerializer.Meta):
        fields = [*GroupSerializer.Meta.fields, "welcome_message", "viewer"]
        read_only_fields = fields

    def _access(self) -> GroupAccess:
        access: GroupAccess = self.context["access"]
        return access

    def get_welcome_message(self, group: Group) -> str:
        # Addressed to members: not shown to who may not read the group's content.
        return group.welcome_message if self._access().can_read_content else ""

    def get_viewer(self, group: Group) -> dict[str, Any]:
        return dict(ViewerAccessSerializer(self._access()).data)


class GroupWriteSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=50_000)
    welcome_message = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    join_policy = serializers.ChoiceField(choices=JoinPolicy.choices, required=False)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=MAX_TAG_LENGTH),
        max_length=MAX_TAGS,
        required=False,
    )


class UserBriefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")
    username = serializers.CharField()


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    user = UserBriefSerializer()

    class Meta:
        model = Membership
        fields = ["user", "role", "joined_at"]
        read_only_fields = fields


class JoinRequestSerializer(serializers.ModelSerializer[JoinRequest]):
    user = UserBriefSerializer()

    class Meta:
        model = JoinRequest
        fields = [
            "id",
            "user",
            "message",
            "status",
            "decision_reason",
            "created_at",
            "decided_at",
        ]
        read_only_fields = fields


class JoinRequestCreateSerializer(serializers.Serializer[Any]):
    message = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class InvitationCreateSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField()
    role = serializers.ChoiceField(
        choices=[(Role.MEMBER.value, Role.MEMBER.label), (Role.ADMIN.value, Role.ADMIN.label)],
        default=Role.MEMBER,
    )


class InvitationSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    role = serializers.CharField()
    expires_at = serializers.DateTimeField()


class InvitationAcceptSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(max_length=200)


class RoleChangeSerializer(serializers.Serializer[Any]):
    role = serializers.ChoiceField(
        choices=[(Role.MEMBER.value, Role.MEMBER.label), (Role.ADMIN.value, Role.ADMIN.label)]
    )


class OwnershipTransferSerializer(serializers.Serializer[Any]):
    user_id = serializers.IntegerField(min_value=1)
