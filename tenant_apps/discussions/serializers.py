"""API shapes of discussions, replies and news posts (input and output kept apart)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from tenant_apps.discussions.group_content_api import ContentOutputSerializer


class DiscussionOutputSerializer(ContentOutputSerializer):
    title = serializers.CharField(read_only=True)
    body = serializers.CharField(read_only=True, help_text="Sanitised HTML.")
    reply_count = serializers.IntegerField(read_only=True)
    last_reply_at = serializers.DateTimeField(read_only=True, allow_null=True)


class DiscussionInputSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(help_text="HTML; unsafe markup is removed.")


class ReplyOutputSerializer(ContentOutputSerializer):
    discussion = serializers.IntegerField(source="discussion_id", read_only=True)
    body = serializers.CharField(read_only=True, help_text="Sanitised HTML.")


class ReplyInputSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(help_text="HTML; unsafe markup is removed.")


class NewsPostOutputSerializer(ContentOutputSerializer):
    title = serializers.CharField(read_only=True)
    body = serializers.CharField(read_only=True, help_text="Sanitised HTML.")


NewsPostInputSerializer = DiscussionInputSerializer
