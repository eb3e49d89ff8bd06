"""Building the test database fast: migrate once, then copy the result.

Migrating the public and template schemas takes ~25 s (Wagtail has hundreds of
migrations). The migrated database is kept as a PostgreSQL template database named after
a hash of every migration file and installed package version, so that later runs (and
each xdist worker) get a ready database with CREATE DATABASE ... TEMPLATE in about a
second. Any change to a migration or a dependency gives a new name, hence a fresh build.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg2
from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.test.utils import setup_databases

CACHE_PREFIX = "plein_testcache_"


def cache_database_name() -> str:
    """The migrated database that test databases are copied from (it has no connections).

    Named after the configured database too, so that checkouts sharing one server keep
    caches of their own and never drop each other's.
    """
    return f"{_cache_prefix()}{_state_hash()[:16]}"


def subprocess_database_url(database: str) -> str:
    """A DATABASE_URL for child processes (manage.py, Celery) pointing at `database`.

    The host may be a socket folder (the embedded server): it is percent-encoded so that
    django-environ reads it back as a path.
    """
    db = connection.settings_dict
    password = f":{quote(str(db['PASSWORD']), safe='')}" if db.get("PASSWORD") else ""
    host = str(db.get("HOST") or "")
    if host.startswith("/"):
        return f"postgres://{db['USER']}{password}@{quote(host, safe='')}/{database}"
    return (
        f"postgres://{db['USER']}{password}@{host or '127.0.0.1'}:{db['PORT'] or 5432}/{database}"
    )


def _cache_prefix() -> str:
    base = str(connection.settings_dict.get("NAME") or "plein")
    # xdist workers of one run share the cache: drop their suffix and the test_ prefix.
    base = base.removeprefix("test_").split("_gw")[0]
    return f"{CACHE_PREFIX}{base}_"[:46]


def test_database_create() -> tuple[str, str]:
    """Create the test database (from the cache when possible); returns (old, test) names."""
    old_name = str(connection.settings_dict["NAME"])
    test_name = connection.creation._get_test_db_name()
    cache_name = cache_database_name()
    with _maintenance() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [cache_name])
        try:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cache_name])
            if cursor.fetchone() is None:
                setup_databases(verbosity=0, interactive=False, aliases={"default"})
                connections.close_all()
                _drop_stale_caches(cursor, keep=cache_name)
                cursor.execute(f'CREATE DATABASE "{cache_name}" TEMPLATE "{test_name}"')
            else:
                cursor.execute(f'DROP DATABASE IF EXISTS "{test_name}"')
                cursor.execute(f'CREATE DATABASE "{test_name}" TEMPLATE "{cache_name}"')
                connection.close()
                for settings_dict in (connection.settings_dict,):
                    settings_dict["NAME"] = test_name
                settings.DATABASES["default"]["NAME"] = test_name
        finally:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [cache_name])
    return old_name, test_name


def test_database_destroy(old_name: str) -> None:
    connections.close_all()
    connection.creation.destroy_test_db(old_name, verbosity=0)


def _state_hash() -> str:
    digest = hashlib.sha256()
    # Which apps live in which schema decides what migrate builds, as much as the files do.
    digest.update(repr((settings.SHARED_APPS, settings.TENANT_APPS)).encode())
    for app_config in sorted(apps.get_app_configs(), key=lambda config: config.label):
        migrations = Path(app_config.path) / "migrations"
        for migration in sorted(migrations.glob("*.py")):
            digest.update(str(migration.relative_to(app_config.path)).encode())
            digest.update(migration.read_bytes())
    for distribution in sorted(
        f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()
    ):
        digest.update(distribution.encode())
    return digest.hexdigest()


def _drop_stale_caches(cursor: psycopg2.extensions.cursor, *, keep: str) -> None:
    cursor.execute(
        "SELECT datname FROM pg_database WHERE starts_with(datname, %s) AND datname <> %s",
        [_cache_prefix(), keep],
    )
    for (name,) in cursor.fetchall():
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@contextmanager
def maintenance_cursor() -> Iterator[psycopg2.extensions.cursor]:
    """An autocommit cursor on the `postgres` database, for CREATE/DROP DATABASE."""
    with _maintenance() as cursor:
        yield cursor


@contextmanager
def _maintenance() -> Iterator[psycopg2.extensions.cursor]:
    db = connection.settings_dict
    maintenance = psycopg2.connect(
        dbname="postgres",
        user=db["USER"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        password=db["PASSWORD"] or None,
    )
    maintenance.autocommit = True
    try:
        with maintenance.cursor() as cursor:
            yield cursor
    finally:
        maintenance.close()
