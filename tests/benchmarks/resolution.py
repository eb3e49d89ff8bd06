"""Tenant resolution per request: SQL statements per request, and middleware time.

With ~50 organisations in the host map:

- every SQL statement (SET search_path included) is counted with an execute wrapper
  while the full stack serves a subsite page that needs no data of its own (the API docs
  page: the home page reads its Wagtail page tree, which is not resolution's cost), in
  steady state:
  on one organisation, and alternating between three;
- the middleware alone is timed with a trivial get_response and RequestFactory requests
  cycling over all organisation hosts (and on one host), against django-tenants' stock
  TenantMainMiddleware under the same conditions.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from tests.benchmarks.common import (
    bench_env,
    drop_bench_database,
    fresh_database,
    manage,
    p50,
    percentile,
    print_table,
    run_worker,
    worker_result,
    write_json,
)

NAME = "resolution"
ORGANISATIONS = 50
REQUESTS = 300
ITERATIONS = 5000
# A page served without a query of its own, and skipped by the silent-login redirect.
PROBE_PATH = "/api/docs/"


def run() -> dict[str, Any]:
    env = bench_env()
    setup_s = fresh_database(env)
    try:
        seed_s = manage(
            "seed_demo", "--organisations", str(ORGANISATIONS), "--prefix", "bench", env=env
        )
        result = run_worker(f"tests.benchmarks.{NAME}", env=env)
    finally:
        drop_bench_database()
    ours, stock = result["ours_cycling_ms"], result["stock_cycling_ms"]
    data: dict[str, Any] = {
        "queries_per_request": result["single_queries"] / REQUESTS,
        "queries_per_request_alternating": result["alternating_queries"] / REQUESTS,
        "p50_ms": p50(ours),
        "baseline_p50_ms": p50(stock),
        "p95_ms": percentile(ours, 95),
        "baseline_p95_ms": percentile(stock, 95),
        "p50_single_host_ms": p50(result["ours_single_ms"]),
        "baseline_p50_single_host_ms": p50(result["stock_single_ms"]),
        "middleware_queries_per_request": result["ours_queries"] / ITERATIONS,
        "baseline_middleware_queries_per_request": result["stock_queries"] / ITERATIONS,
        "organisations_in_map": result["hosts"],
        "requests": REQUESTS,
        "iterations": ITERATIONS,
        "non_200_responses": result["non_200"],
        "seed_s": seed_s,
        "database_setup_s": setup_s,
    }
    print_table(
        f"resolution: {result['hosts']} organisations in the host map",
        [
            (
                "SQL per request, one organisation (steady)",
                data["queries_per_request"],
                f"0; full stack, {REQUESTS} requests of {PROBE_PATH}",
            ),
            (
                "SQL per request, alternating 3 organisations",
                data["queries_per_request_alternating"],
                "SET search_path is lazy: sent only with a query",
            ),
            ("middleware p50 ms (hosts cycling)", data["p50_ms"], f"{ITERATIONS} iterations"),
            ("middleware p95 ms (hosts cycling)", data["p95_ms"], ""),
            ("middleware p50 ms (one host)", data["p50_single_host_ms"], ""),
            ("middleware SQL per request", data["middleware_queries_per_request"], ""),
            ("baseline TenantMainMiddleware p50 ms (cycling)", data["baseline_p50_ms"], ""),
            ("baseline p95 ms (hosts cycling)", data["baseline_p95_ms"], ""),
            ("baseline p50 ms (one host)", data["baseline_p50_single_host_ms"], ""),
            ("baseline SQL per request", data["baseline_middleware_queries_per_request"], ""),
        ],
    )
    write_json(NAME, data)
    return data


# --- the worker (runs in a Django process) ---------------------------------------------


def _worker() -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection
    from django.http import HttpRequest, HttpResponse
    from django.test import Client, RequestFactory
    from django_tenants.middleware.main import TenantMainMiddleware

    from tenants.middleware import TenantResolutionMiddleware
    from tenants.models import Domain

    hosts = list(
        Domain.objects.filter(is_primary=True)
        .exclude(tenant__schema_name="public")
        .order_by("domain")
        .values_list("domain", flat=True)
    )
    statements = 0

    def count(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
    ) -> Any:
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    non_200 = 0

    def requests_counted(sequence: list[str]) -> int:
        nonlocal statements, non_200
        clients = {host: Client(HTTP_HOST=host) for host in set(sequence)}
        for host in sequence[:6]:  # warm: host map, templates, connection
            clients[host].get(PROBE_PATH)
        statements = 0
        with connection.execute_wrapper(count):
            for index in range(REQUESTS):
                response = clients[sequence[index % len(sequence)]].get(PROBE_PATH)
                non_200 += response.status_code != 200
        return statements

    single = requests_counted([hosts[0]])
    alternating = requests_counted(hosts[:3])

    def ok(_request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    factory = RequestFactory()

    def timed(
        middleware: Callable[[HttpRequest], HttpResponse], sequence: list[str]
    ) -> tuple[list[float], int]:
        nonlocal statements
        requests = [factory.get("/", HTTP_HOST=host) for host in sequence]
        for request in requests:  # warm
            middleware(request)
        times: list[float] = []
        statements = 0
        with connection.execute_wrapper(count):
            for index in range(ITERATIONS):
                request = requests[index % len(requests)]
                started = time.perf_counter_ns()
                middleware(request)
                times.append((time.perf_counter_ns() - started) / 1e6)
        return times, statements

    ours = TenantResolutionMiddleware(ok)
    stock = TenantMainMiddleware(ok)
    ours_cycling, ours_queries = timed(ours, hosts)
    stock_cycling, stock_queries = timed(stock, hosts)
    ours_single, _ = timed(ours, hosts[:1])
    stock_single, _ = timed(stock, hosts[:1])
    connection.set_schema_to_public()
    return {
        "hosts": len(hosts),
        "single_queries": single,
        "alternating_queries": alternating,
        "non_200": non_200,
        "ours_cycling_ms": ours_cycling,
        "stock_cycling_ms": stock_cycling,
        "ours_single_ms": ours_single,
        "stock_single_ms": stock_single,
        "ours_queries": ours_queries,
        "stock_queries": stock_queries,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    arguments = parser.parse_args()
    worker_result(arguments.out, _worker())
