"""Subsite requests under load: a group page and the group list API at 100 connections.

A production-like server (gunicorn with deploy/gunicorn.conf.py: sync workers,
2 x cores + 1 of them, settings config.settings.local without DEBUG) serves a database of
this benchmark's own with 50 demo organisations (seed_demo), each seeded with
seed_collaboration: the first with the command's default data set, the others with a
small one. wrk (Debian package `wrk`) keeps 100 connections busy for DURATION_S seconds,
after a short warm-up, as an anonymous visitor (public pages and the public API are what
take the bulk of the traffic):

- one subsite: every request to the first organisation's host;
- spread: requests rotate over the hosts of all 50 organisations (a Lua script sets the
  Host header), so every worker keeps switching schemas.

Measured: requests per second, p50 and p95 latency (wrk's own histogram), and errors
(socket errors, timeouts and any status other than 2xx/3xx).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg2
import redis

from tests.benchmarks.common import (
    BASE_DB_PREFIX,
    BENCH_DIR,
    BROKER_URL,
    PG_ADMIN_DSN,
    REDIS_URL,
    ROOT,
    bench_env,
    drop_bench_database,
    free_port,
    fresh_database,
    http_get_status,
    manage,
    print_table,
    run_worker,
    worker_result,
    write_json,
)

NAME = "requests"
DATABASE = "plein_bench_requests"
CACHE_PREFIX = "benchreq"
ORGANISATIONS = 50
PREFIX = "breq"
CONNECTIONS = 100
DURATION_S = int(os.environ.get("BENCH_REQUESTS_DURATION_S", "10"))
WARMUP_S = 3
WORKERS = 2 * (os.cpu_count() or 1) + 1
# The first seeded group is public and open (see seed_collaboration.KINDS): every visitor
# may see it, on every organisation.
GROUP_PAGE = "/groups/omgevingswet/"
API_LIST = "/api/v1/groups/"
# wrk's Lua hooks: arguments after "--" are the path and one or more Host names; requests
# rotate over the hosts (each thread starting elsewhere); done() prints one JSON line.
WRK_SCRIPT = r"""

local path = "/"
local hosts = {}
local counter = 0

