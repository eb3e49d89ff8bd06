"""API shapes of groups. Input serializers only validate; the services decide."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tenant_apps.groups.access import GroupAccess
from tenant_apps.groups.models import (
    Group,
    Invitation,
    JoinPolicy,
    JoinRequest,
    Membership,
    Role,
    Visibility,
)
from tenant_apps.groups.services import MAX_TAG_LENGTH, MAX_TAGS


def cover_path(group: Group) -> str | None:
    """Where the cover is served (through the group's access check), or None; the version
    changes with the file, so caches never show an old picture."""
    if not group.cover:
        return None
    version = (group.cover.name or "").rsplit("/", 1)[-1].split(".", 1)[0]
    return f"/api/v1/groups/{group.slug}/cover/?v={version}"


@extend_schema_field({"type": "string", "format": "binary"})
class CoverUploadField(serializers.FileField):
    """An uploaded cover: described as binary (sent as multipart), not as a URL."""


class GroupSerializer(serializers.ModelSerializer[Group]):
    tags = serializers.SerializerMethodField()
    cover_url = serializers.SerializerMethodField()

    class Meta:
        model = Group
        fields = [
            "slug",
            "name",
            "description",
            "visibility",
            "join_policy",
            "tags",
            "cover_url",
            "member_count",
            "last_activity_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_tags(self, group: Group) -> list[str]:
        # Sorted here, not in SQL, so the list's prefetch is used (a fixed query count).
        return sorted(tag.name for tag in group.tags.all())

    def get_cover_url(self, group: Group) -> str | None:
        return cover_path(group)


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
    # A plain file: the services sniff and check it (JPEG, PNG or WebP, at most 5 MB).
    cover = CoverUploadField(required=False, help_text="JPEG, PNG or WebP, at most 5 MB")


class CoverSerializer(serializers.Serializer[Any]):
    cover = CoverUploadField(help_text="JPEG, PNG or WebP, at most 5 MB")


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


class PendingInvitationSerializer(serializers.ModelSerializer[Invitation]):
    invited_by = UserBriefSerializer(allow_null=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "invited_by", "created_at", "expires_at"]
        read_only_fields = fields


class InvitationAcceptSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(max_length=200)


class RoleChangeSerializer(serializers.Serializer[Any]):
    role = serializers.ChoiceField(
        choices=[(Role.MEMBER.value, Role.MEMBER.label), (Role.ADMIN.value, Role.ADMIN.label)]
    )


class OwnershipTransferSerializer(serializers.Serializer[Any]):
    user_id = serializers.IntegerField(min_value=1)
