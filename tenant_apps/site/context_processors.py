"""The branding of the page's organisation, for base.html: the published one, or the
draft for a site admin who previews it (tenant_apps/site/middleware.py)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from config.template_loaders import current_theme
from tenant_apps.site.branding import BrandingSnapshot
from tenant_apps.site.models import BrandingState
from tenant_apps.site.selectors import branding_published


def branding(request: HttpRequest) -> dict[str, object]:
    snapshot: BrandingSnapshot | None = getattr(request, "branding", None)
    organisation = getattr(request, "tenant", None)
    if snapshot is None:
        snapshot = (
            branding_published(organisation=organisation)
            if organisation is not None
            else BrandingSnapshot(state=BrandingState.PUBLISHED, theme=current_theme())
        )
    return {"branding": snapshot, "design_tokens_css": design_tokens_css(snapshot)}


def design_tokens_css(snapshot: BrandingSnapshot) -> SafeString:
    # Safe to mark: BrandingSnapshot.tokens() lets through only checked token names,
    # #rrggbb colours, vetted font stacks and theme.toml values checked in config.themes.
    declarations = "".join(f"--plein-{name}:{value};" for name, value in snapshot.tokens().items())
    return mark_safe(f":root{{{declarations}}}")
