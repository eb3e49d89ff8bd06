"""The issuer's discovery document and JWKS, cached in-process and in Redis with a TTL.

Every worker would otherwise fetch both on each login. The in-process copy makes the
steady state free; Redis shares a fetch between workers. A Redis outage degrades to
fetching from the issuer.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings
from django_redis import get_redis_connection
from jwcrypto.jwk import JWKSet

logger = logging.getLogger(__name__)

HTTP_TIMEOUT_S = 5.0


class ProviderUnavailable(Exception):
    """The issuer could not be reached or answered something unusable."""


@dataclass(frozen=True, slots=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str
    introspection_endpoint: str
    userinfo_endpoint: str
    token_endpoint_auth_methods: tuple[str, ...]


_memory: dict[str, tuple[float, Any]] = {}
_failures: dict[str, float] = {}
FAILURE_BACKOFF_S = 10.0
FORCED_REFRESH_INTERVAL_S = 30.0
_lock = threading.Lock()


def _ttl() -> float:
    return float(getattr(settings, "PLEIN_OIDC_METADATA_TTL_S", 3600))


def _redis_key(kind: str, issuer: str) -> str:
    digest = hashlib.sha256(issuer.encode()).hexdigest()[:32]
    return f"{settings.CACHES['default'].get('KEY_PREFIX', 'plein')}:oidc:{kind}:{digest}"


def _cached_json(*, kind: str, issuer: str, url: str, refresh: bool) -> Any:
    memory_key = f"{kind}:{issuer}"
    now = time.monotonic()
    if refresh:
        # A forced refresh (an unknown `kid`) is honoured at most once per interval: tokens
        # with made-up key ids, sent to the unauthenticated back-channel endpoint, must not
        # turn into one request to the issuer each.
        with _lock:
            hit = _memory.get(memory_key)
        if hit is not None and hit[0] - _ttl() + FORCED_REFRESH_INTERVAL_S > now:
            return hit[1]
    else:
        with _lock:
            hit = _memory.get(memory_key)
        if hit is not None and hit[0] > now:
            return hit[1]
        stored = _redis_get(_redis_key(kind, issuer))
        if stored is not None:
            with _lock:
                _memory[memory_key] = (now + _ttl(), stored)
            return stored
    failed_until = _failures.get(memory_key, 0.0)
    if failed_until > now:
        raise ProviderUnavailable(f"{url}: failed moments ago")
    try:
        document = _fetch_json(url)
    except ProviderUnavailable:
        # Do not let every request of a burst wait on an issuer that is down.
        _failures[memory_key] = now + FAILURE_BACKOFF_S
        raise
    _failures.pop(memory_key, None)
    with _lock:
        _memory[memory_key] = (now + _ttl(), document)
    _redis_set(_redis_key(kind, issuer), document)
    return document


def _redis_get(key: str) -> Any:
    try:
        raw = get_redis_connection("default").get(key)
    except Exception:  # Redis down: fetch from the issuer instead
        logger.warning("OIDC metadata cache unavailable", exc_info=True)
        return None
    return json.loads(raw) if raw else None


def _redis_set(key: str, document: Any) -> None:
    try:
        get_redis_connection("default").set(key, json.dumps(document), ex=int(_ttl()))
    except Exception:
        logger.warning("OIDC metadata cache unavailable", exc_info=True)


def _fetch_json(url: str) -> Any:
    try:
        response = requests.get(url, timeout=HTTP_TIMEOUT_S)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"{url}: {error}") from error


def provider_metadata(*, issuer: str) -> ProviderMetadata:
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    document = _cached_json(kind="discovery", issuer=issuer, url=url, refresh=False)
    try:
        if document["issuer"].rstrip("/") != issuer.rstrip("/"):
            # OpenID Connect Discovery 1.0 §4.3: a mismatch means a document not ours.
            raise ProviderUnavailable(f"discovery issuer {document['issuer']!r} != {issuer!r}")
        return ProviderMetadata(
            issuer=document["issuer"],
            authorization_endpoint=document["authorization_endpoint"],
            token_endpoint=document["token_endpoint"],
            jwks_uri=document["jwks_uri"],
            end_session_endpoint=document.get("end_session_endpoint", ""),
            introspection_endpoint=document.get("introspection_endpoint", ""),
            userinfo_endpoint=document.get("userinfo_endpoint", ""),
            token_endpoint_auth_methods=tuple(
                document.get("token_endpoint_auth_methods_supported", ["client_secret_basic"])
            ),
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise ProviderUnavailable(f"incomplete discovery document: {error}") from error


def provider_jwks(*, issuer: str, refresh: bool = False) -> JWKSet:
    """The issuer's signing keys; `refresh` skips both caches (an unknown `kid`)."""
    metadata = provider_metadata(issuer=issuer)
    document = _cached_json(kind="jwks", issuer=issuer, url=metadata.jwks_uri, refresh=refresh)
    try:
        return JWKSet.from_json(json.dumps(document))
    except Exception as error:
        raise ProviderUnavailable(f"unusable JWKS: {error}") from error


def provider_cache_clear(*, issuer: str) -> None:
    """Forget both cached documents of `issuer` (a rotated key set, a changed issuer)."""
    with _lock:
        for kind in ("discovery", "jwks"):
            _memory.pop(f"{kind}:{issuer}", None)
            _failures.pop(f"{kind}:{issuer}", None)
    try:
        get_redis_connection("default").delete(
            _redis_key("discovery", issuer), _redis_key("jwks", issuer)
        )
    except Exception:
        logger.warning("OIDC metadata cache unavailable", exc_info=True)
