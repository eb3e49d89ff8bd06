"""POST /auth/backchannel-logout/: the provider ends this site's sessions of a person."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from tenant_apps.accounts.models import OidcSession
from tests.accounts.conftest import log_in, site_client
from tests.accounts.provider import LoopbackProvider, rsa_key
from tests.conftest import BETA_HOST


def _post(client: Client, token: str) -> Any:
    return client.post("/auth/backchannel-logout/", {"logout_token": token})


def _logged_in(provider: LoopbackProvider, sub: str = "person-1") -> Client:
    client = site_client()
    log_in(client, provider, sub=sub)
    return client


def test_logout_token_ends_the_sessions_of_its_sid(provider: LoopbackProvider) -> None:
    # given person-1 logged in on alpha in two browsers of one provider session, and person-2
    first, second = _logged_in(provider), _logged_in(provider)
    other = _logged_in(provider, sub="person-2")
    # when the provider sends a logout token for person-1's sid
    token = provider.sign(provider.logout_claims(client_id="plein-alpha", sid="sid-person-1"))
    response = _post(site_client(), token)
    # then both of person-1's sessions are gone, person-2's is not
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "_auth_user_id" not in first.session
    assert "_auth_user_id" not in second.session
    assert "_auth_user_id" in other.session
    assert OidcSession.objects.filter(sid="sid-person-1").count() == 0


def test_logout_token_with_only_sub_ends_all_sessions_of_the_person(
    provider: LoopbackProvider,
) -> None:
    client = _logged_in(provider)
    token = provider.sign(provider.logout_claims(client_id="plein-alpha", sid=None, sub="person-1"))
    assert _post(site_client(), token).status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_same_logout_token_twice_is_refused(provider: LoopbackProvider) -> None:
    # given a logout token that was delivered once
    token = provider.sign(provider.logout_claims(client_id="plein-alpha"))
    assert _post(site_client(), token).status_code == 200
    # when it is replayed
    response = _post(site_client(), token)
    # then it is refused with a JSON error
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_request",
        "error_description": "this logout token was already used",
    }


def _refused(provider: LoopbackProvider, token: str, reason: str) -> None:
    client = _logged_in(provider)
    response = _post(site_client(), token)
    assert response.status_code == 400
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {"error": "invalid_request", "error_description": reason}
    assert "_auth_user_id" in client.session
    assert Session.objects.count() >= 1


def test_forged_signature_is_refused(provider: LoopbackProvider) -> None:
    forged = provider.sign(provider.logout_claims(client_id="plein-alpha"), key=rsa_key("key-1"))
    _refused(provider, forged, "the signature does not verify")


def test_token_for_another_organisation_is_refused(provider: LoopbackProvider) -> None:
    token = provider.sign(provider.logout_claims(client_id="plein-beta"))
    _refused(provider, token, "the token is not meant for this site")


def test_token_of_another_issuer_is_refused(provider: LoopbackProvider) -> None:
    token = provider.sign(provider.logout_claims(client_id="plein-alpha", iss="http://x/oidc"))
    _refused(provider, token, "the token's issuer is not ours")


def test_old_token_is_refused(provider: LoopbackProvider) -> None:
    token = provider.sign(
        provider.logout_claims(client_id="plein-alpha", iat=int(time.time()) - 3600)
    )
    _refused(provider, token, "the logout token's iat is outside the accepted window")


def test_token_with_a_nonce_is_refused(provider: LoopbackProvider) -> None:
    token = provider.sign(provider.logout_claims(client_id="plein-alpha", nonce="n"))
    _refused(provider, token, "a logout token must not carry a nonce")


@pytest.mark.parametrize("events", [None, {}, {"http://schemas.openid.net/event/other": {}}])
def test_token_without_the_backchannel_event_is_refused(
    provider: LoopbackProvider, events: Any
) -> None:
    token = provider.sign(provider.logout_claims(client_id="plein-alpha", events=events))
    _refused(provider, token, "the logout token has no back-channel logout event")


def test_token_without_sid_or_sub_is_refused(provider: LoopbackProvider) -> None:
    token = provider.sign(provider.logout_claims(client_id="plein-alpha", sid=None))
    _refused(provider, token, "the logout token names neither sid nor sub")


def test_an_id_token_is_not_a_logout_token(provider: LoopbackProvider) -> None:
    token = provider.sign(provider.id_claims(client_id="plein-alpha", nonce="n"))
    _refused(provider, token, "the logout token has no back-channel logout event")


def test_missing_token_is_a_400(provider: LoopbackProvider) -> None:
    response = site_client().post("/auth/backchannel-logout/", {})
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_alphas_logout_token_posted_to_beta_ends_nothing_there(
    provider: LoopbackProvider,
) -> None:
    # given person-1 logged in on beta
    beta = Client(HTTP_HOST=BETA_HOST)
    log_in(beta, provider, client_id="plein-beta")
    # when a logout token meant for alpha reaches beta
    token = provider.sign(provider.logout_claims(client_id="plein-alpha"))
    response = _post(Client(HTTP_HOST=BETA_HOST), token)
    # then beta refuses it and keeps the session
    assert response.status_code == 400
    assert "_auth_user_id" in beta.session


def test_works_on_the_hub(provider: LoopbackProvider) -> None:
    hub = site_client("hub.test")
    log_in(hub, provider, client_id="plein-hub", next_url="/")
    token = provider.sign(provider.logout_claims(client_id="plein-hub"))
    assert _post(site_client("hub.test"), token).status_code == 200
    assert "_auth_user_id" not in hub.session
