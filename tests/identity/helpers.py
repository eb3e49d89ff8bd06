"""Driving the provider like a relying party would, through Django's test client."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from django.test import Client
from jwcrypto import jwk, jwt

from tenant_apps.accounts.models import User
from tenants.oidc_clients import oidc_client, rp_redirect_uris
from tests.conftest import HUB_HOST

PASSWORD = "Correct-Horse-Battery-42"


@dataclass(frozen=True)
class Pkce:
    verifier: str
    challenge: str


def pkce_pair() -> Pkce:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return Pkce(verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode())


def person_create(*, email: str = "anna@example.org", password: str = PASSWORD) -> User:
    from shared_apps.identity.services.people import person_register

    return person_register(email=email, password=password, first_name="Anna", last_name="Smit")


def login(browser: Client, *, email: str = "anna@example.org", password: str = PASSWORD) -> Any:
    return browser.post("/account/login/", {"username": email, "password": password})


def authorize_params(
    *, slug: str, domain: str, pkce: Pkce | None, state: str = "st4te", **extra: str
) -> dict[str, str]:
    params = {
        "response_type": "code",
        "client_id": oidc_client(slug=slug).client_id,
        "redirect_uri": rp_redirect_uris(domains=[domain])[0],
        "scope": "openid profile email",
        "state": state,
        "nonce": "n0nce",
    }
    if pkce is not None:
        params |= {"code_challenge": pkce.challenge, "code_challenge_method": "S256"}
    return params | extra


def authorize(browser: Client, params: dict[str, str]) -> Any:
    return browser.get(f"/oidc/authorize/?{urlencode(params)}")


def callback_query(response: Any) -> dict[str, str]:
    """The query the provider redirected to the relying party's callback with."""
    assert response.status_code == 302, response.content[:500]
    return {
        key: values[0] for key, values in parse_qs(urlparse(response["Location"]).query).items()
    }


def basic_auth(slug: str) -> str:
    client = oidc_client(slug=slug)
    raw = f"{client.client_id}:{client.client_secret}".encode()
    return "Basic " + base64.b64encode(raw).decode()


def token_request(*, slug: str, domain: str, code: str, verifier: str | None) -> Any:
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": rp_redirect_uris(domains=[domain])[0],
    }
    if verifier is not None:
        data["code_verifier"] = verifier
    return Client(HTTP_HOST=HUB_HOST).post(
        "/oidc/token/", data, HTTP_AUTHORIZATION=basic_auth(slug)
    )


def code_flow(browser: Client, *, slug: str, domain: str, **extra: str) -> dict[str, Any]:
    """authorize → (already logged in) code → token; returns the token response."""
    pkce = pkce_pair()
    query = callback_query(
        authorize(browser, authorize_params(slug=slug, domain=domain, pkce=pkce, **extra))
    )
    response = token_request(slug=slug, domain=domain, code=query["code"], verifier=pkce.verifier)
    assert response.status_code == 200, response.content
    return dict(response.json())


def jwks() -> jwk.JWKSet:
    body = Client(HTTP_HOST=HUB_HOST).get("/oidc/.well-known/jwks.json").content
    return jwk.JWKSet.from_json(body)


def verified_claims(
    token: str, *, keys: jwk.JWKSet | None = None, **expected: Any
) -> dict[str, Any]:
    """Verify the signature (RS256 only) and the expected claims; returns every claim."""
    checked = jwt.JWT(
        jwt=token,
        key=keys or jwks(),
        algs=["RS256"],
        check_claims={"exp": None, **expected},
    )
    return dict(json.loads(checked.claims))
