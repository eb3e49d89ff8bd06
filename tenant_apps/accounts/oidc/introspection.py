"""OAuth 2.0 Token Introspection (RFC 7662) of bearer access tokens, per organisation.

The answer is cached briefly under a hash of the token (never the token itself), so an
API client's burst costs the provider one call.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import requests
from django.core.cache import cache

from tenant_apps.accounts.oidc.provider import (
    HTTP_TIMEOUT_S,
    ProviderUnavailable,
    provider_metadata,
)
from tenants.oidc_clients import (
    BUILTIN_ISSUER_PATH,
    OidcClient,
    oidc_issuer,
    oidc_issuer_is_builtin,
)

CACHE_S = 60


@dataclass(frozen=True, slots=True)
class Introspection:
    active: bool
    client_id: str = ""
    subject: str = ""


def access_token_introspect(*, token: str, client: OidcClient) -> Introspection:
    digest = hashlib.sha256(f"{client.client_id}\n{token}".encode()).hexdigest()
    key = f"oidc:introspection:{digest}"
    cached = cache.get(key)
    if isinstance(cached, Introspection):
        return cached
    answer = _introspect(token=token, client=client)
    cache.set(key, answer, CACHE_S)
    return answer


def _endpoint() -> str:
    endpoint = provider_metadata(issuer=oidc_issuer()).introspection_endpoint
    if not endpoint and oidc_issuer_is_builtin():
        # django-oauth-toolkit serves introspection without announcing it in discovery.
        endpoint = oidc_issuer() + "/introspect/"
    if not endpoint:
        raise ProviderUnavailable(f"the issuer announces no introspection ({BUILTIN_ISSUER_PATH})")
    return endpoint


def _introspect(*, token: str, client: OidcClient) -> Introspection:
    try:
        response = requests.post(
            _endpoint(),
            data={"token": token, "token_type_hint": "access_token"},
            auth=(client.client_id, client.client_secret),
            timeout=HTTP_TIMEOUT_S,
        )
        body = response.json() if response.status_code == 200 else None
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(str(error)) from error
    if not isinstance(body, dict) or body.get("active") is not True:
        return Introspection(active=False)
    client_id = body.get("client_id")
    subject = body.get("sub")
    if not isinstance(subject, str) or not subject:
        subject = _userinfo_subject(token)
    return Introspection(
        active=True,
        client_id=client_id if isinstance(client_id, str) else "",
        subject=subject,
    )


def _userinfo_subject(token: str) -> str:
    # RFC 7662 makes `sub` optional (django-oauth-toolkit leaves it out); userinfo has it.
    endpoint = provider_metadata(issuer=oidc_issuer()).userinfo_endpoint
    if not endpoint:
        return ""
    try:
        response = requests.get(
            endpoint, headers={"Authorization": f"Bearer {token}"}, timeout=HTTP_TIMEOUT_S
        )
        body = response.json() if response.status_code == 200 else {}
    except (requests.RequestException, ValueError):
        return ""
    subject = body.get("sub") if isinstance(body, dict) else None
    return subject if isinstance(subject, str) else ""
