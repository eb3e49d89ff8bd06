"""A schema copied from the template is identical to one built by running every migration."""

from __future__ import annotations

import re
from typing import Any

from django.db import connection

from tenants.schemas import quote, schema_drop
from tenants.services import organisation_create
from tenants.template import schema_migrate_with_django
from tests.conftest import BaseOrganisations

MIGRATED = "org_migrated_reference"


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(cursor.fetchall(), key=repr)


_ARRAY_CAST = re.compile(r"ANY \(\(ARRAY\[(?P<items>[^\]]*)\]\)::(?P<type>\w+)\[\]\)")


def _same_meaning(definition: str) -> str:
    """pg_dump writes `= ANY ((ARRAY['a'::varchar])::text[])` in a partial index predicate,
    and PostgreSQL parses that back as `= ANY (ARRAY[('a'::varchar)::text])`: the same
    predicate, spelled differently. Spell both the second way; nothing else is touched."""

    def per_element(match: re.Match[str]) -> str:
        items = [item.strip() for item in match["items"].split(",")]
        return "ANY (ARRAY[" + ", ".join(f"({item})::{match['type']}" for item in items) + "])"

    return _ARRAY_CAST.sub(per_element, definition)


def _catalog(schema: str) -> dict[str, list[tuple[Any, ...]]]:
    """Everything that defines a schema's shape and starting state, with its name taken out."""
    tables = _rows(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", [schema]
    )
    snapshot = {
        "tables": tables,
        "columns": _rows(
            "SELECT table_name, column_name, data_type, character_maximum_length, "
            "numeric_precision, is_nullable, is_identity, identity_generation, "
            "replace(coalesce(column_default, ''), %s, 'S') "
            "FROM information_schema.columns WHERE table_schema = %s",
            [schema, schema],
        ),
        "indexes": [
            (table, name, _same_meaning(definition))
            for table, name, definition in _rows(
                "SELECT tablename, indexname, replace(indexdef, %s, 'S') "
                "FROM pg_indexes WHERE schemaname = %s",
                [schema, schema],
            )
        ],
        "constraints": _rows(
            "SELECT rel.relname, con.conname, con.contype, "
            "replace(pg_get_constraintdef(con.oid), %s, 'S'), con.condeferrable "
            "FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid "
            "JOIN pg_namespace n ON n.oid = rel.relnamespace WHERE n.nspname = %s",
            [schema, schema],
        ),
        "sequences": _rows(
            "SELECT sequencename, data_type::text, start_value, increment_by, max_value, "
            "last_value FROM pg_sequences WHERE schemaname = %s",
            [schema],
        ),
        "migrations": _rows(f"SELECT app, name FROM {quote(schema)}.django_migrations", []),
    }
    # Row counts of every table: the data that migrations create (root page, site, ...).
    snapshot["row_counts"] = [
        (table, _rows(f"SELECT count(*) FROM {quote(schema)}.{quote(table)}", [])[0][0])
        for (table,) in tables
    ]
    # And the next value every sequence hands out: nextval() in a rolled-back savepoint
    # would still consume it, so read the sequence state instead (is_called + last_value).
    snapshot["sequence_state"] = [
        (name, _rows(f"SELECT last_value, is_called FROM {quote(schema)}.{quote(name)}", [])[0])
        for (name, *_rest) in snapshot["sequences"]
    ]
    return snapshot


def test_copied_schema_equals_a_migrated_one(committed: BaseOrganisations) -> None:
    # given one schema copied from the template and one built by migrate (committed:
    # Wagtail's migrations cannot run inside a test's transaction)
    copied = organisation_create(name="Kopie", domain="kopie.test", slug="kopie")
    assert copied.organisation.schema_name == "org_kopie"
    try:
        schema_migrate_with_django(MIGRATED)
        # when their catalogs are compared
        copy_catalog = _catalog("org_kopie")
        migrated_catalog = _catalog(MIGRATED)
    finally:
        schema_drop(MIGRATED)
    # then they are identical in every respect
    assert len(copy_catalog["tables"]) > 40
    assert len(copy_catalog["indexes"]) > 100
    for aspect in copy_catalog:
        assert copy_catalog[aspect] == migrated_catalog[aspect], aspect
