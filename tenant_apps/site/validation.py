"""Checks on branding input: one readable message per problem, keyed by field.

Colours must keep WCAG 2.1 AA contrast (4.5:1 for text) in every place the theme uses
them; the message names the pair, its ratio and the ratio needed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from config.themes import theme_names, theme_or_default, theme_tokens
from tenant_apps.site.contrast import AA_TEXT, HEX_COLOUR, contrast_ratio
from tenant_apps.site.fonts import FONT_LABELS
from tenant_apps.site.models import Language

MENU_MAX_ITEMS = 8
MENU_LABEL_MAX = 40
MENU_URL_MAX = 300
FOOTER_MAX = 1000
WELCOME_MAX = 2000
# No control characters, spaces or backslashes: browsers "repair" those in surprising ways.
_URL_SAFE = re.compile(r"^[^\s\\\x00-\x1f\x7f]+$")

Problems = dict[str, list[str]]


@dataclass(frozen=True, slots=True)
class Colours:
    primary: str
    secondary: str


def effective_colours(*, theme: str, primary: str, secondary: str) -> Colours:
    tokens = theme_tokens(theme_or_default(theme))
    return Colours(
        primary=primary or tokens["color-primary"], secondary=secondary or tokens["color-secondary"]
    )


def _ratio_text(ratio: float) -> str:
    # Rounded down: a pair at 4.497:1 must not read as "4.50:1" in a refusal.
    return f"{math.floor(ratio * 100) / 100:.2f}"


def _colour_name(colour: str) -> str:
    names = {"#ffffff": _("white"), "#000000": _("black")}
    return str(names.get(colour, colour))


def contrast_problems(*, theme: str, primary: str, secondary: str) -> Problems:
    """Every pair the theme draws with these colours that fails AA, as messages."""
    tokens = theme_tokens(theme_or_default(theme))
    colours = effective_colours(theme=theme, primary=primary, secondary=secondary)
    on_primary = tokens["color-primary-contrast"]
    text, background = tokens["color-text"], tokens["color-background"]
    problems: Problems = {}

    def check(field: str, ratio: float, message: str, values: dict[str, str]) -> None:
        if ratio < AA_TEXT:
            values = {**values, "ratio": _ratio_text(ratio), "needed": f"{AA_TEXT:g}"}
            problems.setdefault(field, []).append(message % values)

    check(
        "color_primary",
        contrast_ratio(colours.primary, on_primary),
        _(
            "Primary colour %(colour)s with %(text)s text has contrast %(ratio)s:1; "
            "at least %(needed)s:1 is needed."
        ),
        {"colour": colours.primary, "text": _colour_name(on_primary)},
    )
    check(
        "color_primary",
        contrast_ratio(colours.primary, background),
        _(
            "Primary colour %(colour)s as link text on the page background (%(background)s) "
            "has contrast %(ratio)s:1; at least %(needed)s:1 is needed."
        ),
        {"colour": colours.primary, "background": _colour_name(background)},
    )
    check(
        "color_secondary",
        contrast_ratio(text, colours.secondary),
        _(
            "Text colour %(text)s on secondary colour %(colour)s has contrast %(ratio)s:1; "
            "at least %(needed)s:1 is needed."
        ),
        {"colour": colours.secondary, "text": text},
    )
    check(
        "color_secondary",
        contrast_ratio(colours.primary, colours.secondary),
        _(
            "Primary colour %(primary)s as link text on secondary colour %(colour)s has "
            "contrast %(ratio)s:1; at least %(needed)s:1 is needed."
        ),
        {"colour": colours.secondary, "primary": colours.primary},
    )
    return problems


def menu_problems(menu: object) -> list[str]:
    if not isinstance(menu, list):
        return [_("The menu must be a list of items with a label and a URL.")]
    if len(menu) > MENU_MAX_ITEMS:
        return [_("The menu can have at most %(max)d items.") % {"max": MENU_MAX_ITEMS}]
    problems: list[str] = []
    for number, item in enumerate(menu, start=1):
        if not isinstance(item, dict) or set(item) != {"label", "url"}:
            problems.append(_("Menu item %(n)d needs exactly a label and a URL.") % {"n": number})
            continue
        label, url = item["label"], item["url"]
        if not isinstance(label, str) or not label.strip() or len(label) > MENU_LABEL_MAX:
            problems.append(
                _("Menu item %(n)d needs a label of 1 to %(max)d characters.")
                % {"n": number, "max": MENU_LABEL_MAX}
            )
        if not isinstance(url, str) or not menu_url_is_safe(url):
            problems.append(
                _(
                    "Menu item %(n)d: the URL must be a path on this site (starting with /) "
                    "or an https:// address."
                )
                % {"n": number}
            )
    return problems


def menu_url_is_safe(url: str) -> bool:
    if not url or len(url) > MENU_URL_MAX or not _URL_SAFE.match(url):
        return False
    if url.startswith("/"):
        # "//host" would leave the site while looking like a path.
        return not url.startswith("//")
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.hostname) and "@" not in parts.netloc


def branding_problems(
    *,
    theme: str,
    color_primary: str,
    color_secondary: str,
    font: str,
    menu: object,
    footer_text: str,
    welcome_text: str,
    default_language: str,
) -> Problems:
    """All problems of a complete branding; colours must already be normalised."""
    problems: Problems = {}
    if theme and theme not in theme_names():
        problems["theme"] = [
            _("Unknown theme '%(theme)s'; choose one of: %(themes)s.")
            % {"theme": theme, "themes": ", ".join(theme_names())}
        ]
    for field, colour in (("color_primary", color_primary), ("color_secondary", color_secondary)):
        if colour and not HEX_COLOUR.match(colour):
            problems[field] = [
                _("Give a colour as #rrggbb (for example #1f4e79), not '%(value)s'.")
                % {"value": colour[:20]}
            ]
    if "color_primary" not in problems and "color_secondary" not in problems:
        problems.update(
            contrast_problems(theme=theme, primary=color_primary, secondary=color_secondary)
        )
    if font not in FONT_LABELS:
        problems["font"] = [
            _("Unknown font '%(font)s'; choose one of: %(fonts)s.")
            % {"font": font[:40], "fonts": ", ".join(FONT_LABELS)}
        ]
    if menu_messages := menu_problems(menu):
        problems["menu"] = menu_messages
    if len(footer_text) > FOOTER_MAX:
        problems["footer_text"] = [_("At most %(max)d characters.") % {"max": FOOTER_MAX}]
    if len(welcome_text) > WELCOME_MAX:
        problems["welcome_text"] = [_("At most %(max)d characters.") % {"max": WELCOME_MAX}]
    if default_language not in Language.values:
        problems["default_language"] = [
            _("Choose one of: %(languages)s.") % {"languages": ", ".join(Language.values)}
        ]
    return problems
