"""Shared helpers of the benchmarks: statistics, output, the benchmark database, processes.

The orchestrating process never imports Django: every piece of Django work runs in a
subprocess with the benchmark environment (own database, own Redis key prefix, own
broker database), so the developer's database and cache are never touched.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg2
import redis

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = ROOT / ".bench"
PG_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
BENCH_DB = "plein_bench"
# Migrated databases are kept under this prefix, keyed by everything that decides their
# content, and copied with CREATE DATABASE ... TEMPLATE (about a second instead of a
# 45 second migrate). BENCH_FRESH=1 rebuilds them.
BASE_DB_PREFIX = "plein_bench_base_"
REDIS_URL = "redis://127.0.0.1:6379/0"
# No worker listens on this broker database: queued pool refills are dropped afterwards.
BROKER_URL = "redis://127.0.0.1:6379/14"
CACHE_PREFIX = "bench"


# --- statistics and output -------------------------------------------------------------


def percentile(values: Sequence[float], pct: float) -> float:
    """The `pct` percentile (0-100) with linear interpolation between closest ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def p50(values: Sequence[float]) -> float:
    return percentile(values, 50)


def print_table(title: str, rows: Sequence[tuple[str, object, object]]) -> None:
    """Rows of (what, measured, target or note)."""
    headers = ("measure", "value", "target / note")
    cells = [headers, *[(str(a), _fmt(b), str(c)) for a, b, c in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(3)]
    print(f"\n{title}")
    for index, row in enumerate(cells):
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if index == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    print(flush=True)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4f}" if abs(value) < 1 else f"{value:.2f}"
    return str(value)


def write_json(name: str, data: dict[str, Any]) -> Path:
    BENCH_DIR.mkdir(exist_ok=True)
    path = BENCH_DIR / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    print(f"wrote {path.relative_to(ROOT)}", flush=True)
    return path


# --- environment and subprocesses ------------------------------------------------------


def bench_env(**extra: str) -> dict[str, str]:
    """Environment of every Django process of a benchmark."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}",
        "CACHE_KEY_PREFIX": CACHE_PREFIX,
        "REDIS_URL": REDIS_URL,
        "CELERY_BROKER_URL": BROKER_URL,
        # Production-like: no query log kept in memory, no debug pages.
        "DJANGO_DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(Path(tempfile.gettempdir()) / "plein-bench-media"),
        "PYTHONUNBUFFERED": "1",
    }
    for key in ("PLEIN_BENCH_PROBE", "PLEIN_BENCH_PROBE_V2"):
        env.pop(key, None)
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str], quiet: bool = False) -> float:
    """Run `manage.py <args>` to completion; returns its wall time in seconds."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )
    return time.perf_counter() - started


def run_worker(module: str, *args: str, env: dict[str, str]) -> dict[str, Any]:
    """Run `python -m <module> <args> --out FILE` (Django work) and return its JSON result."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    try:
        subprocess.run(
            [sys.executable, "-m", module, *args, "--out", str(out)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        result: dict[str, Any] = json.loads(out.read_text())
        return result
    finally:
        out.unlink(missing_ok=True)


def worker_result(out: str, result: dict[str, Any]) -> None:
    Path(out).write_text(json.dumps(result))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def http_get_status(port: int, host: str, path: str = "/", timeout: float = 5.0) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]


@contextlib.contextmanager
def running_server(env: dict[str, str], *, workers: int = 1) -> Iterator[Server]:
    """gunicorn serving config.wsgi on a free loopback port, until the block ends."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with code {process.returncode}")
            try:
                http_get_status(port, "localhost", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield Server(port=port, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- the benchmark database ------------------------------------------------------------


def fresh_database(env: dict[str, str]) -> float:
    """(Re)create the benchmark database, migrated; returns seconds spent.

    A migrated copy is kept per state of the code (see BASE_DB_PREFIX), so only the first
    run after a change of migrations, settings or tenancy code pays for the migrate.
    """
    started = time.perf_counter()
    base = BASE_DB_PREFIX + _state_key(env)
    if os.environ.get("BENCH_FRESH") == "1":
        _drop_database(base)
    if not _database_exists(base):
        for stale in _databases_with_prefix(BASE_DB_PREFIX):
            if stale != base and _state_flags(env) in stale:
                _drop_database(stale)
        print(
            f"migrating a new benchmark base database {base} (once per code state) ...", flush=True
        )
        _drop_database(BENCH_DB)
        _admin(f'CREATE DATABASE "{BENCH_DB}"')
        manage("migrate", "--verbosity", "0", env=env)
        _admin(f'ALTER DATABASE "{BENCH_DB}" RENAME TO "{base}"')
    _drop_database(BENCH_DB)
    _admin(f'CREATE DATABASE "{BENCH_DB}" TEMPLATE "{base}"')
    return time.perf_counter() - started


def drop_bench_database() -> None:
    _drop_database(BENCH_DB)
    _redis_cleanup()


def _state_key(env: dict[str, str]) -> str:
    digest = hashlib.sha256()
    patterns = [
        "config/settings/*.py",
        "tenants/migrations/*.py",
        "tenants/[dpst]*.py",  # dump, pool, schemas, template: what builds the template
        "shared_apps/**/migrations/*.py",
        "tenant_apps/**/migrations/*.py",
        "tests/benchmarks/probe_app/**/*.py",
    ]
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    from importlib.metadata import version

    for dist in ("django", "wagtail", "django-tenants", "django-taggit", "django-modelcluster"):
        digest.update(f"{dist}={version(dist)}".encode())
    return f"{_state_flags(env)}_{digest.hexdigest()[:10]}"


def _state_flags(env: dict[str, str]) -> str:
    return "probe" if env.get("PLEIN_BENCH_PROBE") == "1" else "plain"


def _admin(sql: str) -> list[tuple[Any, ...]]:
    connection = psycopg2.connect(PG_ADMIN_DSN)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return list(cursor.fetchall()) if cursor.description else []
    finally:
        connection.close()


def _database_exists(name: str) -> bool:
    return bool(_admin(f"SELECT 1 FROM pg_database WHERE datname = '{name}'"))


def _databases_with_prefix(prefix: str) -> list[str]:
    rows = _admin(f"SELECT datname FROM pg_database WHERE starts_with(datname, '{prefix}')")
    return [row[0] for row in rows]


def _drop_database(name: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _redis_cleanup() -> None:
    """Forget the benchmark's cache keys and the pool refills no worker will ever run."""
    with contextlib.suppress(redis.RedisError):
        cache = redis.Redis.from_url(REDIS_URL)
        keys = list(cache.scan_iter(match=f"{CACHE_PREFIX}:*", count=1000))
        if keys:
            cache.delete(*keys)
        broker = redis.Redis.from_url(BROKER_URL)
        stale = ["celery", *broker.scan_iter(match="_kombu.binding.*")]
        broker.delete(*stale)
