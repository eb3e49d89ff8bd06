"""Accessibility in a real browser: axe-core (axe-playwright-python, which carries
axe.min.js) in Debian's chromium over the main pages of the hub and a subsite in every
theme, failing on any serious or critical violation; and the keyboard: Tab from the top
of a page reaches the skip link first, and Enter moves the focus to the main content.

The pages are served by gunicorn on the committed test database (tests/e2e/live.py). The
site admin, and the operator, are logged in by a session cookie made with Django's test
client, not through the SSO flow (tests/e2e/test_sso_browser.py covers that). The e2e
suite also saves screenshots of every theme into tests/e2e/screenshots/ (git-ignored).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings

from tenant_apps.accounts.models import User
from tenant_apps.accounts.oidc.silent import TRIED_COOKIE
from tenant_apps.cms.models import ContentPage, HomePage
from tenant_apps.groups import services as group_services
from tenant_apps.site.services import ImageChange, branding_draft_update, branding_publish
from tenants.db import tenant_connection
from tenants.models import Organisation
from tenants.services import organisation_create
from tests.benchmarks.common import free_port
from tests.conftest import HUB_HOST, BaseOrganisations
from tests.e2e.live import SCREENSHOTS, TIMEOUT_MS, LiveServer, chromium, live_gunicorn
from tests.factories import UserFactory
from tests.uploads import image_bytes, upload

THEMES = ("default", "gemeente", "rijk")
BLOCKING_IMPACTS = frozenset({"serious", "critical"})


@dataclass
class ThemedSite:
    theme: str
    organisation: Organisation
    domain: str
    group_slug: str
    content_path: str
    admin_session: str


@dataclass
class Fleet:
    port: int
    sites: dict[str, ThemedSite] = field(default_factory=dict)
    operator_session: str = ""


def _session_cookie(*, host: str, user: User) -> str:
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    return str(client.cookies[settings.SESSION_COOKIE_NAME].value)


def _themed_site(theme: str) -> ThemedSite:
    slug = f"a11y-{theme}"
    domain = f"{slug}.localhost"
    organisation = organisation_create(
        name=f"Gemeente {theme.title()}stad", domain=domain, slug=slug, kind="municipality",
        theme=theme,
    ).organisation  # fmt: skip
    tenant_connection().set_tenant(organisation)
    try:
        admin: User = UserFactory(username=f"{slug}-admin", is_staff=True)
        group = group_services.group_create(
            actor=admin,
            name="Wijkaanpak en leefbaarheid",
            description="<p>Samen werken aan een veilige en prettige wijk.</p>",
            tags=["wijk"],
        )
        home = HomePage.objects.get(depth=2)
        content = home.add_child(
            instance=ContentPage(title="Over deze site", slug="over", intro="Wie wij zijn.")
        )
        # A branding that uses every part of the page: logo, menu, footer, welcome text.
        branding_draft_update(
            actor=admin,
            organisation=organisation,
            changes={
                "menu": [
                    {"label": "Over deze site", "url": "/over/"},
                    {"label": "Rijksoverheid", "url": "https://www.rijksoverheid.nl/"},
                ],
                "footer_text": "Postbus 1, 1234 AB Voorbeeldstad",
                "welcome_text": "Welkom op het plein van onze gemeente.",
            },
            images=(ImageChange(kind="logo", upload=upload(image_bytes("PNG", (160, 48)))),),
        )
        branding_publish(actor=admin, organisation=organisation)
        session = _session_cookie(host=domain, user=admin)
    finally:
        connection.set_schema_to_public()
    return ThemedSite(
        theme=theme,
        organisation=organisation,
        domain=domain,
        group_slug=group.slug,
        content_path=f"/{content.slug}/",
        admin_session=session,
    )


def _hub_theme_set(theme: str) -> None:
    # No service changes the hub's theme (operators change organisations'); saving the
    # row bumps the routing version, so the live server's workers see it on their next
    # request.
    hub = Organisation.objects.get(schema_name="public")
    hub.theme = theme
    hub.save(update_fields=["theme"])


@pytest.fixture
def fleet(committed: BaseOrganisations) -> Iterator[Fleet]:
    """One organisation per theme (deleted afterwards by `committed`) and an operator."""
    port = free_port()
    result = Fleet(port=port)
    with override_settings(PLEIN_URL_PORT=port):
        for theme in THEMES:
            result.sites[theme] = _themed_site(theme)
    operator: User = UserFactory(username="a11y-operator", is_staff=True)
    result.operator_session = _session_cookie(host=HUB_HOST, user=operator)
    try:
        yield result
    finally:
        connection.set_schema_to_public()
        # The operator stays, as the operators' live tests leave theirs: deleting a user in
        # the public schema would cascade to Wagtail tables that only tenant schemas have.
        _hub_theme_set("default")


@pytest.fixture
def server(fleet: Fleet) -> Iterator[LiveServer]:
    log = SCREENSHOTS / "a11y-server.log"
    with live_gunicorn(port=fleet.port, log=log, ready_host=HUB_HOST) as live:
        yield live


def _cookies(fleet: Fleet, *, as_admin: bool) -> list[dict[str, Any]]:
    """The silent-login check marked as done (so pages answer at once), and the sessions
    of the site admins and the operator when asked for."""
    cookies: list[dict[str, Any]] = []
    hosts = [HUB_HOST, *(site.domain for site in fleet.sites.values())]
    for host in hosts:
        cookies.append({"name": TRIED_COOKIE, "value": "1", "domain": host, "path": "/"})
    if as_admin:
        for site in fleet.sites.values():
            cookies.append(_session(site.domain, site.admin_session))
        cookies.append(_session(HUB_HOST, fleet.operator_session))
    return cookies


def _session(host: str, value: str) -> dict[str, Any]:
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "domain": host, "path": "/"}


def _pages(fleet: Fleet, server: LiveServer, theme: str) -> list[tuple[str, str, bool]]:
    """(name, URL, as site admin or operator) of every main page, in this theme."""
    site = fleet.sites[theme]
    return [
        ("hub-home", server.url(HUB_HOST, "/"), False),
        ("hub-search", server.url(HUB_HOST, "/?q=wijk"), False),
        ("hub-organisations", server.url(HUB_HOST, "/organisations/"), False),
        ("hub-login", server.url(HUB_HOST, "/account/login/"), False),
        ("operator-console", server.url(HUB_HOST, "/operator/"), True),
        ("subsite-home", server.url(site.domain, "/"), False),
        ("content-page", server.url(site.domain, site.content_path), False),
        ("groups", server.url(site.domain, "/groups/"), False),
        ("group-page", server.url(site.domain, f"/groups/{site.group_slug}/"), False),
        ("search", server.url(site.domain, "/search/?q=wijk"), False),
        ("branding", server.url(site.domain, "/manage/branding/"), True),
    ]


def _blocking(violations: list[dict[str, Any]]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in violations
        if v.get("impact") in BLOCKING_IMPACTS
    ]


def test_main_pages_have_no_serious_or_critical_axe_violations(
    fleet: Fleet, server: LiveServer
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found: list[str] = []
    visited: list[str] = []
    for theme in THEMES:
        # the hub follows the theme too, so its pages are checked in every theme
        _hub_theme_set(theme)
        with chromium() as browser:
            for as_admin in (False, True):
                context = browser.new_context(
                    locale="nl-NL", viewport={"width": 1280, "height": 900}
                )
                context.add_cookies(_cookies(fleet, as_admin=as_admin))  # type: ignore[arg-type]
                page = context.new_page()
                page.set_default_timeout(TIMEOUT_MS)
                for name, url, needs_admin in _pages(fleet, server, theme):
                    if needs_admin != as_admin:
                        continue
                    response = page.goto(url)
                    assert response is not None and response.status == 200, (theme, name, url)
                    assert page.locator(f'body[data-theme="{theme}"]').count() == 1, (
                        theme,
                        name,
                    )
                    visited.append(f"{theme}/{name}")
                    results = axe.run(page).response
                    # axe really ran its rules on this page (no empty or failed run)
                    assert len(results["passes"]) > 10, (theme, name)
                    for problem in _blocking(results["violations"]):
                        found.append(f"[{theme}] {name} {url}: {problem}")
                    page.screenshot(path=str(SCREENSHOTS / f"{theme}-{name}.png"), full_page=True)
                context.close()
    assert len(visited) == len(THEMES) * 11
    assert found == [], "axe found serious or critical violations:\n" + "\n".join(found)
    server_log = server.log_text()
    assert "Traceback" not in server_log, server_log


def test_tab_reaches_the_skip_link_first_and_enter_moves_focus_to_main(
    fleet: Fleet, server: LiveServer
) -> None:
    with chromium() as browser:
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        context.add_cookies(_cookies(fleet, as_admin=False))  # type: ignore[arg-type]
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        for theme, site in fleet.sites.items():
            # given a page of the subsite, freshly loaded
            page.goto(server.url(site.domain, f"/groups/{site.group_slug}/"))
            # when the visitor presses Tab once
            page.keyboard.press("Tab")
            # then the skip link has the focus, and is visible on screen
            focused = page.evaluate(
                "() => { const e = document.activeElement; const r = e.getBoundingClientRect();"
                " return {cls: e.className, href: e.getAttribute('href'),"
                " visible: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0}; }"
            )
            assert focused == {"cls": "skip-link", "href": "#main", "visible": True}, theme
            # when they press Enter
            page.keyboard.press("Enter")
            # then the focus is on the main content
            assert page.evaluate("() => document.activeElement.id") == "main", theme
            # and the next Tab goes to the first link or control inside it
            page.keyboard.press("Tab")
            inside = page.evaluate("() => !!document.activeElement.closest('main')")
            assert inside, theme
        context.close()
