"""Log in once: the silent prompt=none check, its decision table and its cost."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from tenant_apps.accounts.middleware import SilentLoginMiddleware
from tenant_apps.accounts.oidc.silent import OPT_OUT_COOKIE, TRIED_COOKIE
from tests.accounts.conftest import BROWSER_HEADERS, log_in, query, site_client
from tests.accounts.provider import LoopbackProvider
from tests.conftest import ALPHA_HOST, BaseOrganisations


def _middleware() -> SilentLoginMiddleware:
    return SilentLoginMiddleware(lambda request: HttpResponse("page"))


def _request(
    orgs: BaseOrganisations, method: str = "GET", path: str = "/groups/", **headers: Any
) -> HttpRequest:
    request = RequestFactory().generic(method, path, HTTP_HOST=ALPHA_HOST, **headers)
    request.tenant = orgs.alpha  # type: ignore[attr-defined]
    request.session = SessionStore(request.COOKIES.get("sessionid"))  # type: ignore[attr-defined]
    return request


def _browser(**overrides: Any) -> dict[str, Any]:
    headers = dict(BROWSER_HEADERS)
    headers.update(overrides)
    return {k: v for k, v in headers.items() if v is not None}


NOT_REDIRECTED = [
    ("POST", "/groups/", _browser()),
    ("HEAD", "/groups/", _browser()),
    ("GET", "/api/v1/groups/", _browser()),
    ("GET", "/static/plein/base.css", _browser()),
    ("GET", "/media/alpha/x.png", _browser()),
    ("GET", "/login/", _browser()),
    ("GET", "/logout/", _browser()),
    ("GET", "/auth/callback/", _browser()),
    ("GET", "/auth/backchannel-logout/", _browser()),
    ("GET", "/oidc/authorize/", _browser()),
    ("GET", "/groups/", _browser(HTTP_X_REQUESTED_WITH="XMLHttpRequest")),
    ("GET", "/groups/", _browser(HTTP_ACCEPT="application/json")),
    ("GET", "/groups/", _browser(HTTP_ACCEPT=None)),
    ("GET", "/groups/", _browser(HTTP_SEC_FETCH_MODE="cors")),
    ("GET", "/groups/", _browser(HTTP_SEC_FETCH_DEST="iframe")),
    (
        "GET",
        "/groups/",
        _browser(HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)"),
    ),
    ("GET", "/groups/", _browser(HTTP_USER_AGENT="curl/8.5.0")),
    ("GET", "/groups/", _browser(HTTP_USER_AGENT=None)),
    ("GET", "/groups/", _browser(HTTP_COOKIE=f"{TRIED_COOKIE}=1")),
    ("GET", "/groups/", _browser(HTTP_COOKIE=f"{OPT_OUT_COOKIE}=1")),
]


@pytest.mark.parametrize(("method", "path", "headers"), NOT_REDIRECTED)
def test_no_silent_login_and_no_query_for(
    provider: LoopbackProvider,
    orgs: BaseOrganisations,
    django_assert_num_queries: Any,
    method: str,
    path: str,
    headers: dict[str, Any],
) -> None:
    # given a request that must never be sent to the provider
    request = _request(orgs, method, path, **headers)
    # when the middleware sees it
    with django_assert_num_queries(0):
        response = _middleware()(request)
    # then the page is served as is, without SQL and without asking the provider
    assert response.status_code == 200
    assert response.content == b"page"
    assert sum(provider.hits.values()) == 0


def test_first_page_of_an_anonymous_browser_goes_to_the_provider_silently(
    provider: LoopbackProvider, orgs: BaseOrganisations, django_assert_num_queries: Any
) -> None:
    # given a browser's first navigation on alpha, without any cookie
    request = _request(orgs, "GET", "/groups/?page=2", **_browser())
    # when the middleware sees it (deciding costs no SQL: there is no session yet)
    with django_assert_num_queries(0):
        response = _middleware()(request)
    # then it goes straight to the authorization endpoint with prompt=none
    assert response.status_code == 302
    params = query(response["Location"])
    assert params["prompt"] == "none"
    assert params["client_id"] == "plein-alpha"
    assert response.cookies[TRIED_COOKIE].value == "1"
    assert response.cookies[TRIED_COOKIE]["httponly"] is True
    assert response["Cache-Control"] == "no-store"


def test_login_required_leaves_the_visitor_anonymous_quietly_and_only_once(
    provider: LoopbackProvider,
) -> None:
    # given an anonymous browser sent to the provider by the silent check
    client = site_client()
    first = client.get("/groups/", **BROWSER_HEADERS)
    state = query(first["Location"])["state"]
    # when the provider answers login_required
    back = client.get("/auth/callback/", {"error": "login_required", "state": state})
    # then the visitor lands on the page they asked for, anonymous, without an error
    assert back.status_code == 302
    assert back["Location"] == "/groups/"
    page = client.get("/groups/", **BROWSER_HEADERS)
    assert page.status_code == 200
    assert page.wsgi_request.user.is_anonymous
    # and no second silent check follows (no loop), even once the cookie is gone
    del client.cookies[TRIED_COOKIE]
    again = client.get("/search/", **BROWSER_HEADERS)
    assert again.status_code == 200


def test_silent_login_logs_in_without_a_click(provider: LoopbackProvider) -> None:
    # given a person logged in at the provider who opens alpha for the first time
    client = site_client()
    first = client.get("/groups/?page=1", **BROWSER_HEADERS)
    # when the provider answers the silent check with a code
    code, state = provider.grant(
        first["Location"], claims=provider.id_claims(client_id="plein-alpha", nonce="")
    )
    back = client.get("/auth/callback/", {"code": code, "state": state}, **BROWSER_HEADERS)
    # then the callback answers with the page itself, logged in: two redirects in all
    assert back.status_code == 200
    assert back.wsgi_request.user.oidc_subject == "person-1"
    assert back["Content-Location"] == "/groups/?page=1"
    assert back["Cache-Control"].startswith("max-age=0")
    page = back.content.decode()
    assert "<head><script>history.replaceState(null, '', \"/groups/?page=1\");</script>" in page
    assert "<h1>" in page and 'action="/logout/"' in page
    # and the session holds, for the next page too
    assert client.get("/groups/", **BROWSER_HEADERS).wsgi_request.user.is_authenticated


def test_silent_login_to_a_page_that_is_not_a_plain_page_redirects(
    provider: LoopbackProvider,
) -> None:
    # given a silent check that started on an address that has no page
    client = site_client()
    first = client.get("/groups/nergens/", **BROWSER_HEADERS)
    code, state = provider.grant(
        first["Location"], claims=provider.id_claims(client_id="plein-alpha", nonce="")
    )
    # when the login succeeds
    back = client.get("/auth/callback/", {"code": code, "state": state}, **BROWSER_HEADERS)
    # then the visitor is sent there as before (the 404 is that page's own answer)
    assert (back.status_code, back["Location"]) == (302, "/groups/nergens/")
    assert "_auth_user_id" in client.session


def test_an_interactive_login_still_redirects_to_next(provider: LoopbackProvider) -> None:
    response = log_in(site_client(), provider, next_url="/groups/")
    assert (response.status_code, response["Location"]) == (302, "/groups/")


def test_expired_id_token_is_renewed_silently(provider: LoopbackProvider) -> None:
    # given a logged-in person whose ID token has expired
    client = site_client()
    log_in(client, provider, exp=int(time.time()) + 5)
    session = client.session
    session["oidc_id_token_expires_at"] = time.time() - 1
    session.save()
    # when they open a page
    response = client.get("/groups/", **BROWSER_HEADERS)
    # then the provider is asked silently, once
    assert response.status_code == 302
    assert query(response["Location"])["prompt"] == "none"
    assert client.get("/groups/", **BROWSER_HEADERS).status_code == 200


def test_ended_provider_session_logs_out_on_the_next_page(provider: LoopbackProvider) -> None:
    # given a logged-in person whose ID token expired and whose provider session ended
    client = site_client()
    log_in(client, provider)
    session = client.session
    session["oidc_id_token_expires_at"] = time.time() - 1
    session.save()
    renewal = client.get("/groups/", **BROWSER_HEADERS)
    state = query(renewal["Location"])["state"]
    # when the provider answers login_required
    back = client.get("/auth/callback/", {"error": "login_required", "state": state})
    # then they are logged out here
    assert back["Location"] == "/groups/"
    assert "_auth_user_id" not in client.session


def test_a_logged_in_person_with_a_valid_token_is_left_alone(provider: LoopbackProvider) -> None:
    client = site_client()
    log_in(client, provider)
    response = client.get("/groups/", **BROWSER_HEADERS)
    assert response.status_code == 200
    assert response.wsgi_request.user.oidc_subject == "person-1"


def test_after_logout_there_is_no_silent_login_back(provider: LoopbackProvider) -> None:
    client = site_client()
    log_in(client, provider)
    client.post("/logout/")
    response = client.get("/groups/", **BROWSER_HEADERS)
    assert response.status_code == 200
    assert response.wsgi_request.user.is_anonymous


def test_provider_down_serves_the_page_anonymously(orgs: BaseOrganisations, settings: Any) -> None:
    # given an issuer that cannot be reached
    settings.PLEIN_OIDC_ISSUER = "http://127.0.0.1:9/oidc"
    # when a browser opens a page
    response = site_client().get("/groups/", **BROWSER_HEADERS)
    # then the page is served, and the check is not repeated on the next page
    assert response.status_code == 200
    assert response.cookies[TRIED_COOKIE].value == "1"


def test_silent_check_never_runs_on_the_callback_itself(
    provider: LoopbackProvider, orgs: BaseOrganisations
) -> None:
    request = _request(orgs, "GET", "/auth/callback/?error=login_required&state=x", **_browser())
    assert _middleware()(request).status_code == 200


def test_a_logged_in_page_costs_no_extra_query(
    provider: LoopbackProvider, django_assert_num_queries: Any
) -> None:
    # given a logged-in person, and the queries of a page the silent check skips outright
    client = site_client()
    log_in(client, provider)
    with CaptureQueriesContext(connection) as skipped:
        client.get("/groups/")  # no Accept header: the middleware returns at once
    # when the same page is a browser navigation, which reads the session to decide
    with django_assert_num_queries(len(skipped.captured_queries)):
        response = client.get("/groups/", **BROWSER_HEADERS)
    # then the decision reused the session the page loads anyway
    assert response.status_code == 200
