"""Facet counts of searches without words (the front page, browsing by filter), kept
until the index's facet-relevant content or the organisations change.

Counting every listed group by organisation, language and tag takes tens of
milliseconds at 25,000 groups, and the answer only changes when a group enters or
leaves the index, changes its tags or language, or an organisation changes status,
name or kind. So each answer is stored under a key made of the index's version (a token
that triggers replace on every such write, see migration 0003) and a fingerprint of the
active organisations, both read in one small query before counting: a change makes a
new key at once, and stale entries simply expire. Searches with words are not cached:
their number is unbounded, and they match far fewer rows.
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock
from typing import Any

from django.core.cache import cache
from django.db import connection

from shared_apps.hub.search_sql import SearchFilters
from tenants.models import OrganisationStatus

logger = logging.getLogger(__name__)

CACHE_TTL_S = 24 * 3600
# A few hundred filter combinations cover nearly all browsing; each entry is small.
_LOCAL_ENTRIES = 256
_STATE_SQL = """
SELECT
    (SELECT version::text FROM hub_facets_version WHERE id = 1),
    (SELECT md5(string_agg(concat_ws(':', id, slug, kind, name), ',' ORDER BY id))
     FROM tenants_organisation WHERE status = %s)
"""


@dataclass(frozen=True, slots=True)
class FacetCounts:
    total: int
    rows: list[list[Any]]  # [organisation slug, name, kind, language, count]
    tags: list[list[Any]]  # [tag, count], most frequent first


# This process's copy of the latest entries, so that a hit costs neither a Redis round
# trip nor unpickling; the key still comes from the database on every search.
_local: OrderedDict[str, FacetCounts] = OrderedDict()
_local_lock = Lock()


def facet_cache_key(*, filters: SearchFilters) -> str | None:
    """The key for the counts of these filters in the index's current state; None for a
    search with words (not cached) or when the version row is missing."""
    if filters.q:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_STATE_SQL, [OrganisationStatus.ACTIVE.value])
        version, organisations = cursor.fetchone()
    if version is None:
        return None
    chosen = "\x1f".join(
        value or "" for value in (filters.organisation, filters.kind, filters.tag, filters.language)
    )
    digest = hashlib.sha256(chosen.encode()).hexdigest()[:20]
    return f"hub-facets:{version}:{organisations}:{digest}"


def facet_cache_get(*, key: str) -> FacetCounts | None:
    with _local_lock:
        found = _local.get(key)
        if found is not None:
            _local.move_to_end(key)
            return found
    stored = cache.get(key)  # a cache outage reads as a miss (IGNORE_EXCEPTIONS)
    if isinstance(stored, FacetCounts):
        _remember(key, stored)
        return stored
    return None


def facet_cache_set(*, key: str, counts: FacetCounts) -> None:
    _remember(key, counts)
    cache.set(key, counts, CACHE_TTL_S)


def facet_cache_clear_local() -> None:
    """Forget this process's copies (tests that count queries start cold)."""
    with _local_lock:
        _local.clear()


def _remember(key: str, counts: FacetCounts) -> None:
    with _local_lock:
        _local[key] = counts
        _local.move_to_end(key)
        while len(_local) > _LOCAL_ENTRIES:
            _local.popitem(last=False)