function init(args)
  path = args[1]
  for i = 2, #args do
    hosts[#hosts + 1] = args[i]
  end
  counter = math.random(#hosts)
end

function request()
  counter = counter + 1
  return wrk.format("GET", path, { ["Host"] = hosts[(counter % #hosts) + 1] })
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "errors_connect": %d, '
      .. '"errors_read": %d, "errors_write": %d, "errors_status": %d, "errors_timeout": %d, '
      .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean,
    latency.max
  ))
end
"""

WRK_MISSING = (
    "The requests benchmark needs wrk, an HTTP load generator, which is not installed.\n"
    "Install it with:  sudo apt-get install -y wrk   (Debian/Ubuntu; `brew install wrk` on "
    "macOS)\nor set WRK=/path/to/wrk."
)


def run() -> dict[str, Any]:
    wrk = os.environ.get("WRK") or shutil.which("wrk")
    if wrk is None:
        print(WRK_MISSING, file=sys.stderr, flush=True)
        raise SystemExit(3)
    env = bench_env(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        CACHE_KEY_PREFIX=CACHE_PREFIX,
    )
    try:
        setup_s = _fresh_database()
        started = time.perf_counter()
        manage(
            "seed_demo", "--organisations", str(ORGANISATIONS), "--prefix", PREFIX,
            "--skip-pool", env=env, quiet=True,
        )  # fmt: skip
        demo_s = time.perf_counter() - started
        sites = run_worker(f"tests.benchmarks.{NAME}", env=env)
        slugs, hosts = sites["slugs"], sites["hosts"]
        started = time.perf_counter()
        manage("seed_collaboration", "--organisation", slugs[0], env=env, quiet=True)
        manage(
            "seed_collaboration", "--organisation", *slugs[1:], "--groups", "6",
            "--members", "10", env=env, quiet=True,
        )  # fmt: skip
        seed_s = time.perf_counter() - started
        log = BENCH_DIR / f"{NAME}-server.log"
        BENCH_DIR.mkdir(exist_ok=True)
        with _server(env, log=log) as port:
            _check_pages(port, hosts)
            measured = {
                (what, spread): _load(wrk, port, path, hosts if spread else hosts[:1])
                for spread in (False, True)
                for what, path in (("group_page", GROUP_PAGE), ("api_list", API_LIST))
            }
        server_errors = log.read_text(errors="replace").count("Internal Server Error")
    finally:
        _drop_database()
    data: dict[str, Any] = {}
    for (what, spread), result in measured.items():
        suffix = "_50" if spread else ""
        data[f"{what}_rps{suffix}"] = result["rps"]
        data[f"{what}_p50_ms{suffix}"] = result["p50_ms"]
        data[f"{what}_p95_ms{suffix}"] = result["p95_ms"]
        data[f"{what}_errors{suffix}"] = result["errors"]
    data["errors"] = data["group_page_errors"] + data["api_list_errors"]
    data["errors_50"] = data["group_page_errors_50"] + data["api_list_errors_50"]
    data.update(
        {
            "server_errors_logged": server_errors,
            "connections": CONNECTIONS,
            "duration_s_each": DURATION_S,
            "gunicorn_workers": WORKERS,
            "gunicorn_worker_class": "sync",
            "organisations": len(hosts),
            "database_setup_s": setup_s,
            "seed_demo_s": demo_s,
            "seed_collaboration_s": seed_s,
            "raw": {f"{w}{'_50' if s else ''}": r for (w, s), r in measured.items()},
        }
    )
    rows: list[tuple[str, object, object]] = []
    for spread in (False, True):
        suffix = "_50" if spread else ""
        where = f"spread over {len(hosts)} subsites" if spread else "one subsite"
        for what, label in (("group_page", f"group page {GROUP_PAGE}"), ("api_list", API_LIST)):
            rows += [
                (f"{label}, {where}: req/s", data[f"{what}_rps{suffix}"], f"{CONNECTIONS} conns"),
                ("  p50 ms", data[f"{what}_p50_ms{suffix}"], ""),
                ("  p95 ms", data[f"{what}_p95_ms{suffix}"], ""),
                ("  errors", data[f"{what}_errors{suffix}"], "no errors at 100 concurrent"),
            ]
    print_table(
        f"requests: gunicorn {WORKERS} sync workers on {os.cpu_count()} cores, "
        f"{DURATION_S} s per run, anonymous visitor",
        rows,
    )
    write_json(NAME, data)
    return data


# --- the benchmark database -------------------------------------------------------------


def _admin(sql: str) -> list[tuple[Any, ...]]:
    connection = psycopg2.connect(PG_ADMIN_DSN)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return list(cursor.fetchall()) if cursor.description else []
    finally:
        connection.close()


def _fresh_database() -> float:
    """This benchmark's own database, copied from the shared migrated base of the
    benchmarks (built once per code state by common.fresh_database when missing)."""
    started = time.perf_counter()
    bases = [
        row[0]
        for row in _admin(
            "SELECT datname FROM pg_database WHERE starts_with(datname, "
            f"'{BASE_DB_PREFIX}plain_') ORDER BY datname"
        )
    ]
    from tests.benchmarks.common import _state_key

    base = f"{BASE_DB_PREFIX}{_state_key(bench_env())}"
    if base not in bases:
        fresh_database(bench_env())  # migrates and keeps the base; leaves plein_bench
        drop_bench_database()
    _drop_database()
    _admin(f'CREATE DATABASE "{DATABASE}" TEMPLATE "{base}"')
    return time.perf_counter() - started


def _drop_database() -> None:
    _admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    with contextlib.suppress(redis.RedisError):
        cache = redis.Redis.from_url(REDIS_URL)
        keys = list(cache.scan_iter(match=f"{CACHE_PREFIX}:*", count=1000))
        if keys:
            cache.delete(*keys)
        # Pool refills queued by seed_demo: no worker listens on the benchmarks' broker.
        redis.Redis.from_url(BROKER_URL).delete("celery")


# --- server and load --------------------------------------------------------------------


@contextlib.contextmanager
def _server(env: dict[str, str], *, log: Path) -> Iterator[int]:
    """gunicorn as deployed (deploy/gunicorn.conf.py) on a free loopback port."""
    port = free_port()
    server_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(WORKERS)}
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
                "--access-logfile", "/dev/null", "config.wsgi:application",
            ],
            cwd=ROOT, env=server_env, stdout=handle, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with code {process.returncode}; see {log}")
            try:
                http_get_status(port, "localhost", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _check_pages(port: int, hosts: list[str]) -> None:
    """Both URLs answer 200 on every subsite before anything is measured."""
    for host in hosts:
        for path in (GROUP_PAGE, API_LIST):
            status = http_get_status(port, host, path, timeout=30)
            if status != 200:
                raise RuntimeError(f"http://{host}{path} answered {status}, not 200")


def _load(wrk: str, port: int, path: str, hosts: list[str]) -> dict[str, Any]:
    script = BENCH_DIR / f"{NAME}-wrk.lua"
    script.write_text(WRK_SCRIPT)

    def wrk_run(seconds: int) -> dict[str, Any]:
        completed = subprocess.run(
            [
                wrk, "--threads", "2", "--connections", str(CONNECTIONS),
                "--duration", f"{seconds}s", "--timeout", "10s", "--script", str(script),
                f"http://127.0.0.1:{port}", "--", path, *hosts,
            ],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
        if not lines:
            raise RuntimeError(f"wrk printed no result:\n{completed.stdout}\n{completed.stderr}")
        result: dict[str, Any] = json.loads(lines[-1])
        return result

    wrk_run(WARMUP_S)
    raw = wrk_run(DURATION_S)

    errors = sum(raw[f"errors_{kind}"] for kind in ("connect", "read", "write", "timeout"))
    errors += raw["errors_status"]
    return {
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "errors": errors,
        "requests": raw["requests"],
        "wrk": raw,
    }


# --- the worker (runs in a Django process) ---------------------------------------------


def _worker() -> dict[str, Any]:
    import django

    django.setup()
    from tenants.models import Domain

    rows = list(
        Domain.objects.filter(is_primary=True, tenant__slug__startswith=f"{PREFIX}-")
        .order_by("tenant__slug")
        .values_list("tenant__slug", "domain")
    )
    return {"slugs": [slug for slug, _ in rows], "hosts": [domain for _, domain in rows]}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    arguments = parser.parse_args()
    worker_result(arguments.out, _worker())
