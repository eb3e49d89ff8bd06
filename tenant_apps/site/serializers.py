"""Branding in and out of the API."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from config.themes import theme_label
from tenant_apps.site.branding import BrandingSnapshot
from tenant_apps.site.services import EDITABLE_FIELDS, ImageChange


class MenuItemSerializer(serializers.Serializer[Any]):
    # The stubs type Field.label and .url; as declared fields these names are the data's.
    label = serializers.CharField()  # type: ignore[assignment]
    url = serializers.CharField()


class BrandingSerializer(serializers.Serializer[BrandingSnapshot]):
    theme = serializers.CharField()
    theme_name = serializers.SerializerMethodField()
    color_primary = serializers.CharField(help_text='"" means the theme\'s own colour.')
    color_secondary = serializers.CharField(help_text='"" means the theme\'s own colour.')
    font = serializers.CharField()
    logo_url = serializers.SerializerMethodField()
    favicon_url = serializers.SerializerMethodField()
    menu = MenuItemSerializer(many=True)
    footer_text = serializers.CharField()
    welcome_text = serializers.CharField()
    default_language = serializers.CharField()
    tokens = serializers.SerializerMethodField(
        help_text="The design tokens pages render with, as CSS custom properties --plein-<name>."
    )

    def get_theme_name(self, snapshot: BrandingSnapshot) -> str:
        return theme_label(snapshot.theme)

    def get_logo_url(self, snapshot: BrandingSnapshot) -> str:
        return self._absolute(snapshot.logo_url)

    def get_favicon_url(self, snapshot: BrandingSnapshot) -> str:
        return self._absolute(snapshot.favicon_url)

    def get_tokens(self, snapshot: BrandingSnapshot) -> dict[str, str]:
        return snapshot.tokens()

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if path and request is not None else path


class BrandingWriteSerializer(serializers.Serializer[Any]):
    """Any subset of the fields; every value is checked by the branding service."""

    theme = serializers.CharField(required=False, allow_blank=True)
    color_primary = serializers.CharField(
        required=False, allow_blank=True, help_text='#rrggbb, or "" for the theme\'s own colour.'
    )
    color_secondary = serializers.CharField(
        required=False, allow_blank=True, help_text='#rrggbb, or "" for the theme\'s own colour.'
    )
    font = serializers.CharField(required=False)
    menu = serializers.JSONField(
        required=False, help_text='A list of {"label": ..., "url": "/path" or "https://..."}.'
    )
    footer_text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    welcome_text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    default_language = serializers.CharField(required=False)
    logo = serializers.FileField(
        required=False, allow_null=True, help_text="PNG, JPEG or WebP; null removes it."
    )
    favicon = serializers.FileField(
        required=False, allow_null=True, help_text="PNG, JPEG or WebP; null removes it."
    )

    def changes(self) -> tuple[dict[str, object], tuple[ImageChange, ...]]:
        data = dict(self.validated_data)
        changes = {name: data[name] for name in EDITABLE_FIELDS if name in data}
        images = tuple(
            ImageChange(kind=kind, upload=data[kind])
            for kind in ("logo", "favicon")
            if kind in data
        )
        return changes, images
