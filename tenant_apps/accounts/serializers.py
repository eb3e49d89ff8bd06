"""Serializers of the access API: shapes only, the rules are in services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from tenant_apps.accounts.models import AccessCode, AccessMode, AccessRequest, SiteAccessPolicy


class AccessPolicySerializer(serializers.ModelSerializer[SiteAccessPolicy]):
    email_domains = serializers.ListField(
        child=serializers.CharField(max_length=253), max_length=200, source="domain_list"
    )

    class Meta:
        model = SiteAccessPolicy
        fields = ["mode", "codes_enabled", "requests_enabled", "email_domains", "updated_at"]
        read_only_fields = ["updated_at"]


class AccessPolicyWriteSerializer(serializers.Serializer[Any]):
    mode = serializers.ChoiceField(choices=AccessMode.choices)
    codes_enabled = serializers.BooleanField()
    requests_enabled = serializers.BooleanField()
    email_domains = serializers.ListField(
        child=serializers.CharField(max_length=253), max_length=200, required=False, default=list
    )


class AccessCodeSerializer(serializers.ModelSerializer[AccessCode]):
    class Meta:
        model = AccessCode
        fields = ["id", "label", "max_uses", "uses", "expires_at", "revoked_at", "created_at"]


class AccessCodeCreateSerializer(serializers.Serializer[Any]):
    label = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)  # type: ignore[assignment]
    max_uses = serializers.IntegerField(min_value=1, max_value=10_000, default=1)
    expires_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class NewAccessCodeSerializer(AccessCodeSerializer):
    code = serializers.CharField(read_only=True, help_text="Shown only once.")

    class Meta(AccessCodeSerializer.Meta):
        fields = [*AccessCodeSerializer.Meta.fields, "code"]


class AccessRequestSerializer(serializers.ModelSerializer[AccessRequest]):
    class Meta:
        model = AccessRequest
        fields = ["id", "name", "email", "message", "status", "created_at", "decided_at"]
