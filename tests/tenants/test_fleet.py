"""`migrate` across many schemas: skip the current ones, apply the rest, report failures.

Runs the real command in subprocesses against a database of its own (copied from the
migrated test database), with a benchmark-only probe app whose migrations can be turned
on step by step: 0001 creates a model (Django's migrate path), 0002 adds a column (the
rendered-SQL path).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import BaseOrganisations
from tests.database import cache_database_name, maintenance_cursor, subprocess_database_url

ROOT = Path(settings.BASE_DIR)
pytestmark = pytest.mark.slow


@pytest.fixture
def fleet_database(base_organisations: BaseOrganisations) -> Iterator[str]:
    name = f"plein_fleet_{os.getpid()}"
    with maintenance_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{cache_database_name()}"')
    try:
        yield name
    finally:
        with maintenance_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(database: str, *arguments: str, probe: int = 0) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": subprocess_database_url(database),
        "CACHE_KEY_PREFIX": f"fleet-{os.getpid()}",
        "PLEIN_BENCH_PROBE": "1" if probe >= 1 else "0",
        "PLEIN_BENCH_PROBE_V2": "1" if probe >= 2 else "0",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _sql(database: str, query: str) -> list[tuple[object, ...]]:
    db = connection.settings_dict
    with (
        psycopg2.connect(
            dbname=database, user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432
        ) as raw,
        raw.cursor() as cursor,
    ):
        cursor.execute(query)
        return cursor.fetchall() if cursor.description else []


def _summary(completed: subprocess.CompletedProcess[str]) -> str:
    lines = [
        line for line in (completed.stdout + completed.stderr).splitlines() if "checked" in line
    ]
    return lines[-1] if lines else completed.stdout + completed.stderr


def test_migrate_skips_current_schemas_applies_new_ones_and_reports_failures(
    fleet_database: str,
) -> None:
    # given two organisations (plus the spare pool) at the code's state
    for slug in ("een", "twee"):
        created = _manage(
            fleet_database,
            "create_organisation",
            "--name",
            slug.title(),
            "--domain",
            f"{slug}.test",
        )
        assert created.returncode == 0, created.stderr
    spares = _sql(fleet_database, "SELECT count(*) FROM tenants_spareschema")[0][0]
    schemas = 2 + spares

    # when nothing is pending, every schema is skipped
    noop = _manage(fleet_database, "migrate", "--skip-pool")
    assert noop.returncode == 0, noop.stderr
    assert f"{schemas} schemas checked: {schemas} up to date, 0 migrated, 0 failed" in _summary(
        noop
    )

    # when a new app with a CreateModel arrives, every schema gets it (Django's path)
    created_model = _manage(fleet_database, "migrate", "--skip-pool", probe=1)
    assert created_model.returncode == 0, created_model.stderr
    assert f"{schemas} schemas checked: 0 up to date, {schemas} migrated, 0 failed" in _summary(
        created_model
    )

    # when one schema cannot take the next migration (its column already exists) ...
    _sql(fleet_database, "ALTER TABLE org_twee.probe_app_probe ADD COLUMN note text")
    added_field = _manage(fleet_database, "migrate", "--skip-pool", probe=2)
    # ... the others are migrated anyway, the failure is named, and the exit is non-zero
    assert added_field.returncode == 1
    assert f"{schemas} schemas checked: 0 up to date, {schemas - 1} migrated, 1 failed" in _summary(
        added_field
    )
    failure_lines = [line for line in added_field.stderr.splitlines() if "already exists" in line]
    assert failure_lines == [
        'org_twee: ProgrammingError: column "note" of relation "probe_app_probe" already exists'
    ]
    assert "Traceback" not in added_field.stderr
    assert _sql(
        fleet_database,
        "SELECT count(*) FROM information_schema.columns WHERE column_name = 'note' "
        "AND table_name = 'probe_app_probe'",
    ) == [(schemas + 1,)]  # every organisation and spare, and the template

    # when the cause is repaired, the next run finishes the job and the rest is skipped
    _sql(fleet_database, "ALTER TABLE org_twee.probe_app_probe DROP COLUMN note")
    repaired = _manage(fleet_database, "migrate", "--skip-pool", probe=2)
    assert repaired.returncode == 0, repaired.stderr
    assert f"{schemas} schemas checked: {schemas - 1} up to date, 1 migrated, 0 failed" in _summary(
        repaired
    )
