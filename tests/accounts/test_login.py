"""The code flow: GET /login/ to the provider and back through /auth/callback/."""

from __future__ import annotations

import pytest
from django.test import Client

from tenant_apps.accounts.models import OidcSession, User
from tests.accounts.conftest import log_in, query, site_client
from tests.accounts.provider import LoopbackProvider
from tests.conftest import BETA_HOST


def test_login_redirects_to_the_provider_with_pkce_state_and_nonce(
    provider: LoopbackProvider,
) -> None:
    # when an anonymous visitor starts a login on alpha
    response = site_client().get("/login/", {"next": "/groups/"})
    # then the browser goes to the authorization endpoint with this organisation's client
    assert response.status_code == 302
    assert response["Location"].startswith(provider.issuer + "/authorize/?")
    params = query(response["Location"])
    assert params["client_id"] == "plein-alpha"
    assert params["redirect_uri"] == "http://alpha.test/auth/callback/"
    assert params["response_type"] == "code"
    assert params["scope"] == "openid email profile"
    assert params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) == 43
    assert len(params["state"]) >= 32 and len(params["nonce"]) >= 32
    assert "prompt" not in params


def test_callback_logs_in_and_returns_to_next(provider: LoopbackProvider) -> None:
    # given a visitor who logs in at the provider as person-1
    client = site_client()
    # when the provider sends them back with a code
    response = log_in(client, provider, next_url="/groups/?page=2")
    # then they land where they were going, logged in as the account of (issuer, sub)
    assert response.status_code == 302
    assert response["Location"] == "/groups/?page=2"
    user = User.objects.get(oidc_subject="person-1")
    assert user.oidc_issuer == provider.issuer
    assert int(client.session["_auth_user_id"]) == user.pk
    # and the code went to the token endpoint with the client's secret and the verifier
    sent = provider.token_requests[-1]
    assert sent["client_id"] == "plein-alpha"
    assert sent["grant_type"] == "authorization_code"
    assert sent["code_verifier"]
    # and the provider session is linked to this Django session for back-channel logout
    link = OidcSession.objects.get(user=user)
    assert link.sid == "sid-person-1"
    assert link.session_key == client.session.session_key


def test_several_tabs_can_log_in_at_once(provider: LoopbackProvider) -> None:
    # given two logins started in two tabs of one browser
    client = site_client()
    first = client.get("/login/", {"next": "/one/"})["Location"]
    second = client.get("/login/", {"next": "/two/"})["Location"]
    # when the first tab's callback arrives after the second was started
    code, state = provider.grant(
        first, claims=provider.id_claims(client_id="plein-alpha", nonce="")
    )
    response = client.get("/auth/callback/", {"code": code, "state": state})
    # then it completes with its own destination
    assert response["Location"] == "/one/"
    assert query(second)["state"] in client.session["oidc_states"]


def test_unknown_state_restarts_the_login_instead_of_400(provider: LoopbackProvider) -> None:
    # given a callback whose state this browser never started (or has already used)
    client = site_client()
    # when it arrives
    response = client.get("/auth/callback/", {"code": "whatever", "state": "not-ours"})
    # then the login starts again
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=%2F"
    assert provider.hits["/oidc/token/"] == 0


def test_a_second_unknown_state_in_a_row_explains_instead_of_looping(
    provider: LoopbackProvider,
) -> None:
    # given a browser that keeps no session (the restart did not help)
    client = site_client()
    client.get("/auth/callback/", {"code": "x", "state": "not-ours"})
    # when the next callback again has an unknown state
    response = client.get("/auth/callback/", {"code": "x", "state": "still-not-ours"})
    # then a page says what to do, with a 400
    assert response.status_code == 400
    assert "Allow cookies for this site" in response.text


def test_state_mismatch_does_not_log_in(provider: LoopbackProvider) -> None:
    # given a login started in this browser
    client = site_client()
    started = client.get("/login/", {"next": "/"})["Location"]
    code, _state = provider.grant(
        started, claims=provider.id_claims(client_id="plein-alpha", nonce="")
    )
    # when the callback carries the code with another state (an injected code)
    response = client.get("/auth/callback/", {"code": code, "state": "forged-state"})
    # then nobody is logged in, no code was redeemed and the login restarts
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert "_auth_user_id" not in client.session
    assert provider.hits["/oidc/token/"] == 0


