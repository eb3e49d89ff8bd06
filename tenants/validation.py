"""Checks on organisation input, returning one readable message per field."""

from __future__ import annotations

import re
import tomllib
from functools import cache

from django.conf import settings

from tenants.models import OrganisationKind

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
SLUG_MAX_LENGTH = 50
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
RESERVED_SLUGS = frozenset({"public", "template", "hub", "www", "admin", "api", "operator"})


def slug_problem(slug: str) -> str | None:
    if not slug:
        return "A slug is required."
    if len(slug) > SLUG_MAX_LENGTH:
        return f"At most {SLUG_MAX_LENGTH} characters (got {len(slug)})."
    if not SLUG_PATTERN.match(slug):
        return (
            "Use lowercase letters, digits and single hyphens, starting with a letter "
            "(for example 'gemeente-utrecht')."
        )
    if slug in RESERVED_SLUGS:
        return f"'{slug}' is reserved."
    return None


def domain_problem(domain: str) -> str | None:
    if not domain:
        return "A domain is required."
    if len(domain) > 253:
        return "A domain has at most 253 characters."
    if ":" in domain or "/" in domain:
        return "Give a bare host name without scheme, port or path (for example 'utrecht.nl')."
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        return (
            f"'{domain}' is not a valid host name: use letters, digits, hyphens and dots, "
            "with at least one dot (for example 'utrecht.localhost')."
        )
    if domain == settings.PLEIN_HUB_DOMAIN:
        return "That is the hub's domain."
    return None


def kind_problem(kind: str) -> str | None:
    if kind not in OrganisationKind.values:
        return f"Unknown kind '{kind}'; choose one of: {', '.join(OrganisationKind.values)}."
    return None


def theme_problem(theme: str) -> str | None:
    themes = available_themes()
    if theme not in themes:
        return f"Unknown theme '{theme}'; available: {', '.join(sorted(themes))}."
    return None


def name_problem(name: str) -> str | None:
    if not name.strip():
        return "A name is required."
    if len(name) > 200:
        return "At most 200 characters."
    return None


@cache
def available_themes() -> dict[str, dict[str, object]]:
    """Themes found under themes/<slug>/theme.toml, by slug."""
    found: dict[str, dict[str, object]] = {}
    for toml_file in sorted((settings.BASE_DIR / "themes").glob("*/theme.toml")):
        with toml_file.open("rb") as handle:
            found[toml_file.parent.name] = tomllib.load(handle)
    return found


def host_is_well_formed(host: str) -> bool:
    """A host name made of valid DNS labels (or an IPv4 address); anything else is a 400."""
    if not host or len(host) > 253:
        return False
    return all(_LABEL.match(label) for label in host.split("."))


def normalise_domain(domain: str) -> str:
    return domain.strip().rstrip(".").lower()
