"""The authorization code flow with PKCE, end to end through Django's test client."""

from __future__ import annotations

import pytest
from django.test import Client

from tenant_apps.accounts.models import User
from tests.conftest import ALPHA_HOST, BETA_HOST, HUB_HOST, BaseOrganisations
from tests.identity.helpers import (
    authorize,
    authorize_params,
    basic_auth,
    callback_query,
    code_flow,
    login,
    person_create,
    pkce_pair,
    token_request,
    verified_claims,
)


@pytest.fixture
def anna(orgs: BaseOrganisations) -> User:
    return person_create()


@pytest.fixture
def browser(anna: User) -> Client:
    return Client(HTTP_HOST=HUB_HOST)


def test_login_then_code_then_tokens_with_a_verified_id_token(browser: Client, anna: User) -> None:
    # given an anonymous browser sent to authorize by alpha's relying party
    pkce = pkce_pair()
    params = authorize_params(slug="alpha", domain=ALPHA_HOST, pkce=pkce)
    first = authorize(browser, params)
    # then it is sent to the provider's login page, and back after logging in
    assert first.status_code == 302
    assert first["Location"].startswith("/account/login/?next=/oidc/authorize/")
    logged_in = browser.post(
        first["Location"], {"username": "Anna@Example.org", "password": "Correct-Horse-Battery-42"}
    )
    assert logged_in.status_code == 302
    assert logged_in["Location"].startswith("/oidc/authorize/?")
    # when the browser follows it: no consent screen, straight back with a code
    query = callback_query(browser.get(logged_in["Location"]))
    assert set(query) == {"code", "state"}
    assert query["state"] == "st4te"
    # and alpha's back end redeems the code with its secret and the PKCE verifier
    response = token_request(
        slug="alpha", domain=ALPHA_HOST, code=query["code"], verifier=pkce.verifier
    )
    # then the ID token is RS256-signed by the issuer, for alpha, with the person's claims
    assert response.status_code == 200
    tokens = response.json()
    assert {"access_token", "refresh_token", "id_token"} <= set(tokens)
    claims = verified_claims(
        tokens["id_token"], iss="http://hub.test:8000/oidc", aud="plein-alpha", nonce="n0nce"
    )
    assert claims["sub"] == anna.oidc_subject
    assert anna.oidc_issuer == "http://hub.test:8000/oidc"
    assert claims["email"] == "anna@example.org"
    assert claims["email_verified"] is False
    assert claims["name"] == "Anna Smit"
    assert claims["given_name"] == "Anna"
    assert claims["family_name"] == "Smit"
    assert claims["amr"] == ["pwd"]
    assert claims["acr"] == "plein:pwd"
    assert claims["sid"] == browser.session["identity_sid"]
    assert "picture" not in claims


def test_the_sid_is_the_same_for_every_client_in_one_provider_session(browser: Client) -> None:
    login(browser)
    alpha = code_flow(browser, slug="alpha", domain=ALPHA_HOST)
    beta = code_flow(browser, slug="beta", domain=BETA_HOST)
    alpha_claims = verified_claims(alpha["id_token"], aud="plein-alpha")
    beta_claims = verified_claims(beta["id_token"], aud="plein-beta")
    assert alpha_claims["sid"] == beta_claims["sid"] == browser.session["identity_sid"]
    assert alpha_claims["sub"] == beta_claims["sub"]


@pytest.mark.parametrize(
    ("extra", "description"),
    [
        ({}, "Code challenge required."),
        ({"code_challenge": "x" * 43, "code_challenge_method": "plain"}, None),
    ],
    ids=["missing", "plain"],
)
def test_authorization_without_s256_pkce_is_refused(
    browser: Client, extra: dict[str, str], description: str | None
) -> None:
    # given a logged-in person
    login(browser)
    # when alpha asks for a code without PKCE, or with the plain method
    params = authorize_params(slug="alpha", domain=ALPHA_HOST, pkce=None, **extra)
    query = callback_query(authorize(browser, params))
    # then no code is issued: an invalid_request error goes back to the client
    assert "code" not in query
    assert query["error"] == "invalid_request"
    if description is not None:
        assert query["error_description"] == description


