"""In a real browser: search on the hub, filter by organisation, open a result, and land
on the group's page on its own subsite.

Debian's chromium driven by Playwright for Python, headless, against gunicorn serving the
test database on a free loopback port (tests/e2e/live.py). Organisations live on
*.localhost domains, the hub on hub.test; every name goes to loopback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import override_settings

from shared_apps.hub.models import HubGroup
from tenant_apps.accounts.models import User
from tenant_apps.groups import services
from tenant_apps.groups.models import Group
from tenants.db import tenant_connection
from tenants.models import Organisation
from tenants.services import organisation_create
from tests.benchmarks.common import free_port
from tests.conftest import HUB_HOST, BaseOrganisations
from tests.e2e.live import (
    SCREENSHOTS,
    TIMEOUT_MS,
    LiveServer,
    chromium,
    live_gunicorn,
)
from tests.factories import UserFactory


@dataclass(frozen=True)
class Site:
    organisation: Organisation
    domain: str
    group: Group


def _site(*, slug: str, name: str, kind: str, group_name: str, description: str) -> Site:
    domain = f"{slug}.localhost"
    organisation = organisation_create(name=name, domain=domain, slug=slug, kind=kind).organisation
    tenant_connection().set_tenant(organisation)
    try:
        admin: User = UserFactory(username=f"{slug}-admin", is_staff=True)
        group = services.group_create(
            actor=admin, name=group_name, description=description, tags=["klimaat"]
        )
    finally:
        connection.set_schema_to_public()
    return Site(organisation=organisation, domain=domain, group=group)


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def sites(committed: BaseOrganisations, port: int) -> tuple[Site, Site]:
    """Two organisations with a public group each about the same subject, indexed (tasks
    run eagerly) with links on the live server's port; deleted afterwards by `committed`."""
    with override_settings(PLEIN_URL_PORT=port):
        alpha = _site(
            slug="alpha-e2e",
            name="Gemeente Alfastad",
            kind="municipality",
            group_name="Klimaatadaptatie in de wijk",
            description="<p>Samen werken aan klimaatadaptatie: hittestress en wateroverlast.</p>",
        )
        beta = _site(
            slug="beta-e2e",
            name="Provincie Betaland",
            kind="province",
            group_name="Klimaat en water",
            description="<p>Provinciaal overleg over klimaat, water en natuur.</p>",
        )
    indexed = set(HubGroup.objects.values_list("organisation__slug", "slug"))
    assert {("alpha-e2e", alpha.group.slug), ("beta-e2e", beta.group.slug)} <= indexed
    return alpha, beta


@pytest.fixture
def hub_server(sites: tuple[Site, Site], port: int) -> Iterator[LiveServer]:
    """gunicorn on the test database (its data is committed), until the test ends."""
    with live_gunicorn(port=port, log=SCREENSHOTS / "server.log", ready_host=HUB_HOST) as server:
        yield server


def test_search_filter_open_and_land_on_the_group_page(
    sites: tuple[Site, Site], hub_server: LiveServer
) -> None:
    from playwright.sync_api import expect

    alpha, beta = sites
    hub = f"http://{HUB_HOST}:{hub_server.port}/"
    group_url = f"http://{alpha.domain}:{hub_server.port}/groups/{alpha.group.slug}/"
    # Only the browser runs inside this block: Playwright's event loop makes Django refuse
    # ORM calls on this thread, and all data was made by the fixtures.
    with chromium() as browser:
        page = browser.new_page(locale="nl-NL", viewport={"width": 1280, "height": 900})
        page.set_default_timeout(TIMEOUT_MS)
        # given the hub's search page
        page.goto(hub)
        # when a visitor searches for "klimaat"
        page.get_by_role("searchbox").fill("klimaat")
        page.locator("form.hub-search button[type=submit]").click()
        # then both organisations' groups are found, with an organisation facet
        results = page.locator(".hub-results .group-list h3 a")
        expect(results.filter(has_text=alpha.group.name)).to_have_count(1)
        expect(results.filter(has_text=beta.group.name)).to_have_count(1)
        facet = page.locator(".hub-facets a").filter(has_text=alpha.organisation.name)
        expect(facet).to_have_count(1)
        # when the visitor filters by alpha's organisation
        facet.click()
        # then only alpha's groups are left
        expect(page).to_have_url(re.compile(r"[?&]organisation=alpha-e2e(&|$)"))
        expect(results.filter(has_text=beta.group.name)).to_have_count(0)
        expect(results).to_have_count(1)
        page.screenshot(path=str(SCREENSHOTS / "hub-search-filtered.png"), full_page=True)
        # when the visitor opens the result
        results.first.click()
        # then they land on the group's page on alpha's own subsite
        page.wait_for_url(group_url)
        expect(page.locator("h1")).to_contain_text(alpha.group.name)
        page.screenshot(path=str(SCREENSHOTS / "hub-group-page.png"), full_page=True)
    server_log = hub_server.log_text()
    assert "Traceback" not in server_log, server_log
