"""What a page needs of an organisation's branding: a frozen snapshot and its CSS tokens."""

from __future__ import annotations

from dataclasses import dataclass, field

from config.themes import theme_or_default, theme_tokens
from tenant_apps.site.contrast import HEX_COLOUR
from tenant_apps.site.fonts import FONT_STACKS
from tenant_apps.site.images import image_token
from tenant_apps.site.models import Branding, BrandingState


@dataclass(frozen=True, slots=True)
class MenuItem:
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class BrandingSnapshot:
    state: str
    theme: str  # the theme pages render in (a draft's choice, else the organisation's)
    color_primary: str = ""  # "" = the theme's own
    color_secondary: str = ""
    font: str = "theme"
    logo: str = ""  # name in the organisation's media storage
    favicon: str = ""
    menu: tuple[MenuItem, ...] = field(default_factory=tuple)
    footer_text: str = ""
    welcome_text: str = ""
    default_language: str = "nl"

    @property
    def is_draft(self) -> bool:
        return self.state == BrandingState.DRAFT

    @property
    def logo_url(self) -> str:
        return self._image_url("logo", self.logo)

    @property
    def favicon_url(self) -> str:
        return self._image_url("favicon", self.favicon)

    def _image_url(self, kind: str, name: str) -> str:
        if not name:
            return ""
        prefix = "/manage/branding/draft" if self.is_draft else "/branding"
        return f"{prefix}/{kind}/{image_token(name)}"

    def tokens(self) -> dict[str, str]:
        """The design tokens of this branding: the theme's, then the organisation's colours
        and font. Every value is re-checked here, so nothing but a colour or a vetted font
        stack can reach the page's <style> element, whatever is in the database."""
        tokens = dict(theme_tokens(self.theme))
        if HEX_COLOUR.match(self.color_primary):
            tokens["color-primary"] = self.color_primary
        if HEX_COLOUR.match(self.color_secondary):
            tokens["color-secondary"] = self.color_secondary
        if self.font in FONT_STACKS:
            tokens["font-family"] = FONT_STACKS[self.font]
        return tokens


def snapshot_of(branding: Branding, *, organisation_theme: str) -> BrandingSnapshot:
    theme = branding.theme if branding.state == BrandingState.DRAFT and branding.theme else ""
    menu = branding.menu if isinstance(branding.menu, list) else []
    return BrandingSnapshot(
        state=branding.state,
        theme=theme_or_default(theme or organisation_theme),
        color_primary=branding.color_primary,
        color_secondary=branding.color_secondary,
        font=branding.font,
        logo=branding.logo,
        favicon=branding.favicon,
        menu=tuple(
            MenuItem(label=str(item.get("label", "")), url=str(item.get("url", "")))
            for item in menu
            if isinstance(item, dict)
        ),
        footer_text=branding.footer_text,
        welcome_text=branding.welcome_text,
        default_language=branding.default_language,
    )