def test_a_used_code_restarts_the_login(provider: LoopbackProvider) -> None:
    # given a login whose code the provider no longer accepts (back button, reload)
    client = site_client()
    started = client.get("/login/", {"next": "/events/"})["Location"]
    _code, state = provider.grant(
        started, claims=provider.id_claims(client_id="plein-alpha", nonce="")
    )
    # when the callback arrives with it
    response = client.get("/auth/callback/", {"code": "expired-code", "state": state})
    # then a fresh login starts, keeping the destination
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=%2Fevents%2F"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "next_url",
    [
        "//evil.example/",
        "/\\evil.example/",
        "https://evil.example/",
        "javascript:alert(1)",
        "http:/evil.example",
        "/\tevil",
        "evil.example",
    ],
)
def test_next_never_leaves_the_site(provider: LoopbackProvider, next_url: str) -> None:
    # when a login is started with a `next` pointing elsewhere
    client = site_client()
    response = log_in(client, provider, next_url=next_url)
    # then the person lands on this site's home page
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_login_while_logged_in_goes_straight_to_next(provider: LoopbackProvider) -> None:
    # given a person logged in on alpha
    client = site_client()
    log_in(client, provider)
    # when they open /login/ again
    response = client.get("/login/", {"next": "/events/"})
    # then no new login starts
    assert response["Location"] == "/events/"


def test_session_cookie_of_alpha_is_anonymous_on_beta(provider: LoopbackProvider) -> None:
    # given a person logged in on alpha
    alpha = site_client()
    log_in(alpha, provider)
    cookie = alpha.cookies["sessionid"].value
    # when their alpha session cookie is presented to beta
    beta = Client(HTTP_HOST=BETA_HOST)
    beta.cookies["sessionid"] = cookie
    response = beta.get("/groups/")
    # then beta sees an anonymous visitor
    assert response.status_code == 200
    assert response.wsgi_request.user.is_anonymous


def test_cancelled_interactive_login_explains(provider: LoopbackProvider) -> None:
    # given a login the person cancelled at the provider
    client = site_client()
    started = client.get("/login/", {"next": "/groups/"})["Location"]
    state = query(started)["state"]
    # when the provider answers access_denied
    response = client.get("/auth/callback/", {"error": "access_denied", "state": state})
    # then a page says so and offers to try again
    assert response.status_code == 400
    assert "The login was cancelled." in response.text
    assert 'href="/login/?next=%2Fgroups%2F"' in response.text


def test_logout_ends_the_session_and_logs_out_at_the_provider(provider: LoopbackProvider) -> None:
    # given a person logged in on alpha
    client = site_client()
    log_in(client, provider)
    id_token = client.session["oidc_id_token"]
    # when they log out
    response = client.post("/logout/")
    # then the local session is gone and the provider's end_session_endpoint is next
    assert "_auth_user_id" not in client.session
    assert OidcSession.objects.count() == 0
    assert response.status_code == 302
    target = response["Location"]
    assert target.startswith(provider.issuer + "/logout/?")
    params = query(target)
    assert params["id_token_hint"] == id_token
    assert params["post_logout_redirect_uri"] == "http://alpha.test/"
    assert params["client_id"] == "plein-alpha"


def test_logout_is_post_only(provider: LoopbackProvider) -> None:
    # when someone GETs /logout/ (a link or an image could)
    response = site_client().get("/logout/")
    # then nothing happens
    assert response.status_code == 405


def test_the_hub_is_a_relying_party_too(provider: LoopbackProvider) -> None:
    # when a visitor logs in on the hub
    client = site_client("hub.test")
    started = client.get("/login/", {"next": "/"})
    # then the hub uses its own client
    assert query(started["Location"])["client_id"] == "plein-hub"
    assert query(started["Location"])["redirect_uri"] == "http://hub.test/auth/callback/"
    response = log_in(client, provider, client_id="plein-hub", next_url="/", sub="operator-1")
    assert response["Location"] == "/"
    assert User.objects.filter(oidc_subject="operator-1").exists()
