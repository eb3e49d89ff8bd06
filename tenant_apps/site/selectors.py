"""Reads about the current organisation's subsite, always within its own schema."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from wagtail.models import Page

from tenants.models import Organisation


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
