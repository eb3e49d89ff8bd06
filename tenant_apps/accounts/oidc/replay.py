"""Logout tokens are single use: each jti is remembered in Redis for as long as a token
with it could still be accepted (its iat window), then forgotten."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django_redis import get_redis_connection

from tenant_apps.accounts.oidc.tokens import CLOCK_SKEW_S, LOGOUT_TOKEN_MAX_AGE_S


class ReplayStoreUnavailable(Exception):
    """Redis cannot be asked; the provider should deliver again later."""


def logout_token_first_use(*, client_id: str, jti: str) -> bool:
    """True the first time this (client, jti) is seen; False for a replay."""
    digest = hashlib.sha256(f"{client_id}\n{jti}".encode()).hexdigest()
    key = f"{settings.CACHES['default'].get('KEY_PREFIX', 'plein')}:oidc:logout-jti:{digest}"
    try:
        first = get_redis_connection("default").set(
            key, b"1", nx=True, ex=LOGOUT_TOKEN_MAX_AGE_S + 2 * CLOCK_SKEW_S
        )
    except Exception as error:
        raise ReplayStoreUnavailable(str(error)) from error
    return bool(first)
