"""The themes under themes/<name>/: their names, design tokens and template folders.

A theme is data plus a few templates: theme.toml (name, description, default design
tokens), templates/ that override those of the default theme, and static/ files. Any
template a theme lacks comes from the default theme, then from the apps.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language

from tenants.validation import available_themes

DEFAULT_THEME = "default"
# Token names and values are written into a <style> element: allow only what a design
# token needs, so even a careless theme.toml cannot end the rule or the element.
_TOKEN_NAME = re.compile(r"^[a-z][a-z0-9-]{0,40}$")
_TOKEN_VALUE = re.compile(r"^[A-Za-z0-9#%.,'\" ()-]{1,200}$")


def themes_root() -> Path:
    return Path(settings.BASE_DIR) / "themes"


def theme_names() -> list[str]:
    """Every theme, the default first."""
    names = sorted(available_themes())
    return [DEFAULT_THEME, *(name for name in names if name != DEFAULT_THEME)]


def theme_or_default(name: str | None) -> str:
    return name if name and name in available_themes() else DEFAULT_THEME


def theme_label(name: str) -> str:
    return str(available_themes().get(name, {}).get("name", name))


def theme_description(name: str) -> str:
    """The description in the active language (theme.toml: description, description_nl)."""
    theme = available_themes().get(name, {})
    localised = theme.get(f"description_{get_language()}")
    return str(localised or theme.get("description", ""))


@cache
def theme_tokens(name: str) -> dict[str, str]:
    """The theme's design tokens over the default theme's, each checked to be safe CSS."""
    tokens: dict[str, str] = {}
    for source in dict.fromkeys([DEFAULT_THEME, theme_or_default(name)]):
        raw = available_themes()[source].get("tokens", {})
        assert isinstance(raw, dict)
        for token, value in raw.items():
            if not _TOKEN_NAME.match(str(token)) or not _TOKEN_VALUE.match(str(value)):
                raise ValueError(f"Theme {source}: unsafe design token {token!r} = {value!r}")
            tokens[str(token)] = str(value)
    return tokens


def theme_template_dirs(name: str) -> list[Path]:
    """Where a theme's templates are looked for: its own folder, then the default theme's."""
    dirs = [themes_root() / theme_or_default(name) / "templates"]
    default = themes_root() / DEFAULT_THEME / "templates"
    return dirs if dirs[0] == default else [*dirs, default]
