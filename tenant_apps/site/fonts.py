"""The vetted fonts: system font stacks only, so no page ever downloads a font."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

THEME_FONT = "theme"

# Stacks after modernfontstacks.com (CC0): each ends in a generic family every device has.
FONT_STACKS: dict[str, str] = {
    "system-ui": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
    "humanist": "Seravek, 'Gill Sans Nova', Ubuntu, Calibri, 'DejaVu Sans', sans-serif",
    "geometric": "Avenir, Montserrat, Corbel, 'URW Gothic', sans-serif",
    "verdana": "Verdana, 'DejaVu Sans', 'Bitstream Vera Sans', Geneva, sans-serif",
    "transitional": "Charter, 'Bitstream Charter', 'Sitka Text', Cambria, serif",
}

FONT_LABELS: dict[str, Promise] = {
    THEME_FONT: _("The theme's font"),
    "system-ui": _("System font (the device's own)"),
    "humanist": _("Humanist sans-serif"),
    "geometric": _("Geometric sans-serif"),
    "verdana": _("Verdana (wide, very legible)"),
    "transitional": _("Serif"),
}


def font_choices() -> list[tuple[str, Promise]]:
    return list(FONT_LABELS.items())