def test_a_code_needs_the_verifier_that_matches_its_challenge(browser: Client) -> None:
    login(browser)
    pkce = pkce_pair()
    query = callback_query(
        authorize(browser, authorize_params(slug="alpha", domain=ALPHA_HOST, pkce=pkce))
    )
    response = token_request(
        slug="alpha", domain=ALPHA_HOST, code=query["code"], verifier=pkce_pair().verifier
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_a_code_issued_to_alpha_cannot_be_redeemed_by_beta(browser: Client) -> None:
    # given a code issued to alpha's client
    login(browser)
    pkce = pkce_pair()
    query = callback_query(
        authorize(browser, authorize_params(slug="alpha", domain=ALPHA_HOST, pkce=pkce))
    )
    # when beta presents it with beta's own credentials (and alpha's redirect URI)
    response = token_request(
        slug="beta", domain=ALPHA_HOST, code=query["code"], verifier=pkce.verifier
    )
    # then it is refused exactly like an unknown code
    unknown = token_request(
        slug="beta", domain=ALPHA_HOST, code="no-such-code", verifier=pkce.verifier
    )
    assert response.status_code == unknown.status_code == 400
    assert response.json() == unknown.json() == {"error": "invalid_grant"}
    # and alpha can still redeem it
    assert (
        token_request(
            slug="alpha", domain=ALPHA_HOST, code=query["code"], verifier=pkce.verifier
        ).status_code
        == 200
    )


def test_a_redirect_uri_of_another_organisation_is_refused_without_redirecting(
    browser: Client,
) -> None:
    login(browser)
    params = authorize_params(slug="alpha", domain=BETA_HOST, pkce=pkce_pair())
    response = browser.get("/oidc/authorize/", params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "<h1>Login request refused</h1>" in response.content.decode()


def test_a_wrong_client_secret_gets_no_tokens(browser: Client) -> None:
    login(browser)
    pkce = pkce_pair()
    query = callback_query(
        authorize(browser, authorize_params(slug="alpha", domain=ALPHA_HOST, pkce=pkce))
    )
    response = Client(HTTP_HOST=HUB_HOST).post(
        "/oidc/token/",
        {
            "grant_type": "authorization_code",
            "code": query["code"],
            "redirect_uri": "http://alpha.test:8000/auth/callback/",
            "code_verifier": pkce.verifier,
        },
        HTTP_AUTHORIZATION=basic_auth("alpha")[:-4] + "AAA=",
    )
    assert response.status_code == 401
    assert response.json() == {"error": "invalid_client"}


def test_refresh_gives_new_tokens_in_the_same_provider_session(browser: Client) -> None:
    login(browser)
    tokens = code_flow(browser, slug="alpha", domain=ALPHA_HOST)
    first = verified_claims(tokens["id_token"], aud="plein-alpha")
    response = Client(HTTP_HOST=HUB_HOST).post(
        "/oidc/token/",
        {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
        HTTP_AUTHORIZATION=basic_auth("alpha"),
    )
    assert response.status_code == 200
    refreshed = response.json()
    assert refreshed["access_token"] != tokens["access_token"]
    assert refreshed["refresh_token"] != tokens["refresh_token"]
    claims = verified_claims(refreshed["id_token"], aud="plein-alpha")
    assert (claims["sub"], claims["sid"], claims["acr"]) == (
        first["sub"],
        first["sid"],
        "plein:pwd",
    )
    # and the old refresh token is spent
    again = Client(HTTP_HOST=HUB_HOST).post(
        "/oidc/token/",
        {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
        HTTP_AUTHORIZATION=basic_auth("alpha"),
    )
    assert again.status_code == 400


def test_userinfo_answers_the_claims_for_the_access_token(browser: Client, anna: User) -> None:
    login(browser)
    tokens = code_flow(browser, slug="alpha", domain=ALPHA_HOST)
    response = Client(HTTP_HOST=HUB_HOST).get(
        "/oidc/userinfo/", HTTP_AUTHORIZATION=f"Bearer {tokens['access_token']}"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["sub"] == anna.oidc_subject
    assert data["email"] == "anna@example.org"
    assert data["sid"] == browser.session["identity_sid"]


def test_introspection_by_the_client_and_not_by_another(browser: Client, anna: User) -> None:
    # given an access token issued to alpha
    login(browser)
    token = code_flow(browser, slug="alpha", domain=ALPHA_HOST)["access_token"]
    hub = Client(HTTP_HOST=HUB_HOST)
    # when alpha introspects it with its client credentials (HTTP Basic)
    mine = hub.post("/oidc/introspect/", {"token": token}, HTTP_AUTHORIZATION=basic_auth("alpha"))
    # then it is active, alpha's, for this person
    assert mine.status_code == 200
    data = mine.json()
    assert data["active"] is True
    assert data["client_id"] == "plein-alpha"
    assert data["sub"] == anna.oidc_subject
    assert data["iss"] == "http://hub.test:8000/oidc"
    # and to beta it looks exactly like an unknown token
    theirs = hub.post("/oidc/introspect/", {"token": token}, HTTP_AUTHORIZATION=basic_auth("beta"))
    unknown = hub.post(
        "/oidc/introspect/", {"token": "nope"}, HTTP_AUTHORIZATION=basic_auth("beta")
    )
    assert theirs.status_code == unknown.status_code == 200
    assert theirs.json() == unknown.json() == {"active": False}
    # and without client credentials nothing is answered
    assert hub.post("/oidc/introspect/", {"token": token}).status_code == 403
