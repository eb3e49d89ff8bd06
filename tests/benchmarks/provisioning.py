"""New organisation live: from `organisation_create` to HTTP 200 on its own domain.

A real server (gunicorn, config.settings.local) runs in its own process; the worker
creates organisations through the service and polls the server with the new Host until
it answers 200. Warm takes a spare from the pool (topped up, untimed, before each
sample, as the refill task would); cold empties the pool first. The baselines copy the
template with django-tenants' clone_schema and build a schema with Django's migrate.
Every organisation and schema made is deleted again right after its sample.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from tests.benchmarks.common import (
    bench_env,
    drop_bench_database,
    fresh_database,
    http_get_status,
    p50,
    percentile,
    print_table,
    run_worker,
    running_server,
    worker_result,
    write_json,
)

NAME = "provisioning"
SAMPLES = {"warm": 20, "cold": 10, "clone": 3, "migrate": 2}


def run() -> dict[str, Any]:
    env = bench_env()
    setup_s = fresh_database(env)
    try:
        with running_server(env) as server:
            result = run_worker(f"tests.benchmarks.{NAME}", "--port", str(server.port), env=env)
    finally:
        drop_bench_database()
    warm, cold = result["warm_live_s"], result["cold_live_s"]
    data: dict[str, Any] = {
        "warm_p50_s": p50(warm),
        "cold_p50_s": p50(cold),
        "clone_baseline_p50_s": p50(result["clone_s"]),
        "migrate_baseline_p50_s": p50(result["migrate_s"]),
        "warm_p90_s": percentile(warm, 90),
        "cold_p90_s": percentile(cold, 90),
        "warm_create_p50_s": p50(result["warm_create_s"]),
        "cold_create_p50_s": p50(result["cold_create_s"]),
        "samples": {
            key: len(result[f"{key}_s" if key in ("clone", "migrate") else f"{key}_live_s"])
            for key in SAMPLES
        },
        "pg_class_rows": result["pg_class_rows"],
        "database_setup_s": setup_s,
        "raw": result,
    }
    print_table(
        "provisioning: new organisation answering 200 on its domain (seconds)",
        [
            ("warm p50 (pool → HTTP 200)", data["warm_p50_s"], "< 0.1 s"),
            ("warm p90", data["warm_p90_s"], f"{len(warm)} samples"),
            ("warm p50, organisation_create alone", data["warm_create_p50_s"], ""),
            ("cold p50 (template copy → HTTP 200)", data["cold_p50_s"], "< 0.5 s"),
            ("cold p90", data["cold_p90_s"], f"{len(cold)} samples"),
            ("cold p50, organisation_create alone", data["cold_create_p50_s"], ""),
            (
                "baseline: django-tenants clone_schema p50",
                data["clone_baseline_p50_s"],
                f"schema copy only; {len(result['clone_s'])} samples",
            ),
            (
                "baseline: Django migrate of a new schema p50",
                data["migrate_baseline_p50_s"],
                f"schema only; {len(result['migrate_s'])} samples",
            ),
            ("pg_class rows in the database", data["pg_class_rows"], "catalog size"),
        ],
    )
    write_json(NAME, data)
    return data


# --- the worker (runs in a Django process) ---------------------------------------------


def _worker(port: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection, transaction
    from django_tenants.clone import CloneSchema

    from tenants.models import SpareSchema
    from tenants.pool import spare_schemas_refill
    from tenants.schemas import TEMPLATE_SCHEMA, schema_drop
    from tenants.services import organisation_create, organisation_delete
    from tenants.template import schema_migrate_with_django

    def live_sample(label: str, *, from_pool: bool) -> tuple[float, float]:
        slug = f"bench-{label}"
        domain = f"{slug}.localhost"
        started = time.perf_counter()
        provisioned = organisation_create(name=f"Benchmark {label}", domain=domain, slug=slug)
        created = time.perf_counter() - started
        while http_get_status(port, domain) != 200:
            if time.perf_counter() - started > 30:
                raise RuntimeError(f"{domain} did not answer 200 within 30 s")
        live = time.perf_counter() - started
        if provisioned.from_pool != from_pool:
            raise RuntimeError(f"{slug}: expected from_pool={from_pool}")
        organisation_delete(slug=slug, force=True)
        return created, live

    def pool_empty() -> None:
        for spare in SpareSchema.objects.all():
            with transaction.atomic():
                schema_drop(spare.schema_name)
                spare.delete()

    result: dict[str, Any] = {
        key: []
        for key in (
            "warm_create_s",
            "warm_live_s",
            "cold_create_s",
            "cold_live_s",
            "clone_s",
            "migrate_s",
        )
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_class")
        result["pg_class_rows"] = cursor.fetchone()[0]

    # One untimed round first: imports, the parsed template, the broker connection.
    spare_schemas_refill()
    live_sample("warmup", from_pool=True)

    for index in range(SAMPLES["warm"]):
        spare_schemas_refill()
        created, live = live_sample(f"warm-{index}", from_pool=True)
        result["warm_create_s"].append(created)
        result["warm_live_s"].append(live)
        print(f"  warm {index + 1}/{SAMPLES['warm']}: {live * 1000:.0f} ms", flush=True)

    pool_empty()
    for index in range(SAMPLES["cold"]):
        created, live = live_sample(f"cold-{index}", from_pool=False)
        result["cold_create_s"].append(created)
        result["cold_live_s"].append(live)
        print(f"  cold {index + 1}/{SAMPLES['cold']}: {live * 1000:.0f} ms", flush=True)

    for index in range(SAMPLES["clone"]):
        name = f"bench_clone_{index}"
        started = time.perf_counter()
        CloneSchema().clone_schema(
            base_schema_name=TEMPLATE_SCHEMA, new_schema_name=name, set_connection=True
        )
        result["clone_s"].append(time.perf_counter() - started)
        schema_drop(name)
        print(f"  clone {index + 1}/{SAMPLES['clone']}: {result['clone_s'][-1]:.2f} s", flush=True)

    for index in range(SAMPLES["migrate"]):
        name = f"bench_migrate_{index}"
        started = time.perf_counter()
        schema_migrate_with_django(name)
        result["migrate_s"].append(time.perf_counter() - started)
        schema_drop(name)
        print(
            f"  migrate {index + 1}/{SAMPLES['migrate']}: {result['migrate_s'][-1]:.2f} s",
            flush=True,
        )
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    arguments = parser.parse_args()
    worker_result(arguments.out, _worker(arguments.port))
