"""Themes: complete token sets with AA contrast, per-request template resolution with
fallback to the default theme, and one template cache per theme, not per organisation."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template import engines
from django.template.loader import render_to_string
from django.test import Client

from config.template_loaders import ThemeLoader, current_theme, theme_override
from config.themes import theme_names, theme_template_dirs, theme_tokens
from tenant_apps.site.contrast import contrast_ratio
from tenant_apps.site.validation import contrast_problems
from tenants.models import Organisation
from tenants.services import organisation_update
from tests.conftest import ALPHA_HOST, BETA_HOST, BaseOrganisations

THEMES = ["default", "gemeente", "rijk"]
TOKENS = {
    "color-primary",
    "color-primary-contrast",
    "color-secondary",
    "color-text",
    "color-background",
    "color-border",
    "color-focus",
    "color-focus-text",
    "header-background",
    "header-text",
    "nav-background",
    "nav-text",
    "footer-background",
    "footer-text",
    "font-family",
    "heading-font-family",
    "radius",
    "content-width",
}


def _colour(tokens: dict[str, str], name: str) -> str:
    """A token's colour, following var(--plein-...) to the token it names."""
    value = tokens[name]
    while value.startswith("var(--plein-"):
        value = tokens[value[len("var(--plein-") : -1]]
    return value


def test_there_are_three_themes() -> None:
    assert theme_names() == THEMES


@pytest.mark.parametrize("theme", THEMES)
def test_every_theme_defines_every_token_with_aa_contrast(theme: str) -> None:
    tokens = theme_tokens(theme)
    assert set(tokens) == TOKENS
    # the pairs the branding check covers pass with the theme's own colours
    assert contrast_problems(theme=theme, primary="", secondary="") == {}
    # and the fixed pairs of the header, the menu bar, the footer and the focus style too
    for background, text in [
        ("header-background", "header-text"),
        ("nav-background", "nav-text"),
        ("footer-background", "footer-text"),
        ("color-focus", "color-focus-text"),
        ("color-background", "color-text"),
    ]:
        ratio = contrast_ratio(_colour(tokens, background), _colour(tokens, text))
        assert ratio >= 4.5, (theme, background, text, ratio)
    # borders of inputs are visible against the page (WCAG 1.4.11: 3:1)
    assert contrast_ratio(tokens["color-border"], tokens["color-background"]) >= 3


def test_a_theme_falls_back_to_the_default_theme_then_the_apps() -> None:
    assert [path.parts[-2] for path in theme_template_dirs("gemeente")] == ["gemeente", "default"]
    assert [path.parts[-2] for path in theme_template_dirs("unknown")] == ["default"]
    with theme_override("rijk"):
        # rijk's own base.html, extending the default theme's
        page = render_to_string("site/forbidden.html")
        assert "themes/rijk/theme.css" in page and 'class="rijk-brand"' in page
        # a template only the default theme has
        assert "Site admins only" in page
        # an app template (Wagtail's admin), found after both themes
        assert engines["django"].engine.find_template("wagtailadmin/base.html")[0] is not None


def _theme_set(slug: str, theme: str) -> None:
    connection.set_schema_to_public()  # the registry is written from the public schema
    organisation_update(slug=slug, theme=theme)


@pytest.mark.parametrize("theme", THEMES)
def test_pages_render_in_each_theme(admin_client: Client, theme: str) -> None:
    # given alpha in the theme (set by the operator, as the branding's publish also does)
    _theme_set("alpha", theme)
    # then its pages use it, and beta's stay in the default theme
    for path in ["/groups/", "/search/", "/manage/branding/", "/notifications/"]:
        response = admin_client.get(path)
        assert response.status_code == 200, path
        assert f'data-theme="{theme}"' in response.text, path
        if theme != "default":
            assert f"themes/{theme}/theme.css" in response.text, path
    assert 'data-theme="default"' in Client(HTTP_HOST=BETA_HOST).get("/groups/").text


def test_the_template_cache_is_per_theme_not_per_organisation(orgs: BaseOrganisations) -> None:
    # given many organisations rendering pages, in all themes
    loader = next(
        loader
        for loader in engines["django"].engine.template_loaders
        if isinstance(loader, ThemeLoader)
    )
    for theme in THEMES:
        _theme_set("alpha", theme)
        _theme_set("beta", theme)
        for host in (ALPHA_HOST, BETA_HOST):
            assert Client(HTTP_HOST=host).get("/groups/").status_code == 200
    # then there is one cached loader per theme used, and no more
    assert set(loader._by_theme) <= set(THEMES)
    assert len(loader._by_theme) <= len(THEMES)


def test_outside_a_request_the_tenant_theme_or_the_default_is_used(
    orgs: BaseOrganisations,
) -> None:
    connection.set_schema_to_public()
    assert current_theme() == "default"
    _theme_set("alpha", "gemeente")
    connection.set_tenant(Organisation.objects.get(slug="alpha"))  # type: ignore[attr-defined]
    assert current_theme() == "gemeente"
    with theme_override("rijk"):
        assert current_theme() == "rijk"
    with theme_override("no-such-theme"):
        assert current_theme() == "default"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/static/plein/base.css", "text/css"),
        ("/static/themes/gemeente/theme.css", "text/css"),
        ("/static/themes/rijk/theme.css", "text/css"),
    ],
)
def test_every_themes_static_files_are_served_without_collectstatic(
    orgs: BaseOrganisations, path: str, content_type: str
) -> None:
    # WhiteNoise serves them straight from the theme folders (STATICFILES_DIRS) outside
    # production; a new organisation needs no static step at all.
    for host in (ALPHA_HOST, BETA_HOST):
        response = Client(HTTP_HOST=host).get(path)
        assert response.status_code == 200
        assert response["Content-Type"].startswith(content_type)
