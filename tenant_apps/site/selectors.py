"""Reads about the current organisation's subsite, always within its own schema."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from wagtail.models import Page

from config.themes import theme_or_default
from tenant_apps.site.branding import BrandingSnapshot, snapshot_of
from tenant_apps.site.models import Branding, BrandingState
from tenants.models import Organisation
from tenants.services import organisation_url


@dataclass(frozen=True, slots=True)
class SiteSummary:
    name: str
    slug: str
    kind: str
    members: int
    pages: int


def site_summary(*, organisation: Organisation) -> SiteSummary:
    # The search_path is the organisation's schema: these counts cannot see another's rows.
    return SiteSummary(
        name=organisation.name,
        slug=organisation.slug,
        kind=organisation.kind,
        members=get_user_model().objects.filter(is_active=True).count(),
        pages=Page.objects.filter(depth__gt=1).count(),
    )


# Published branding per schema, with the organisation's (pk, updated_at) it was read
# under. Publishing saves the organisation, which moves updated_at and bumps the routing
# version, so every process sees a new stamp in its host map and reads again; until then
# a page costs no SQL for its branding.
_published: dict[str, tuple[tuple[int, str], BrandingSnapshot]] = {}
_published_lock = threading.Lock()


def branding_published(*, organisation: Organisation) -> BrandingSnapshot:
    """The published branding of the organisation whose schema is active."""
    if organisation.is_hub:
        # The hub (public schema) has no branding rows: its theme, with the theme's tokens.
        return BrandingSnapshot(
            state=BrandingState.PUBLISHED, theme=theme_or_default(organisation.theme)
        )
    stamp = (int(organisation.pk), organisation.updated_at.isoformat())
    cached = _published.get(organisation.schema_name)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    row = Branding.objects.filter(state=BrandingState.PUBLISHED).first()
    snapshot = (
        snapshot_of(row, organisation_theme=organisation.theme)
        if row is not None
        else BrandingSnapshot(
            state=BrandingState.PUBLISHED, theme=theme_or_default(organisation.theme)
        )
    )
    with _published_lock:
        _published[organisation.schema_name] = (stamp, snapshot)
    return snapshot


def branding_cache_reset() -> None:
    """Forget every cached published branding of this process (tests, scripts)."""
    with _published_lock:
        _published.clear()


def branding_draft(*, organisation: Organisation) -> BrandingSnapshot:
    return snapshot_of(branding_draft_row(), organisation_theme=organisation.theme)


def branding_draft_row() -> Branding:
    # Both rows come with every schema (data migration, carried by the template schema).
    return Branding.objects.get(state=BrandingState.DRAFT)


def organisation_logo_url(*, organisation: Organisation) -> str:
    """An absolute, stable address of the organisation's published logo, for pages of
    other sites (the hub's directory): it answers with the logo, or with a neutral
    placeholder when there is none, so no caller needs to read the organisation's schema."""
    return logo_url_on(site_url=organisation_url(organisation.primary_domain_name()))


def logo_url_on(*, site_url: str) -> str:
    """The logo's address on a subsite whose base URL (ending in "/") is known."""
    return site_url + "branding/logo"
