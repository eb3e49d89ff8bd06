"""Log in once, log out everywhere, in a real browser, with the built-in OpenID Provider.

Debian's chromium (Playwright, headless, tests/e2e/live.py) against gunicorn serving the
hub (hub.test, also the provider at /oidc and /account) and two organisations of this
test's own (*.localhost); a real Celery worker delivers the provider's back-channel
logout tokens. The person logs in on A at the provider's login page; opening B and the
hub logs them in without a click (silent prompt=none); logging out on B ends the
provider session, and the worker's logout tokens end the sessions on A and the hub.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from django.test import override_settings
from oauth2_provider.models import AccessToken, Grant, IDToken, RefreshToken

from shared_apps.identity.models import Profile, ProviderSession
from shared_apps.identity.services.people import (
    email_verification_token,
    person_email_verify,
    person_register,
)
from tenant_apps.accounts.models import OidcSession, User
from tenants.db import tenant_connection
from tenants.models import Organisation
from tenants.services import organisation_create
from tests.benchmarks.common import free_port
from tests.celery_worker import RunningWorker, celery_worker_running
from tests.conftest import HUB_HOST, BaseOrganisations
from tests.e2e.live import (
    SCREENSHOTS,
    TIMEOUT_MS,
    LiveServer,
    chromium,
    live_gunicorn,
    loopback_resolver_env,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page, Response

SITE_A = "sso-a.localhost"
SITE_B = "sso-b.localhost"
EMAIL = "sanne.e2e@example.org"
PASSWORD = "Lang-en-uniek-wachtwoord-2026"
NAME = "Sanne Visser"
BACKCHANNEL_TASK = "shared_apps.identity.tasks.backchannel_logout_send"
DELIVERY_TIMEOUT_S = 30
SETTINGS = "tests.e2e.worker_settings"

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class SsoSites:
    port: int
    hub: Organisation
    a: Organisation
    b: Organisation


@dataclass(frozen=True)
class Live:
    server: LiveServer
    worker: RunningWorker

    def url(self, host: str, path: str = "/") -> str:
        return self.server.url(host, path)

    def backchannel_deliveries(self) -> int:
        return sum(
            1 for line in list(self.worker.log) if BACKCHANNEL_TASK in line and "succeeded" in line
        )


@pytest.fixture
def sites(committed: BaseOrganisations) -> Iterator[SsoSites]:
    """Two organisations with their clients' URIs on the live server's port (the hub's
    follows in live_gunicorn) and a verified person at the provider; afterwards the
    person is deleted, and the organisations by `committed`."""
    port = free_port()
    with override_settings(PLEIN_URL_PORT=port):
        a = organisation_create(name="Gemeente Aadorp", domain=SITE_A, slug="sso-a").organisation
        b = organisation_create(name="Provincie Bee", domain=SITE_B, slug="sso-b").organisation
        person = person_register(
            email=EMAIL, password=PASSWORD, first_name="Sanne", last_name="Visser"
        )
        assert person_email_verify(token=email_verification_token(user=person)) is not None
    try:
        yield SsoSites(port=port, hub=committed.hub, a=a, b=b)
    finally:
        tenant_connection().set_schema_to_public()
        _person_delete(EMAIL)


def _person_delete(email: str) -> None:
    """Delete the person and what points at them in the public schema. A plain delete
    would collect Wagtail's per-user rows, whose tables exist only in organisation
    schemas, so the rows that reference the person go first and the person last, raw."""
    for model in (RefreshToken, AccessToken, IDToken, Grant, ProviderSession, Profile, OidcSession):
        model.objects.filter(user__username=email).delete()
    people = User.objects.filter(username=email)
    people._raw_delete(people.db)


@pytest.fixture
def live(sites: SsoSites) -> Iterator[Live]:
    with celery_worker_running(
        name="sso",
        settings_module=SETTINGS,
        extra_env={**loopback_resolver_env(), "PLEIN_URL_PORT": str(sites.port)},
    ) as worker:
        with live_gunicorn(
            port=sites.port,
            log=SCREENSHOTS / "sso-server.log",
            ready_host=HUB_HOST,
            extra_env={"DJANGO_SETTINGS_MODULE": SETTINGS, "PLEIN_TEST_QUEUE": worker.queue},
            workers=3,  # a relying party calls the provider on the same server
        ) as server:
            yield Live(server=server, worker=worker)
            assert "Traceback" not in server.log_text(), server.log_text()
        assert worker.alive, "the worker died:\n" + "".join(worker.log)


def _redirects(response: Response | None) -> list[str]:
    """The URLs a navigation went through before its final response, first to last."""
    assert response is not None
    chain: list[str] = []
    request = response.request.redirected_from
    while request is not None:
        chain.insert(0, request.url)
        request = request.redirected_from
    return chain


def _account(page: Page) -> str:
    return page.locator(".site-nav-account").first.inner_text()


def test_log_in_once_and_log_out_everywhere(sites: SsoSites, live: Live) -> None:
    from playwright.sync_api import expect

    a, b, hub = live.url(SITE_A), live.url(SITE_B), live.url(HUB_HOST)
    with chromium() as browser:
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)

        # given a visitor on A, logged in nowhere
        page.goto(a)
        expect(page.locator("a.site-nav-account")).to_be_visible()
        # when they follow "Log in" and sign in at the provider's login page
        page.locator("a.site-nav-account").click()
        page.wait_for_url(f"{live.url(HUB_HOST, '/account/login/')}**")
        page.locator("input[name=username]").fill(EMAIL)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("main form button[type=submit]").first.click()
        # then they are back on A, logged in
        page.wait_for_url(a)
        expect(page.locator(".site-nav-account span")).to_have_text(NAME)
        page.screenshot(path=str(SCREENSHOTS / "sso-a-logged-in.png"), full_page=True)

        # when they open B (no click)
        response = page.goto(b)
        # then B logged them in silently: out to the provider and back to B's callback,
        # which answers with B's page itself and puts B's address back in the address bar
        assert response is not None and response.status == 200
        assert response.url.split("?")[0] == live.url(SITE_B, "/auth/callback/")
        assert "code=" in response.url
        assert page.url == b
        hops = _redirects(response)
        assert [hop.split("?")[0] for hop in hops] == [b, live.url(HUB_HOST, "/oidc/authorize/")]
        assert "prompt=none" in hops[1]
        expect(page.locator(".site-nav-account span")).to_have_text(NAME)

        # when they open the hub (no click)
        response = page.goto(hub)
        # then the hub shows them logged in at once: it is the provider's own site, and
        # the login at the provider was a login on the hub
        assert response is not None and response.status == 200
        assert _redirects(response) == []
        # (the hub's pages show a logged-in person their groups, not an account menu)
        expect(page.locator("section.hub-my-groups")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "sso-hub-logged-in.png"), full_page=True)

        # when they log out on B
        page.goto(b)
        expect(page.locator(".site-nav-account span")).to_have_text(NAME)
        page.locator("form.site-nav-account button[type=submit]").click()
        # then B shows them logged out
        page.wait_for_url(b)
        expect(page.locator("a.site-nav-account")).to_be_visible()
        expect(page.locator(".site-nav-account span")).to_have_count(0)

        # and once the worker has delivered the logout tokens to the two relying parties
        # that received ID tokens (A and B), A and the hub show them logged out too
        deadline = time.monotonic() + DELIVERY_TIMEOUT_S
        while live.backchannel_deliveries() < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert live.backchannel_deliveries() == 2, "".join(live.worker.log)
        response = page.goto(a)
        assert response is not None and response.status == 200
        expect(page.locator("a.site-nav-account")).to_be_visible()
        expect(page.locator(".site-nav-account span")).to_have_count(0)
        response = page.goto(hub)
        assert response is not None and response.status == 200
        expect(page.locator("main h1")).to_be_visible()
        expect(page.locator("section.hub-my-groups")).to_have_count(0)
        page.screenshot(path=str(SCREENSHOTS / "sso-hub-logged-out.png"), full_page=True)
