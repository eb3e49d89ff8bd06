"""`migrate` over 500 organisation schemas: nothing to do, and one new trivial migration.

The database gets a benchmark-only tenant app (tests/benchmarks/probe_app, enabled by
PLEIN_BENCH_PROBE=1) and 500 organisations made by `seed_demo`. Then:

- no-op: our `migrate` with every schema up to date (the median of a few runs);
- baseline: django-tenants' `migrate_schemas` (its own command class and executor, since
  our `tenants` app overrides `migrate`) over an evenly spread sample of the schemas,
  extrapolated linearly to all of them (a full run takes minutes);
- apply: PLEIN_BENCH_PROBE_V2=1 makes migration 0002 (an AddField of a nullable column)
  visible, and our `migrate` applies it to every schema; afterwards every schema is
  checked for the new column.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from tests.benchmarks.common import (
    bench_env,
    drop_bench_database,
    fresh_database,
    manage,
    p50,
    print_table,
    run_worker,
    worker_result,
    write_json,
)

NAME = "migrations"
WORKER = f"tests.benchmarks.{NAME}"
ORGANISATIONS = 500
BASELINE_SAMPLE = 25
NOOP_REPEATS = 3


def run() -> dict[str, Any]:
    env = bench_env(PLEIN_BENCH_PROBE="1")
    setup_s = fresh_database(env)
    try:
        print(f"seeding {ORGANISATIONS} organisations ...", flush=True)
        seed_s = manage(
            "seed_demo", "--organisations", str(ORGANISATIONS), "--prefix", "bench", env=env
        )
        noop = run_worker(WORKER, "noop", env=env)
        noop_wall_s = manage("migrate", "--verbosity", "0", env=env)
        baseline = run_worker(WORKER, "baseline", env=env)
        applied = run_worker(WORKER, "apply", env={**env, "PLEIN_BENCH_PROBE_V2": "1"})
    finally:
        drop_bench_database()

    schemas = noop["schemas"]
    baseline_per_schema = baseline["seconds"] / baseline["sampled"]
    data: dict[str, Any] = {
        "noop_500_s": p50(noop["seconds"]),
        "apply_500_s": applied["seconds"],
        "baseline_noop_500_s": baseline_per_schema * ORGANISATIONS,
        "baseline_sampled_schemas": baseline["sampled"],
        "baseline_sample_s": baseline["seconds"],
        "baseline_per_schema_s": baseline_per_schema,
        "noop_runs_s": noop["seconds"],
        "noop_fleet_check_s": p50(noop["fleet_seconds"]),
        "noop_500_wall_s": noop_wall_s,
        "apply_schemas_with_new_column": applied["with_column"],
        "apply_schemas_total": applied["schemas"],
        "organisation_schemas": noop["organisations"],
        "schemas_checked": schemas,
        "seed_500_s": seed_s,
        "pg_class_rows": noop["pg_class_rows"],
        "database_setup_s": setup_s,
    }
    print_table(
        f"migrations: `migrate` over {noop['organisations']} organisation schemas "
        f"(+ spares: {schemas} schemas) (seconds)",
        [
            (
                "no-op, our migrate (in process, p50)",
                data["noop_500_s"],
                f"< 5 s; runs: {', '.join(f'{s:.2f}' for s in noop['seconds'])}",
            ),
            ("  of which the fleet up-to-date check", data["noop_fleet_check_s"], "one query"),
            ("no-op, `manage.py migrate` wall time", noop_wall_s, "incl. Python start-up"),
            (
                "baseline no-op, migrate_schemas (extrapolated)",
                data["baseline_noop_500_s"],
                f"sampled {baseline['sampled']} schemas: {baseline['seconds']:.1f} s, x "
                f"{ORGANISATIONS}/{baseline['sampled']}",
            ),
            ("one AddField over all schemas, our migrate", data["apply_500_s"], "< 90 s"),
            (
                "  schemas with the new column afterwards",
                applied["with_column"],
                f"of {applied['schemas']} (incl. template and spares)",
            ),
            (f"seeding {ORGANISATIONS} organisations (seed_demo)", seed_s, "setup, wall time"),
            ("pg_class rows in the database", noop["pg_class_rows"], "catalog size"),
        ],
    )
    write_json(NAME, data)
    return data


# --- the workers (run in Django processes) ---------------------------------------------


def _noop() -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from tenants.fleet import fleet_migrate, tenant_schemas
    from tenants.models import Organisation
    from tenants.template import template_fingerprint

    seconds = []
    for _ in range(NOOP_REPEATS):
        started = time.perf_counter()
        call_command("migrate", verbosity=1, interactive=False)
        seconds.append(time.perf_counter() - started)
    fingerprint = template_fingerprint()
    assert fingerprint is not None
    fleet_seconds = []
    for _ in range(NOOP_REPEATS):
        started = time.perf_counter()
        report = fleet_migrate(target_fingerprint=fingerprint)
        fleet_seconds.append(time.perf_counter() - started)
        assert report.up_to_date == report.checked, report
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_class")
        pg_class_rows = cursor.fetchone()[0]
    return {
        "seconds": seconds,
        "fleet_seconds": fleet_seconds,
        "schemas": len(tenant_schemas()),
        "organisations": Organisation.objects.exclude(schema_name="public").count(),
        "pg_class_rows": pg_class_rows,
    }


def _baseline() -> dict[str, Any]:
    from django_tenants.management.commands import SyncCommon
    from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand
    from django_tenants.migration_executors import get_executor

    from tenants.models import Organisation

    names = list(
        Organisation.objects.exclude(schema_name="public")
        .order_by("schema_name")
        .values_list("schema_name", flat=True)
    )
    step = max(1, len(names) // BASELINE_SAMPLE)
    sample = names[::step][:BASELINE_SAMPLE]
    # What `manage.py migrate_schemas --tenant` does, with the tenant list cut to the sample.
    command = MigrateSchemasCommand()
    parser = command.create_parser("manage.py", "migrate_schemas")
    options = vars(parser.parse_args(["--tenant", "--noinput", "--verbosity", "0"]))
    SyncCommon.handle(command, **options)
    executor = get_executor(codename=command.executor)(command.args, command.options)
    started = time.perf_counter()
    executor.run_migrations(tenants=sample)
    return {"seconds": time.perf_counter() - started, "sampled": len(sample)}


def _apply() -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from tenants.fleet import tenant_schemas
    from tenants.schemas import TEMPLATE_SCHEMA

    started = time.perf_counter()
    call_command("migrate", verbosity=1, interactive=False)
    seconds = time.perf_counter() - started
    schemas = [*tenant_schemas(), TEMPLATE_SCHEMA]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT n.nspname) FROM pg_attribute a "
            "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relname = 'probe_app_probe' AND a.attname = 'note' AND n.nspname = ANY(%s)",
            [schemas],
        )
        with_column = cursor.fetchone()[0]
    return {"seconds": seconds, "with_column": with_column, "schemas": len(schemas)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["noop", "baseline", "apply"])
    parser.add_argument("--out", required=True)
    arguments = parser.parse_args()
    import django

    django.setup()
    worker = {"noop": _noop, "baseline": _baseline, "apply": _apply}[arguments.mode]
    worker_result(arguments.out, worker())
