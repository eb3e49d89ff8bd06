"""API shapes of folders and files."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from tenant_apps.discussions.group_content_api import ContentOutputSerializer


class FolderOutputSerializer(ContentOutputSerializer):
    name = serializers.CharField(read_only=True)
    # The stubs know Field.parent (the enclosing serializer); a declared field of that
    # name is fine at run time, the metaclass moves it into _declared_fields.
    parent = serializers.IntegerField(  # type: ignore[assignment]
        source="parent_id", read_only=True, allow_null=True
    )


class FolderInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    parent = serializers.IntegerField(  # type: ignore[assignment]
        required=False, allow_null=True, default=None
    )


class FolderUpdateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)


class StoredFileOutputSerializer(ContentOutputSerializer):
    name = serializers.CharField(read_only=True)
    folder = serializers.IntegerField(source="folder_id", read_only=True, allow_null=True)
    content_type = serializers.CharField(read_only=True, help_text="Sniffed from the bytes.")
    size_bytes = serializers.IntegerField(read_only=True)


class StoredFileInputSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()
    folder = serializers.IntegerField(required=False, allow_null=True, default=None)
    name = serializers.CharField(
        max_length=255,
        required=False,
        allow_blank=True,
        default="",
        help_text="Default: the upload's name.",
    )


class StoredFileUpdateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=255, required=False)
    folder = serializers.IntegerField(
        required=False, allow_null=True, help_text="Move to this folder; null: top level."
    )
