"""Host → organisation resolution without SQL in steady state.

Every process keeps the whole host map in memory and reloads it only when the routing
version in Redis changes (one Redis GET per request, no SQL). Every write to an
organisation or domain bumps that version (see tenants.models). When Redis cannot be
asked, the map is reloaded at most every PLEIN_ROUTING_FALLBACK_TTL_S seconds instead,
and Redis is not asked again until then, so an outage costs neither errors nor latency.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django_redis import get_redis_connection
from redis.exceptions import RedisError

from tenants.models import Domain, Organisation

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Route:
    organisation: Organisation
    is_primary: bool
    primary_domain: str


@dataclass(slots=True)
class _HostMap:
    routes: dict[str, Route]
    version: bytes | None
    loaded_at: float
    local_generation: int


_lock = threading.Lock()
_map: _HostMap | None = None
# Bumped by this process on its own writes so it never waits for Redis to see them.
_local_generation = 0
_redis_unreachable_until = 0.0


def normalise_host(host: str) -> str:
    return host.strip().rstrip(".").lower()


def route_for_host(host: str) -> Route | None:
    """The route for a bare host name (no port), or None for an unknown host."""
    return _current_map().routes.get(normalise_host(host))


def routing_version_bump() -> None:
    """Tell every process to reload its host map (called on each organisation/domain write)."""
    global _local_generation, _redis_unreachable_until
    with _lock:
        _local_generation += 1
    if time.monotonic() < _redis_unreachable_until:
        return  # known to be down, and already said so: the fallback TTL covers it
    try:
        _redis().incr(_version_key())
    except RedisError:
        logger.warning(
            "Could not bump the routing version in Redis; other processes "
            "pick the change up within the fallback TTL."
        )
        _redis_unreachable_until = time.monotonic() + settings.PLEIN_ROUTING_FALLBACK_TTL_S


def routing_reset() -> None:
    """Forget the host map of this process (tests, and after bulk changes in scripts)."""
    global _map
    with _lock:
        _map = None


def _current_map() -> _HostMap:
    global _map
    current = _map
    version = _read_version()
    if current is not None and current.local_generation == _local_generation:
        if version is not None and version == current.version:
            return current
        if version is None and (
            time.monotonic() - current.loaded_at < settings.PLEIN_ROUTING_FALLBACK_TTL_S
        ):
            return current
    with _lock:
        generation = _local_generation
    fresh = _HostMap(
        routes=_load_routes(),
        version=version,
        loaded_at=time.monotonic(),
        local_generation=generation,
    )
    _map = fresh
    return fresh


def _read_version() -> bytes | None:
    """The routing version in Redis, or None when Redis cannot be asked right now."""
    global _redis_unreachable_until
    if time.monotonic() < _redis_unreachable_until:
        return None
    try:
        value = _redis().get(_version_key())
    except RedisError:
        logger.warning(
            "Redis unreachable for tenant routing; using a %ss reload interval.",
            settings.PLEIN_ROUTING_FALLBACK_TTL_S,
        )
        _redis_unreachable_until = time.monotonic() + settings.PLEIN_ROUTING_FALLBACK_TTL_S
        return None
    # A missing key (fresh Redis) is a version too: the map stays valid until a bump.
    return value if value is not None else b"0"


def _version_key() -> str:
    # Not a tenant-aware cache key on purpose: one version for the whole platform.
    return f"{settings.CACHES['default'].get('KEY_PREFIX', 'plein')}:routing-version"


def _redis():  # type: ignore[no-untyped-def]
    return get_redis_connection("default")


def _load_routes() -> dict[str, Route]:
    # The registry lives in the public schema, which is on every search_path.
    domains = list(Domain.objects.select_related("tenant").order_by("-is_primary", "domain"))
    primary_by_tenant: dict[int, str] = {}
    for domain in domains:
        if domain.is_primary:
            primary_by_tenant.setdefault(domain.tenant_id, domain.domain)
    routes: dict[str, Route] = {}
    for domain in domains:
        primary = primary_by_tenant.get(domain.tenant_id, domain.domain)
        routes[normalise_host(domain.domain)] = Route(
            organisation=domain.tenant,
            is_primary=domain.domain == primary,
            primary_domain=primary,
        )
    return routes
