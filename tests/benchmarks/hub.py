"""Hub search over 25,000 groups in 500 organisations, against the naive way; freshness.

The data set is `seed_demo --organisations 500 --groups-per-organisation 50` (plus the
hub on hub.localhost). Seeding takes minutes, so the seeded database is kept as a
PostgreSQL template database named after a hash of everything that decides its content
(the migrated base's code state, the seeding and indexing code, the counts) and copied
with CREATE DATABASE ... TEMPLATE on later runs; BENCH_FRESH=1 rebuilds it.

Measured in a Django process on that copy:

- search: a fixed mix of QUERIES searches (empty query with facets, Dutch and English
  words and phrases, filters by organisation kind, tag, organisation and language, the
  three sorts, later pages) through the selector `hub_groups_search` in-process, and the
  same mix through the HTTP API `/api/v1/hub/groups` of a gunicorn server; the mix again
  with the facet cache switched off (every search counts its facets: the cold case);
- explain: EXPLAIN ANALYZE of the search statement for the heaviest shapes (the most
  common word, a rare word, no words with broad filters), facets always counted;
- naive: NAIVE_QUERIES of the same searches done the way the hub avoids, one UNION ALL
  over the groups tables of all 500 schemas (full-text match computed on the fly, tags
  joined per schema) with the same filters, sort and facet counts (organisation, kind,
  tag; there is no language column to facet on);
- freshness: with a real Celery worker (a subprocess on a broker database of this
  benchmark's own), the time from the start of `group_update` turning a secret group
  public to that group being returned by `hub_groups_search`, FRESHNESS_SAMPLES times.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.client
import json
import os
import random
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from typing import Any

import redis

from tests.benchmarks.common import (
    BASE_DB_PREFIX,
    REDIS_URL,
    ROOT,
    _admin,
    _database_exists,
    _databases_with_prefix,
    _drop_database,
    _state_key,
    bench_env,
    manage,
    p50,
    percentile,
    print_table,
    run_worker,
    running_server,
    worker_result,
    write_json,
)

NAME = "hub"
DATABASE = "plein_bench_hub"
SEED_PREFIX = "plein_bench_hubseed_"
CACHE_PREFIX = "benchhub"
# A broker database of this benchmark's own: its worker takes only this run's tasks.
BROKER_URL = "redis://127.0.0.1:6379/13"
HUB_HOST = "hub.localhost"
ORGANISATIONS = 500
GROUPS_PER_ORGANISATION = 50
PREFIX = "bhub"
QUERIES = 240
NAIVE_QUERIES = 12
FRESHNESS_SAMPLES = 25
FRESHNESS_TIMEOUT_S = 30.0
# What decides the seeded database besides the migrated base (see _seed_key).
SEED_SOURCES = (
    "tenants/management/commands/seed_demo.py",
    "tenants/demo_data.py",
    "tenants/services.py",
    "shared_apps/hub/services.py",
    "shared_apps/hub/models.py",
)

DUTCH_WORDS = (
    "klimaat", "water", "omgevingswet", "jeugdzorg", "energie", "privacy", "woningbouw",
    "participatie", "inkoop", "veiligheid", "archief", "dienstverlening", "stikstof",
    "erfgoed", "mobiliteit", "werkgroep", "kennisnetwerk", "wijkteams", "dijken",
    '"open data"', "klimaat -water", "energie or warmtenet", "toegankelijkheid",
)  # fmt: skip
ENGLISH_WORDS = (
    "climate", "housing", "security", "procurement", "network", "working group", "data",
    "accessibility", "heritage", "youth care", "energy", "mobility", "nitrogen",
    "community of practice", "privacy", '"open data"', "biodiversity", "permits",
)  # fmt: skip
TAGS = (
    "klimaat", "water", "veiligheid", "sociaal domein", "digitaal", "privacy", "energie",
    "inkoop", "natuur", "woo",
)  # fmt: skip
KINDS = ("ministry", "province", "municipality", "water_board", "agency", "other")
SORTS = ("relevance", "activity", "members")


def run() -> dict[str, Any]:
    env = bench_env(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        CACHE_KEY_PREFIX=CACHE_PREFIX,
        CELERY_BROKER_URL=BROKER_URL,
        PLEIN_HUB_DOMAIN=HUB_HOST,
    )
    try:
        setup = _seeded_database(env)
        _broker_flush()
        with _celery_worker(env) as worker, running_server(env, workers=2) as server:
            result = run_worker(f"tests.benchmarks.{NAME}", "--port", str(server.port), env=env)
            if worker.poll() is not None:
                raise RuntimeError("the Celery worker died during the benchmark")
    finally:
        _drop_database(DATABASE)
        _cleanup()
    search, http_ms, naive = result["search_ms"], result["http_ms"], result["naive_ms"]
    freshness = result["freshness_s"]
    data: dict[str, Any] = {
        "search_p95_ms": percentile(search, 95),
        "naive_search_p95_ms": percentile(naive, 95),
        "freshness_p95_s": percentile(freshness, 95),
        "groups_indexed": result["groups_indexed"],
        "search_p50_ms": p50(search),
        "search_uncached_p95_ms": percentile(result["uncached_ms"], 95),
        "search_uncached_p50_ms": p50(result["uncached_ms"]),
        "statements_per_search": result["statements_per_search"],
        "explain_ms": result["explain_ms"],
        "search_max_ms": max(search),
        "http_search_p95_ms": percentile(http_ms, 95),
        "http_search_p50_ms": p50(http_ms),
        "http_errors": len(result["http_errors"]),
        "naive_search_p50_ms": p50(naive),
        "freshness_p50_s": p50(freshness),
        "freshness_max_s": max(freshness),
        "samples": {
            "search": len(search),
            "http": len(http_ms),
            "naive": len(naive),
            "freshness": len(freshness),
        },
        "organisations": result["organisations"],
        "groups_in_schemas": result["groups_in_schemas"],
        "queries_by_type": result["queries_by_type"],
        "database_setup_s": setup["setup_s"],
        "seed_cached": setup["cached"],
        "seed_s": setup.get("seed_s"),
        "raw": result,
    }
    print_table(
        f"hub: search over {data['groups_indexed']} indexed groups "
        f"in {data['organisations']} organisations",
        [
            ("search p95, selector in-process (ms)", data["search_p95_ms"], "< 20 ms"),
            ("search p50, selector in-process (ms)", data["search_p50_ms"], f"{len(search)} q"),
            (
                "search p95, facets never cached (ms)",
                data["search_uncached_p95_ms"],
                f"p50 {data['search_uncached_p50_ms']:.1f}",
            ),
            (
                "SQL statements per search",
                data["statements_per_search"],
                "with words; without: +1 (cache key)",
            ),
            ("search p95, HTTP API (ms)", data["http_search_p95_ms"], f"{len(http_ms)} requests"),
            ("search p50, HTTP API (ms)", data["http_search_p50_ms"], "gunicorn, 2 workers"),
            ("HTTP API answers other than 200", data["http_errors"], "expected 0"),
            ("naive p95, UNION ALL over all schemas (ms)", data["naive_search_p95_ms"], "baseline"),
            ("naive p50 (ms)", data["naive_search_p50_ms"], f"{len(naive)} queries"),
            ("freshness p95, group public → in search (s)", data["freshness_p95_s"], "< 5 s"),
            ("freshness p50 (s)", data["freshness_p50_s"], f"{len(freshness)} samples"),
            ("groups indexed", data["groups_indexed"], f"of {data['groups_in_schemas']} groups"),
            (
                "database setup (s)",
                data["database_setup_s"],
                "copied from the seeded template" if setup["cached"] else "seeded now",
            ),
        ],
    )
    print_table(
        "hub: EXPLAIN ANALYZE of the search statement, facets counted (not cached)",
        [(shape, ms, "execution ms") for shape, ms in data["explain_ms"].items()],
    )
    write_json(NAME, data)
    return data


# --- the seeded database ---------------------------------------------------------------


def _seed_key(env: dict[str, str]) -> str:
    digest = hashlib.sha256(_state_key(env).encode())
    digest.update(f"{ORGANISATIONS}x{GROUPS_PER_ORGANISATION}:{PREFIX}:{HUB_HOST}".encode())
    for source in SEED_SOURCES:
        digest.update(source.encode())
        digest.update((ROOT / source).read_bytes())
    return digest.hexdigest()[:16]


def _seeded_database(env: dict[str, str]) -> dict[str, Any]:
    """This benchmark's database, copied from the seeded template (built when missing)."""
    started = time.perf_counter()
    seed = f"{SEED_PREFIX}{_seed_key(env)}"
    building = f"{SEED_PREFIX}building"
    if os.environ.get("BENCH_FRESH") == "1":
        _drop_database(seed)
    report: dict[str, Any] = {"cached": _database_exists(seed)}
    if not report["cached"]:
        for stale in _databases_with_prefix(SEED_PREFIX):
            _drop_database(stale)
        seed_env = {**env, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{building}"}
        base = f"{BASE_DB_PREFIX}{_state_key(bench_env())}"
        if _database_exists(base):
            _admin(f'CREATE DATABASE "{building}" TEMPLATE "{base}"')
        else:
            # Migrated here rather than through the shared plein_bench database, which
            # another benchmark may be using at this very moment.
            print(f"migrating {building} (no migrated base for this code state) ...", flush=True)
            _admin(f'CREATE DATABASE "{building}"')
            manage("migrate", "--verbosity", "0", "--skip-pool", env=seed_env)
        print(
            f"seeding {ORGANISATIONS} organisations x {GROUPS_PER_ORGANISATION} groups into a "
            f"new template database {seed} (once per code state) ...",
            flush=True,
        )
        seeding = time.perf_counter()
        manage("ensure_hub", "--domain", HUB_HOST, env=seed_env, quiet=True)
        manage(
            "seed_demo", "--organisations", str(ORGANISATIONS), "--prefix", PREFIX,
            "--groups-per-organisation", str(GROUPS_PER_ORGANISATION), "--skip-pool",
            env=seed_env,
        )  # fmt: skip
        report["seed_s"] = time.perf_counter() - seeding
        _admin(f'ALTER DATABASE "{building}" RENAME TO "{seed}"')
    _drop_database(DATABASE)
    _admin(f'CREATE DATABASE "{DATABASE}" TEMPLATE "{seed}"')
    report["setup_s"] = time.perf_counter() - started
    return report


def _broker_flush() -> None:
    with contextlib.suppress(redis.RedisError):
        redis.Redis.from_url(BROKER_URL).flushdb()


def _cleanup() -> None:
    _broker_flush()
    with contextlib.suppress(redis.RedisError):
        cache = redis.Redis.from_url(REDIS_URL)
        keys = list(cache.scan_iter(match=f"{CACHE_PREFIX}:*", count=1000))
        if keys:
            cache.delete(*keys)


@contextlib.contextmanager
def _celery_worker(env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    log = ROOT / ".bench" / f"{NAME}-worker.log"
    log.parent.mkdir(exist_ok=True)
    with log.open("wb") as output:
        worker = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "config", "worker",
                "--pool", "prefork", "--concurrency", "2", "--loglevel", "WARNING",
                "--without-heartbeat", "--without-gossip", "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            yield worker
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


# --- the worker (runs in a Django process) ---------------------------------------------


def query_mix(organisation_slugs: list[str], count: int) -> list[dict[str, Any]]:
    """`count` searches as people make them: a fixed, reproducible mix."""
    rng = random.Random(2025)
    queries: list[dict[str, Any]] = [
        {"q": "", "sort": sort, "type": "empty with facets"} for sort in ("activity", "members")
    ]
    while len(queries) < count:
        roll = rng.random()
        query: dict[str, Any] = {"q": "", "sort": rng.choice(SORTS)}
        if roll < 0.15:
            query["type"] = "empty with facets"
        elif roll < 0.45:
            query.update(q=rng.choice(DUTCH_WORDS), type="dutch words")
        elif roll < 0.65:
            query.update(q=rng.choice(ENGLISH_WORDS), type="english words")
        elif roll < 0.75:
            query.update(kind=rng.choice(KINDS), type="kind filter")
        elif roll < 0.85:
            query.update(tag=rng.choice(TAGS), type="tag filter")
        elif roll < 0.95:
            query.update(organisation=rng.choice(organisation_slugs), type="organisation filter")
        else:
            query.update(language=rng.choice(("nl", "en")), type="language filter")
        # Searches that combine a query with a filter, and people who page on.
        if query["type"].endswith("words") and rng.random() < 0.3:
            if rng.random() < 0.5:
                query["kind"] = rng.choice(KINDS)
            else:
                query["tag"] = rng.choice(TAGS)
        if rng.random() < 0.15:
            query["page"] = rng.randint(2, 4)
        queries.append(query)
    return queries


def _worker(port: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection

    from shared_apps.hub.models import HubGroup
    from shared_apps.hub.selectors import hub_groups_search
    from tenants.models import Organisation

    organisations = list(
        Organisation.objects.exclude(schema_name="public")
        .filter(slug__startswith=f"{PREFIX}-")
        .order_by("slug")
        .values_list("slug", "schema_name", "kind")
    )
    with connection.cursor() as cursor:
        # A database copied from a template starts with empty activity counters, so
        # autovacuum would not analyse the freshly written index for a while: without
        # statistics the planner picks per-organisation loops. Production is analysed.
        cursor.execute("ANALYZE hub_hubgroup")
        cursor.execute("ANALYZE tenants_organisation")
    slugs = [slug for slug, _schema, _kind in organisations]
    queries = query_mix(slugs, QUERIES)
    result: dict[str, Any] = {
        "organisations": len(organisations),
        "groups_indexed": HubGroup.objects.count(),
        "queries_by_type": {},
    }
    for query in queries:
        result["queries_by_type"][query["type"]] = (
            result["queries_by_type"].get(query["type"], 0) + 1
        )
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(
                f'SELECT count(*) FROM "{schema}".groups_group' for _s, schema, _k in organisations
            )
        )
        result["groups_in_schemas"] = sum(row[0] for row in cursor.fetchall())

    def search(query: dict[str, Any]) -> Any:
        return hub_groups_search(**{k: v for k, v in query.items() if k != "type"})

    # Untimed: imports, the connection, PostgreSQL's caches.
    for query in queries[:20]:
        search(query)
    result["search_ms"] = []
    for query in queries:
        started = time.perf_counter()
        found = search(query)
        result["search_ms"].append((time.perf_counter() - started) * 1000)
        if not query["q"] and "page" not in query and not found.facets:
            raise RuntimeError(f"no facets for {query}")
    print(f"  selector: {len(queries)} searches, p95 {percentile(result['search_ms'], 95):.1f} ms")

    result["uncached_ms"] = _uncached_search(queries)
    print(
        f"  uncached: {len(queries)} searches, p95 {percentile(result['uncached_ms'], 95):.1f} ms"
    )
    result["statements_per_search"] = _statements_per_search()
    result["explain_ms"] = _explain(slugs)
    print(f"  explain: {result['explain_ms']}")

    result["http_ms"], result["http_errors"] = _http_search(port, queries)
    print(
        f"  HTTP API: {len(queries)} searches, p95 {percentile(result['http_ms'], 95):.1f} ms, "
        f"{len(result['http_errors'])} not answered 200: {result['http_errors'][:5]}"
    )

    result["naive_ms"] = _naive_search(organisations, queries)
    print(f"  naive: {NAIVE_QUERIES} searches, p95 {percentile(result['naive_ms'], 95):.0f} ms")

    result["freshness_s"] = _freshness(organisations)
    print(f"  freshness: p95 {percentile(result['freshness_s'], 95):.2f} s", flush=True)
    return result


def _uncached_search(queries: list[dict[str, Any]]) -> list[float]:
    """The mix with the facet cache off: what a search costs when its counts are not
    known yet (the first search after a change of the index, or any new filter)."""
    from shared_apps.hub import selectors

    cached_key = selectors.facet_cache_key
    selectors.facet_cache_key = lambda **_kwargs: None  # type: ignore[assignment]
    try:
        timings = []
        for query in queries:
            started = time.perf_counter()
            selectors.hub_groups_search(**{k: v for k, v in query.items() if k != "type"})
            timings.append((time.perf_counter() - started) * 1000)
        return timings
    finally:
        selectors.facet_cache_key = cached_key


def _statements_per_search() -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shared_apps.hub.selectors import hub_groups_search

    with CaptureQueriesContext(connection) as captured:
        hub_groups_search(q="klimaat", sort="relevance")
    return len(captured.captured_queries)


# The heaviest shapes: the most common word of the data set (Dutch "de" is a stop word
# there, but not in English, so it matches about a quarter of the groups), a common and
# a rare word, and no words at all with and without broad filters.
EXPLAIN_SHAPES: dict[str, dict[str, Any]] = {
    "common word 'de', relevance": {"q": "de", "sort": "relevance"},
    "common word 'werkgroep', relevance": {"q": "werkgroep", "sort": "relevance"},
    "common word 'werkgroep', members": {"q": "werkgroep", "sort": "members"},
    "rare word 'climate', relevance": {"q": "climate", "sort": "relevance"},
    "no words, no filter, activity": {"sort": "activity"},
    "no words, kind municipality, members": {"kind": "municipality", "sort": "members"},
    "no words, language nl, activity": {"language": "nl", "sort": "activity"},
    "no words, tag water, page 3": {"tag": "water", "sort": "activity", "page": 3},
}


def _explain(slugs: list[str]) -> dict[str, float]:
    from django.db import connection

    from shared_apps.hub.search_sql import SearchFilters, search_statement

    shapes = {
        **EXPLAIN_SHAPES,
        "no words, one organisation, relevance": {"organisation": slugs[0]},
    }
    found: dict[str, float] = {}
    for shape, params in shapes.items():
        page = params.get("page", 1)
        sql, sql_params = search_statement(
            filters=SearchFilters(**{k: v for k, v in params.items() if k not in ("sort", "page")}),
            sort=params.get("sort", "relevance"),
            limit=20,
            offset=(page - 1) * 20,
            with_facets=True,
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, sql_params)  # warm
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", sql_params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        found[shape] = round(plan[0]["Execution Time"], 2)
    return found


def _http_search(port: int, queries: list[dict[str, Any]]) -> tuple[list[float], list[str]]:
    """Timings of the answered requests, and what went wrong with the others (each
    is reported, not fatal: the selector timings stand on their own)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timings: list[float] = []
    errors: list[str] = []

    def get(query: dict[str, Any]) -> float | None:
        params = urllib.parse.urlencode({k: v for k, v in query.items() if k != "type"})
        started = time.perf_counter()
        connection.request("GET", f"/api/v1/hub/groups?{params}", headers={"Host": HUB_HOST})
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            errors.append(f"{params}: HTTP {response.status}")
            return None
        json.loads(body)
        return elapsed

    try:
        for query in queries[:20]:
            get(query)
        errors.clear()
        for query in queries:
            elapsed = get(query)
            if elapsed is not None:
                timings.append(elapsed)
    finally:
        connection.close()
    return timings, errors


def _naive_search(
    organisations: list[tuple[str, str, str]], queries: list[dict[str, Any]]
) -> list[float]:
    """The same searches as one UNION ALL over every organisation's groups table."""
    from django.db import connection

    branches = " UNION ALL ".join(
        f"""
        SELECT '{slug}'::text AS organisation, '{kind}'::text AS kind, g.id, g.name,
            g.member_count, g.last_activity_at,
            ARRAY(
                SELECT t.name FROM "{schema}".taggit_taggeditem i
                JOIN "{schema}".taggit_tag t ON t.id = i.tag_id
                JOIN "{schema}".django_content_type c ON c.id = i.content_type_id
                WHERE c.app_label = 'groups' AND c.model = 'group' AND i.object_id = g.id
            ) AS tags,
            to_tsvector('dutch', g.name || ' ' || g.description)
                || to_tsvector('english', g.name || ' ' || g.description) AS document
        FROM "{schema}".groups_group g
        WHERE g.visibility IN ('public', 'closed') AND g.deleted_at IS NULL
        """
        for slug, schema, kind in organisations
    )
    # Without language (no such column in the groups tables): the rest of the mix, spread.
    candidates = [q for q in queries if "language" not in q]
    chosen = [candidates[i * len(candidates) // NAIVE_QUERIES] for i in range(NAIVE_QUERIES)]
    timings: list[float] = []
    for query in chosen:
        conditions, params = ["true"], []
        tsquery = "(websearch_to_tsquery('dutch', %s) || websearch_to_tsquery('english', %s))"
        if query["q"]:
            conditions.append(f"document @@ {tsquery}")
            params += [query["q"], query["q"]]
        for column in ("organisation", "kind"):
            if column in query:
                conditions.append(f"{column} = %s")
                params.append(query[column])
        if "tag" in query:
            conditions.append("%s = ANY(tags)")
            params.append(query["tag"])
        order = {
            "activity": "last_activity_at DESC, id",
            "members": "member_count DESC, last_activity_at DESC, id",
            "relevance": "last_activity_at DESC, id",
        }[query.get("sort", "relevance")]
        rank_params: list[Any] = []
        if query["q"] and query.get("sort", "relevance") == "relevance":
            order = f"ts_rank(document, {tsquery}) DESC, last_activity_at DESC, id"
            rank_params = [query["q"], query["q"]]
        offset = (query.get("page", 1) - 1) * 20
        sql = f"""
            WITH everything AS ({branches}),
            matches AS MATERIALIZED (
                SELECT * FROM everything WHERE {" AND ".join(conditions)}
            )
            SELECT
                (SELECT count(*) FROM matches),
                (SELECT json_agg(page) FROM (
                    SELECT organisation, id, name FROM matches ORDER BY {order}
                    LIMIT 20 OFFSET {offset}
                ) page),
                (SELECT json_agg(f) FROM (
                    SELECT organisation, count(*) FROM matches GROUP BY 1 ORDER BY 2 DESC
                ) f),
                (SELECT json_agg(f) FROM (
                    SELECT kind, count(*) FROM matches GROUP BY 1 ORDER BY 2 DESC
                ) f),
                (SELECT json_agg(f) FROM (
                    SELECT tag, count(*) FROM matches, unnest(tags) tag
                    GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20
                ) f)
        """
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *rank_params])
            cursor.fetchall()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _freshness(organisations: list[tuple[str, str, str]]) -> list[float]:
    """Seconds from the start of turning a secret group public to finding it in search."""
    from django.db import connection

    from shared_apps.hub.selectors import hub_groups_search
    from tenant_apps.accounts.models import User
    from tenant_apps.groups.models import Group, Visibility
    from tenant_apps.groups.services import GroupChanges, group_update

    rng = random.Random(11)
    picked = rng.sample(organisations, FRESHNESS_SAMPLES + 1)
    timings: list[float] = []
    for index, (slug, schema, _kind) in enumerate(picked):
        connection.set_schema(schema)
        try:
            admin, _created = User.objects.get_or_create(
                username="bench-admin", defaults={"is_staff": True}
            )
            group = Group.objects.filter(visibility=Visibility.SECRET).order_by("pk").first()
            if group is None:
                raise RuntimeError(f"{slug} has no secret group")
            started = time.perf_counter()
            group_update(
                actor=admin, group=group, changes=GroupChanges(visibility=Visibility.PUBLIC)
            )
        finally:
            connection.set_schema_to_public()
        while True:
            found = hub_groups_search(organisation=slug, sort="activity", page_size=50)
            if any(item.group_id == group.pk for item in found.items):
                break
            if time.perf_counter() - started > FRESHNESS_TIMEOUT_S:
                raise RuntimeError(
                    f"{slug}/{group.slug} not in hub search after {FRESHNESS_TIMEOUT_S} s; "
                    f"see .bench/{NAME}-worker.log"
                )
            time.sleep(0.005)
        elapsed = time.perf_counter() - started
        if index:  # the first sample waits for the worker to start: untimed
            timings.append(elapsed)
    return timings


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    arguments = parser.parse_args()
    worker_result(arguments.out, _worker(arguments.port))
