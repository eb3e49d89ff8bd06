"""Measuring one organisation's size: people, groups and storage (its schema's relations
plus its media folder). Costs a few queries on its schema, so only tasks call it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from tenants.schemas import quote


@dataclass(frozen=True, slots=True)
class Size:
    members: int
    groups: int
    database_bytes: int
    media_bytes: int


def organisation_size_measure(*, schema_name: str) -> Size:
    schema = quote(schema_name)
    with connection.cursor() as cursor:
        # Schema-qualified: the connection stays on the public schema throughout.
        cursor.execute(f"SELECT count(*) FROM {schema}.accounts_user WHERE is_active")
        members = int(cursor.fetchone()[0])
        cursor.execute(f"SELECT count(*) FROM {schema}.groups_group WHERE deleted_at IS NULL")
        groups = int(cursor.fetchone()[0])
        # Tables and materialised views with their indexes and TOAST (pg_total_relation_size).
        cursor.execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'm')",
            [schema_name],
        )
        database_bytes = int(cursor.fetchone()[0])
    return Size(
        members=members,
        groups=groups,
        database_bytes=database_bytes,
        media_bytes=_folder_bytes(Path(settings.MEDIA_ROOT) / schema_name),
    )


def _folder_bytes(folder: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += (Path(root) / name).lstat().st_size
            except OSError:
                continue  # removed while walking: it no longer takes space
    return total
