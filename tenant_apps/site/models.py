"""The organisation's branding: one draft and one published version, in its own schema.

The published theme itself is kept on the organisation in the public registry
(tenants.Organisation.theme), which every process holds in memory: the template loader
picks it without SQL. A draft's `theme` is the theme chosen for the next publication
("" keeps the current one).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BrandingState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Language(models.TextChoices):
    DUTCH = "nl", "Nederlands"
    ENGLISH = "en", "English"


class Branding(models.Model):
    state = models.CharField(_("state"), max_length=10, choices=BrandingState.choices, unique=True)
    theme = models.SlugField(_("theme"), max_length=50, blank=True)
    # "" means the theme's own colour; otherwise a lowercase #rrggbb checked for contrast.
    color_primary = models.CharField(_("primary colour"), max_length=7, blank=True)
    color_secondary = models.CharField(_("secondary colour"), max_length=7, blank=True)
    font = models.CharField(_("font"), max_length=20, default="theme")
    # Names in the organisation's media storage (tenant_apps/site/images.py).
    logo = models.CharField(_("logo"), max_length=200, blank=True)
    favicon = models.CharField(_("favicon"), max_length=200, blank=True)
    # [{"label": "...", "url": "/path" or "https://..."}], checked by branding_problems.
    menu = models.JSONField(_("menu"), default=list, blank=True)
    footer_text = models.TextField(_("footer text"), max_length=1000, blank=True)
    welcome_text = models.TextField(_("welcome text"), max_length=2000, blank=True)
    default_language = models.CharField(
        _("default language"), max_length=5, choices=Language.choices, default=Language.DUTCH
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("branding")

    def __str__(self) -> str:
        return f"branding ({self.state})"


# What a draft hands to the published version (and back, when a draft is discarded).
BRANDING_FIELDS = (
    "theme",
    "color_primary",
    "color_secondary",
    "font",
    "logo",
    "favicon",
    "menu",
    "footer_text",
    "welcome_text",
    "default_language",
)
