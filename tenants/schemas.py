"""Low-level schema operations on PostgreSQL: names, existence, fingerprints, dropping."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable

from django.db import connection
from django.db.backends.utils import CursorWrapper

TEMPLATE_SCHEMA = "plein_template"
SPARE_SCHEMA_PREFIX = "plein_spare_"
ORGANISATION_SCHEMA_PREFIX = "org_"
_SAFE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def schema_name_for_slug(slug: str) -> str:
    return ORGANISATION_SCHEMA_PREFIX + slug.replace("-", "_")


def spare_schema_name() -> str:
    return SPARE_SCHEMA_PREFIX + secrets.token_hex(6)


def quote(schema_name: str) -> str:
    """The schema name as a SQL identifier; refuses anything but our own name shapes."""
    if not _SAFE_NAME.match(schema_name):
        raise ValueError(f"Unsafe schema name: {schema_name!r}")
    return f'"{schema_name}"'


def schema_exists(schema_name: str, cursor: CursorWrapper | None = None) -> bool:
    sql = "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = %s)"
    if cursor is not None:
        cursor.execute(sql, [schema_name])
        return bool(cursor.fetchone()[0])
    with connection.cursor() as own_cursor:
        own_cursor.execute(sql, [schema_name])
        return bool(own_cursor.fetchone()[0])


def schema_drop(schema_name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {quote(schema_name)} CASCADE")


def schema_rename(old: str, new: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER SCHEMA {quote(old)} RENAME TO {quote(new)}")


def schemas_with_prefix(prefix: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s) ORDER BY nspname",
            [prefix],
        )
        return [row[0] for row in cursor.fetchall()]


def migration_fingerprints(schema_names: Iterable[str]) -> dict[str, str | None]:
    """The set of applied migrations of each schema, hashed; None where none are recorded.

    One UNION ALL query per batch of schemas: far cheaper than asking Django's migration
    executor per schema (which loads and renders every migration each time).
    """
    names = list(schema_names)
    result: dict[str, str | None] = dict.fromkeys(names)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema FROM information_schema.tables "
            "WHERE table_name = 'django_migrations' AND table_schema = ANY(%s)",
            [names],
        )
        migrated = [row[0] for row in cursor.fetchall()]
        for start in range(0, len(migrated), 200):
            batch = migrated[start : start + 200]
            query = " UNION ALL ".join(
                f"SELECT %s, string_agg(app || '.' || name, ',' ORDER BY app, name) "
                f"FROM {quote(name)}.django_migrations"
                for name in batch
            )
            cursor.execute(query, batch)
            for schema_name, applied in cursor.fetchall():
                result[schema_name] = (
                    hashlib.sha256(applied.encode()).hexdigest() if applied else None
                )
    return result
