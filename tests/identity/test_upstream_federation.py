"""Federation against a real upstream OpenID Provider on a live server.

The upstream is this platform's own provider served by gunicorn on another port (an
independent issuer: http://hub.test:<port>/oidc), with a client registered for our
callback. The test process is the local provider; a browser-like client logs in
upstream. Both share the test database, so the upstream person also has a local account
with the same e-mail address: exactly the case that must never be linked by e-mail.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

import pytest
from django.test import Client, override_settings
from oauth2_provider.models import AbstractApplication, Application

from shared_apps.identity.models import Profile, ProviderSession, UpstreamLink
from shared_apps.identity.services.clients import client_secret_digest
from tenant_apps.accounts.models import User
from tests.benchmarks.common import free_port
from tests.conftest import HUB_HOST, BaseOrganisations
from tests.e2e.http_client import BrowserLikeClient, html_form, loopback_resolution
from tests.e2e.live import SCREENSHOTS, LiveServer, live_gunicorn
from tests.identity.helpers import PASSWORD, login, person_create

CLIENT_ID, CLIENT_SECRET = "plein-upstream-test", "upstream-secret-for-the-test"
PEOPLE = ("anna@example.org", "uma@example.org")


@dataclass(frozen=True)
class Upstream:
    server: LiveServer
    issuer: str


@pytest.fixture
def upstream(committed: BaseOrganisations) -> Iterator[Upstream]:
    port = free_port()
    Application.objects.create(
        client_id=CLIENT_ID,
        name="Plein as a federated relying party",
        client_type=AbstractApplication.CLIENT_CONFIDENTIAL,
        authorization_grant_type=AbstractApplication.GRANT_AUTHORIZATION_CODE,
        client_secret=client_secret_digest(CLIENT_SECRET),
        hash_client_secret=False,
        redirect_uris="http://hub.test:8000/account/upstream/callback/",
        skip_authorization=True,
        algorithm=AbstractApplication.RS256_ALGORITHM,
    )
    person_create(email="uma@example.org")
    person_create(email="anna@example.org")
    issuer = f"http://hub.test:{port}/oidc"
    try:
        with (
            live_gunicorn(
                port=port, log=SCREENSHOTS / "upstream-server.log", ready_host=HUB_HOST
            ) as server,
            override_settings(
                PLEIN_UPSTREAM_OIDC_ISSUER=issuer,
                PLEIN_UPSTREAM_OIDC_CLIENT_ID=CLIENT_ID,
                PLEIN_UPSTREAM_OIDC_CLIENT_SECRET=CLIENT_SECRET,
                PLEIN_UPSTREAM_OIDC_NAME="Rijkslogin",
            ),
        ):
            yield Upstream(server=server, issuer=issuer)
    finally:
        Application.objects.filter(client_id=CLIENT_ID).delete()
        UpstreamLink.objects.filter(user__username__in=PEOPLE).delete()
        ProviderSession.objects.filter(user__username__in=PEOPLE).delete()
        Profile.objects.filter(user__username__in=PEOPLE).delete()
        # A plain delete would collect Wagtail's per-user rows, whose tables exist only
        # in organisation schemas; these public rows have nothing else pointing at them.
        people = User.objects.filter(username__in=PEOPLE)
        people._raw_delete(people.db)


def _upstream_login(authorize_url: str, *, email: str) -> str:
    """Log in at the upstream as `email`; returns where it sends the browser back to."""
    browser = BrowserLikeClient()
    page = browser.visit(authorize_url)
    assert page.status == 200, page.chain
    form = html_form(page.text, base_url=page.url, action_contains="/account/login/")
    url = form.action
    data: dict[str, str] | None = {**form.fields, "username": email, "password": PASSWORD}
    method = "POST"
    # Follow the upstream's redirects by hand up to the callback on this (test) server.
    for _hop in range(5):
        with loopback_resolution():
            response = browser.session.request(
                method, url, data=data, allow_redirects=False, timeout=15
            )
        location = urljoin(url, response.headers["Location"])
        if location.startswith("http://hub.test:8000/account/upstream/callback/"):
            return location.removeprefix("http://hub.test:8000")
        url, method, data = location, "GET", None
    raise AssertionError(f"no callback reached, last: {url}")


def _start(local: Client) -> str:
    with loopback_resolution():
        started = local.get("/account/upstream/", {"next": "/account/profile/"})
    assert started.status_code == 302
    return str(started["Location"])


def test_a_new_upstream_identity_is_never_linked_to_an_account_by_its_e_mail(
    upstream: Upstream,
) -> None:
    # given the login page offers the upstream provider
    local = Client(HTTP_HOST=HUB_HOST)
    page = local.get("/account/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Log in with Rijkslogin</a>" in page
    # when uma logs in upstream, whose address has an account here already
    authorize_url = _start(local)
    assert authorize_url.startswith(f"{upstream.issuer}/authorize/?")
    callback = _upstream_login(authorize_url, email="uma@example.org")
    with loopback_resolution():
        response = local.get(callback, HTTP_ACCEPT_LANGUAGE="en")
    # then she is not logged in as the local account with that address
    assert response.status_code == 409
    assert "An account with this e-mail address exists already." in response.content.decode()
    assert "_auth_user_id" not in local.session
    assert not UpstreamLink.objects.exists()


def test_a_linked_upstream_identity_logs_in_the_person_it_was_linked_to(
    upstream: Upstream,
) -> None:
    # given anna, logged in here with her password, links her upstream account (uma's)
    local = Client(HTTP_HOST=HUB_HOST)
    login(local)
    callback = _upstream_login(_start(local), email="uma@example.org")
    with loopback_resolution():
        linked = local.get(callback)
    assert linked.status_code == 302
    anna = User.objects.get(username="anna@example.org")
    uma = User.objects.get(username="uma@example.org")
    link = UpstreamLink.objects.get()
    assert (link.user, link.issuer, link.subject) == (anna, upstream.issuer, uma.oidc_subject)
    # when a fresh browser logs in with the upstream identity
    fresh = Client(HTTP_HOST=HUB_HOST)
    callback = _upstream_login(_start(fresh), email="uma@example.org")
    with loopback_resolution():
        response = fresh.get(callback)
    # then it is anna here, by (issuer, sub), with a federated provider session
    assert response.status_code == 302
    assert response["Location"] == "/account/profile/"
    assert fresh.session["_auth_user_id"] == str(anna.pk)
    session = ProviderSession.objects.get(sid=fresh.session["identity_sid"])
    assert session.amr == ["fed"]


def test_a_forged_callback_starts_over(upstream: Upstream) -> None:
    local = Client(HTTP_HOST=HUB_HOST)
    _start(local)
    response = local.get("/account/upstream/callback/", {"state": "forged", "code": "x"})
    assert response.status_code == 302
    assert response["Location"] == "/account/login/"
    assert "_auth_user_id" not in local.session
