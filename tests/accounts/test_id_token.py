"""Each way an ID token can be wrong is refused, and nobody is logged in."""

from __future__ import annotations

import time
from typing import Any

import pytest
from jwcrypto.jwk import JWK

from tenant_apps.accounts.models import User
from tenant_apps.accounts.oidc import provider as provider_module
from tests.accounts.conftest import site_client
from tests.accounts.provider import LoopbackProvider, rsa_key


def _callback_with(provider: LoopbackProvider, *, sign: Any = None, **claims: Any) -> Any:
    client = site_client()
    started = client.get("/login/", {"next": "/groups/"})["Location"]
    code, state = provider.grant(
        started,
        claims=provider.id_claims(client_id="plein-alpha", **{"nonce": "", **claims}),
        sign=sign,
    )
    response = client.get("/auth/callback/", {"code": code, "state": state})
    response.client = client
    return response


def _refused(response: Any) -> None:
    assert response.status_code == 400
    assert "The login could not be verified." in response.text
    assert "_auth_user_id" not in response.client.session
    assert not User.objects.filter(oidc_subject="person-1").exists()


def test_wrong_audience_is_refused(provider: LoopbackProvider) -> None:
    # when the ID token was issued to beta's client
    _refused(_callback_with(provider, aud="plein-beta"))


def test_several_audiences_need_azp_of_this_client(provider: LoopbackProvider) -> None:
    # when the token names alpha among others, but was requested by beta
    _refused(_callback_with(provider, aud=["plein-beta", "plein-alpha"], azp="plein-beta"))


def test_several_audiences_with_azp_of_this_client_are_accepted(provider: LoopbackProvider) -> None:
    response = _callback_with(provider, aud=["plein-alpha", "other"], azp="plein-alpha")
    assert response.status_code == 302
    assert response["Location"] == "/groups/"


def test_wrong_issuer_is_refused(provider: LoopbackProvider) -> None:
    _refused(_callback_with(provider, iss="http://evil.example/oidc"))


def test_expired_token_is_refused(provider: LoopbackProvider) -> None:
    now = int(time.time())
    _refused(_callback_with(provider, iat=now - 3600, exp=now - 600))


def test_token_issued_in_the_future_is_refused(provider: LoopbackProvider) -> None:
    now = int(time.time())
    _refused(_callback_with(provider, iat=now + 3600, exp=now + 7200))


def test_token_without_exp_is_refused(provider: LoopbackProvider) -> None:
    _refused(_callback_with(provider, exp=None))


def test_nonce_of_another_login_is_refused(provider: LoopbackProvider) -> None:
    _refused(_callback_with(provider, nonce="nonce-of-another-login"))


def test_bad_signature_is_refused(provider: LoopbackProvider) -> None:
    # given a token signed by a key that claims the provider's kid
    forger = rsa_key("key-1")
    _refused(_callback_with(provider, sign=lambda claims: provider.sign(claims, key=forger)))


def test_tampered_payload_is_refused(provider: LoopbackProvider) -> None:
    def tamper(claims: dict[str, Any]) -> str:
        header, _payload, signature = provider.sign(claims).split(".")
        other = provider.sign({**claims, "sub": "someone-else"}).split(".")[1]
        return f"{header}.{other}.{signature}"

    _refused(_callback_with(provider, sign=tamper))


def test_unsigned_token_is_refused(provider: LoopbackProvider) -> None:
    def unsigned(claims: dict[str, Any]) -> str:
        _header, payload, _signature = provider.sign(claims).split(".")
        return f"eyJhbGciOiJub25lIn0.{payload}."

    _refused(_callback_with(provider, sign=unsigned))


def test_hs256_token_is_refused(provider: LoopbackProvider) -> None:
    secret = JWK.generate(kty="oct", size=256, kid="key-1")
    _refused(_callback_with(provider, sign=lambda c: provider.sign(c, key=secret, alg="HS256")))


@pytest.fixture
def refresh_any_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # The forced-refresh interval protects the issuer from made-up key ids; a rotation a
    # moment after the cache was filled is what these tests are about.
    monkeypatch.setattr(provider_module, "FORCED_REFRESH_INTERVAL_S", 0.0)


def test_unknown_kid_refreshes_the_jwks_once_then_refuses(
    provider: LoopbackProvider, refresh_any_time: None
) -> None:
    # given a JWKS already cached, and a token signed by a key the provider never published
    site_client().get("/login/")
    stranger = rsa_key("key-unknown")
    fetched_before = provider.hits["/oidc/jwks/"]
    # when it arrives
    response = _callback_with(provider, sign=lambda claims: provider.sign(claims, key=stranger))
    # then the JWKS was fetched at most twice (cache fill, then exactly one refresh)
    _refused(response)
    assert provider.hits["/oidc/jwks/"] - fetched_before == 2


def test_made_up_key_ids_refresh_the_jwks_at_most_once_per_interval(
    provider: LoopbackProvider,
) -> None:
    # given a JWKS cached by a login a moment ago
    assert _callback_with(provider, sub="person-0").status_code == 302
    fetched = provider.hits["/oidc/jwks/"]
    # when a burst of tokens arrives, each naming a key id nobody published
    for number in range(5):
        stranger = rsa_key(f"made-up-{number}")
        _refused(_callback_with(provider, sign=lambda c, k=stranger: provider.sign(c, key=k)))
    # then the issuer was not asked again within the interval
    assert provider.hits["/oidc/jwks/"] == fetched


def test_rotated_key_is_found_after_one_refresh(
    provider: LoopbackProvider, refresh_any_time: None
) -> None:
    # given a JWKS cached by an earlier login
    first = _callback_with(provider, sub="person-0")
    assert first.status_code == 302
    jwks_fetches = provider.hits["/oidc/jwks/"]
    # when the provider rotates to a new key
    provider.key = rsa_key("key-2")
    provider.published.append(provider.key)
    response = _callback_with(provider)
    # then the relying party fetches the JWKS once more and accepts the token
    assert response.status_code == 302
    assert provider.hits["/oidc/jwks/"] == jwks_fetches + 1


def test_jwks_is_cached_between_logins(provider: LoopbackProvider) -> None:
    _callback_with(provider, sub="person-a")
    _callback_with(provider, sub="person-b")
    assert provider.hits["/oidc/jwks/"] == 1
    assert provider.hits["/oidc/.well-known/openid-configuration"] == 1


@pytest.mark.parametrize("sub", ["", None])
def test_token_without_subject_is_refused(provider: LoopbackProvider, sub: str | None) -> None:
    response = _callback_with(provider, sub=sub)
    assert response.status_code == 400
    assert "_auth_user_id" not in response.client.session
