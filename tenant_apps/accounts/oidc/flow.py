"""Authorization code flow with PKCE S256, per organisation.

Pending logins live in the session under mozilla-django-oidc's `oidc_states` (state ->
nonce, code verifier, time), so several tabs can log in at once; we add where to return
to and whether it was a silent check.
"""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests
from django.http import HttpRequest
from mozilla_django_oidc.utils import (
    add_state_and_verifier_and_nonce_to_session,
    generate_code_challenge,
)

from tenant_apps.accounts.oidc.provider import (
    HTTP_TIMEOUT_S,
    ProviderMetadata,
    ProviderUnavailable,
    provider_metadata,
)
from tenant_apps.accounts.oidc.redirects import safe_next
from tenants.oidc_clients import RP_CALLBACK_PATH, OidcClient, oidc_client, oidc_issuer

logger = logging.getLogger(__name__)

STATES_KEY = "oidc_states"
# A pending login older than this is stale: its callback restarts the login.
STATE_LIFETIME_S = 15 * 60
SCOPES = "openid email profile"

# Session keys of a logged-in person.
ID_TOKEN_KEY = "oidc_id_token"
ID_TOKEN_EXPIRES_KEY = "oidc_id_token_expires_at"
SID_KEY = "oidc_sid"


class Mode:
    INTERACTIVE = "interactive"
    SILENT = "silent"  # prompt=none for an anonymous visitor
    REFRESH = "refresh"  # prompt=none to renew an expired ID token


@dataclass(frozen=True, slots=True)
class PendingLogin:
    state: str
    nonce: str
    code_verifier: str
    next_url: str
    mode: str


class CodeExchangeFailed(Exception):
    """The provider refused the code (used, expired, or not ours)."""


def rp_client(request: HttpRequest) -> OidcClient:
    return oidc_client(slug=request.tenant.slug)  # type: ignore[attr-defined]


def rp_metadata() -> ProviderMetadata:
    return provider_metadata(issuer=oidc_issuer())


def callback_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(RP_CALLBACK_PATH)


def login_url(*, request: HttpRequest, next_url: str, mode: str = Mode.INTERACTIVE) -> str:
    """Remember a new pending login in the session and return the provider's URL for it."""
    metadata = rp_metadata()
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    code_verifier = secrets.token_urlsafe(64)
    params: dict[str, str] = {
        "response_type": "code",
        "client_id": rp_client(request).client_id,
        "redirect_uri": callback_uri(request),
        "scope": SCOPES,
        "state": state,
        "nonce": nonce,
        "code_challenge": generate_code_challenge(code_verifier, "S256"),
        "code_challenge_method": "S256",
    }
    if mode != Mode.INTERACTIVE:
        params["prompt"] = "none"
    add_state_and_verifier_and_nonce_to_session(request, state, params, code_verifier)
    request.session[STATES_KEY][state].update(next=safe_next(next_url), mode=mode)
    request.session.modified = True
    return f"{metadata.authorization_endpoint}?{urlencode(params)}"


def pending_login_pop(*, request: HttpRequest, state: str | None) -> PendingLogin | None:
    """The pending login of `state`, removed from the session; None if unknown or stale."""
    states: Any = request.session.get(STATES_KEY)
    if not state or not isinstance(states, dict) or state not in states:
        return None
    entry = states.pop(state)
    request.session.modified = True
    if not isinstance(entry, dict) or entry.get("added_on", 0) + STATE_LIFETIME_S < time.time():
        return None
    return PendingLogin(
        state=state,
        nonce=str(entry.get("nonce") or ""),
        code_verifier=str(entry.get("code_verifier") or ""),
        next_url=safe_next(entry.get("next")),
        mode=str(entry.get("mode") or Mode.INTERACTIVE),
    )


def code_exchange(*, request: HttpRequest, code: str, code_verifier: str) -> dict[str, Any]:
    """Trade the authorization code for tokens at the provider's token endpoint."""
    metadata = rp_metadata()
    client = rp_client(request)
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": callback_uri(request),
        "code_verifier": code_verifier,
    }
    auth: tuple[str, str] | None = (client.client_id, client.client_secret)
    if "client_secret_basic" not in metadata.token_endpoint_auth_methods:
        data.update(client_id=client.client_id, client_secret=client.client_secret)
        auth = None
    try:
        response = requests.post(
            metadata.token_endpoint, data=data, auth=auth, timeout=HTTP_TIMEOUT_S
        )
    except requests.RequestException as error:
        raise ProviderUnavailable(str(error)) from error
    if response.status_code >= 500:
        raise ProviderUnavailable(f"token endpoint answered {response.status_code}")
    try:
        body = response.json()
    except ValueError as error:
        raise ProviderUnavailable("token endpoint answered no JSON") from error
    if response.status_code != 200 or not isinstance(body, dict) or "id_token" not in body:
        error_code = body.get("error") if isinstance(body, dict) else None
        raise CodeExchangeFailed(str(error_code or response.status_code))
    return body


# Profile claims the account is built from; a provider may keep them out of the ID token
# and serve them at userinfo only (OIDC Core 5.4, as oidc-provider does for the code flow).
PROFILE_CLAIMS = ("email", "email_verified", "name", "given_name", "family_name", "locale")


def userinfo_claims_merge(*, claims: dict[str, Any], access_token: str) -> dict[str, Any]:
    """The ID token's claims plus the profile claims only userinfo has.

    Asked only when the ID token lacks them, so the built-in provider costs no extra
    request. Userinfo never overrides the ID token, and its `sub` must be the same person
    (OIDC Core 5.3.2); an unreachable or odd userinfo leaves the ID token's claims alone.
    """
    if all(name in claims for name in PROFILE_CLAIMS) or not access_token:
        return claims
    try:
        endpoint = rp_metadata().userinfo_endpoint
    except ProviderUnavailable:
        return claims
    if not endpoint:
        return claims
    try:
        response = requests.get(
            endpoint,
            headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"},
            timeout=HTTP_TIMEOUT_S,
        )
        userinfo = response.json() if response.status_code == 200 else None
    except (requests.RequestException, ValueError):
        logger.warning("userinfo could not be read; using the ID token's claims", exc_info=True)
        return claims
    if not isinstance(userinfo, dict) or userinfo.get("sub") != claims.get("sub"):
        logger.warning("userinfo answered for another subject or not at all; ignored")
        return claims
    extra = {name: userinfo[name] for name in PROFILE_CLAIMS if name in userinfo}
    return {**extra, **claims}


def end_session_url(*, request: HttpRequest, id_token: str) -> str:
    """RP-initiated logout at the provider, back to this site's home page; "/" without one."""
    try:
        endpoint = rp_metadata().end_session_endpoint
    except ProviderUnavailable:
        return "/"
    if not endpoint:
        return "/"
    params = {
        "post_logout_redirect_uri": request.build_absolute_uri("/"),
        "client_id": rp_client(request).client_id,
    }
    if id_token:
        params["id_token_hint"] = id_token
    return f"{endpoint}?{urlencode(params)}"
