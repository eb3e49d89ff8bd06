"""A person a closed site refused: their verified identity waits in the session for a
little while, so they can enter a code or ask for access without logging in again."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from tenant_apps.accounts.identity import Identity
from tenant_apps.accounts.oidc.redirects import safe_next

PENDING_KEY = "accounts_refused_identity"
PENDING_LIFETIME_S = 15 * 60


@dataclass(frozen=True, slots=True)
class PendingAccess:
    identity: Identity
    next_url: str
    id_token: str  # kept for the session that starts once they are let in
    claims: dict[str, Any]  # exp and sid of that ID token


def access_pending_store(
    *,
    request: HttpRequest,
    identity: Identity,
    next_url: str,
    id_token: str,
    claims: dict[str, Any],
) -> None:
    request.session[PENDING_KEY] = {
        "identity": identity.as_session(),
        "next": safe_next(next_url),
        "id_token": id_token,
        "claims": {"exp": claims.get("exp"), "sid": claims.get("sid")},
        "at": time.time(),
    }


def access_pending_get(*, request: HttpRequest) -> PendingAccess | None:
    """The refused identity and where they were going; None when absent or too old."""
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict) or data.get("at", 0) + PENDING_LIFETIME_S < time.time():
        return None
    identity = Identity.from_session(data.get("identity"))
    if identity is None:
        return None
    claims = data.get("claims")
    return PendingAccess(
        identity=identity,
        next_url=safe_next(data.get("next")),
        id_token=str(data.get("id_token") or ""),
        claims=claims if isinstance(claims, dict) else {},
    )


def access_pending_clear(*, request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)
