"""Discovery and JWKS: the issuer of the contract, RS256 keys, the previous key kept."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.test import Client, override_settings
from jwcrypto import jwk

from shared_apps.identity.keys import key_file_ensure
from tenants.oidc_clients import oidc_issuer
from tests.conftest import BaseOrganisations


def test_discovery_names_the_contract_issuer_and_its_endpoints(
    hub_client: Client, orgs: BaseOrganisations
) -> None:
    # when a relying party reads the discovery document
    response = hub_client.get("/oidc/.well-known/openid-configuration")
    # then everything hangs off the issuer of tenants.oidc_clients
    assert response.status_code == 200
    data = response.json()
    assert oidc_issuer() == "http://hub.test:8000/oidc"
    assert data["issuer"] == "http://hub.test:8000/oidc"
    assert data["authorization_endpoint"] == "http://hub.test:8000/oidc/authorize/"
    assert data["token_endpoint"] == "http://hub.test:8000/oidc/token/"
    assert data["userinfo_endpoint"] == "http://hub.test:8000/oidc/userinfo/"
    assert data["jwks_uri"] == "http://hub.test:8000/oidc/.well-known/jwks.json"
    assert data["end_session_endpoint"] == "http://hub.test:8000/oidc/logout/"
    assert data["introspection_endpoint"] == "http://hub.test:8000/oidc/introspect/"
    assert data["code_challenge_methods_supported"] == ["S256"]
    assert data["response_types_supported"] == ["code"]
    assert data["id_token_signing_alg_values_supported"] == ["RS256"]
    assert data["backchannel_logout_supported"] is True
    assert data["backchannel_logout_session_supported"] is True
    assert {"sub", "sid", "amr", "acr", "email", "picture"} <= set(data["claims_supported"])


def test_the_discovery_document_is_not_served_on_a_subsite(
    alpha_client: Client, orgs: BaseOrganisations
) -> None:
    assert alpha_client.get("/oidc/.well-known/openid-configuration").status_code == 404


def test_jwks_lists_the_active_key_then_the_previous_one(
    hub_client: Client, orgs: BaseOrganisations, tmp_path: Path
) -> None:
    # given a rotation: a new active key, the old one kept as inactive
    old_pem = settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"]
    new_file = tmp_path / "new.pem"
    key_file_ensure(new_file)
    rotated = {
        **settings.OAUTH2_PROVIDER,
        "OIDC_RSA_PRIVATE_KEY": new_file.read_text(),
        "OIDC_RSA_PRIVATE_KEYS_INACTIVE": [old_pem],
    }
    # when the JWKS is read
    with override_settings(OAUTH2_PROVIDER=rotated):
        keys = hub_client.get("/oidc/.well-known/jwks.json").json()["keys"]
    # then both public keys are there, active first, and no private part is published
    expected = [
        jwk.JWK.from_pem(new_file.read_bytes()).thumbprint(),
        jwk.JWK.from_pem(old_pem.encode()).thumbprint(),
    ]
    assert [key["kid"] for key in keys] == expected
    assert all(key["alg"] == "RS256" and key["use"] == "sig" for key in keys)
    assert all("d" not in key for key in keys)


def test_a_missing_signing_key_is_reported_by_the_system_checks() -> None:
    from shared_apps.identity.checks import signing_key_check

    assert signing_key_check(None) == []
    without = {**settings.OAUTH2_PROVIDER, "OIDC_RSA_PRIVATE_KEY": ""}
    with override_settings(OAUTH2_PROVIDER=without):
        assert [message.id for message in signing_key_check(None)] == ["identity.W001"]
