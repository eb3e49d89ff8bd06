"""Fixtures of the relying-party tests: the loopback test provider as the issuer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client, override_settings

from tenant_apps.accounts.oidc.provider import provider_cache_clear
from tests.accounts.provider import LoopbackProvider
from tests.conftest import ALPHA_HOST, BETA_HOST, HUB_HOST, BaseOrganisations

BROWSER_HEADERS = {
    "HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8",
    "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36",
    "HTTP_SEC_FETCH_MODE": "navigate",
    "HTTP_SEC_FETCH_DEST": "document",
}


@pytest.fixture(scope="session")
def _provider_server() -> LoopbackProvider:
    provider = LoopbackProvider()
    provider.start()
    return provider


@pytest.fixture
def provider(
    _provider_server: LoopbackProvider, orgs: BaseOrganisations
) -> Iterator[LoopbackProvider]:
    _provider_server.reset()
    with override_settings(PLEIN_OIDC_ISSUER=_provider_server.issuer):
        provider_cache_clear(issuer=_provider_server.issuer)
        yield _provider_server
        provider_cache_clear(issuer=_provider_server.issuer)


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def site_client(host: str = ALPHA_HOST) -> Client:
    return Client(HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="en")


def log_in(
    client: Client,
    provider: LoopbackProvider,
    *,
    client_id: str = "plein-alpha",
    next_url: str = "/groups/",
    sub: str = "person-1",
    **claims: Any,
) -> Any:
    """Run the whole code flow for `client`; returns the callback's response."""
    started = client.get("/login/", {"next": next_url})
    assert started.status_code == 302
    code, state = provider.grant(
        started["Location"],
        claims=provider.id_claims(client_id=client_id, nonce="", sub=sub, **claims),
    )
    return client.get("/auth/callback/", {"code": code, "state": state})


__all__ = [
    "ALPHA_HOST",
    "BETA_HOST",
    "BROWSER_HEADERS",
    "HUB_HOST",
    "log_in",
    "query",
    "site_client",
]
