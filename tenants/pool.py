"""The warm pool: spare schemas copied ahead of time, renamed when an organisation arrives.

Claiming one is a row lock plus `ALTER SCHEMA ... RENAME`, a catalog update of a few
milliseconds, so that a new organisation is live long before a copy could finish.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction

from tenants.models import SchemaTemplate, SpareSchema
from tenants.schemas import (
    SPARE_SCHEMA_PREFIX,
    migration_fingerprints,
    schema_drop,
    schemas_with_prefix,
    spare_schema_name,
)
from tenants.template import template_copy, template_current

logger = logging.getLogger(__name__)


def spare_schema_claim(*, fingerprint: str) -> str | None:
    """Take one spare schema at `fingerprint` for the caller's transaction, or None.

    SKIP LOCKED lets concurrent creations take different spares instead of queueing.
    The row is deleted in the caller's transaction, so a rollback puts the spare back.
    """
    spare = (
        SpareSchema.objects.select_for_update(skip_locked=True)
        .filter(fingerprint=fingerprint)
        .order_by("created_at")
        .first()
    )
    if spare is None:
        return None
    spare.delete()
    return spare.schema_name


def spare_schemas_refill(
    *, target: int | None = None, progress: Callable[[int], None] | None = None
) -> int:
    """Top the pool up to `target` current spares, dropping stale ones; returns how many made."""
    wanted = settings.PLEIN_SPARE_SCHEMAS if target is None else target
    template = template_current()
    spare_schemas_drop_stale(current=template)
    made = 0
    while SpareSchema.objects.filter(fingerprint=template.fingerprint).count() < wanted:
        spare_schema_create(template=template)
        made += 1
        if progress is not None:
            progress(made)
    return made


def spare_schema_create(*, template: SchemaTemplate) -> str:
    name = spare_schema_name()
    with transaction.atomic(), connection.cursor() as cursor:
        template_copy(template=template, target_schema=name, cursor=cursor)
        SpareSchema.objects.create(schema_name=name, fingerprint=template.fingerprint)
    return name


def spare_schemas_drop_stale(*, current: SchemaTemplate) -> int:
    """Drop spares of an older migration state and spare schemas with no row (left by a crash).

    A spare whose row is stale but whose schema was migrated to the current state is kept.
    """
    dropped = 0
    stale = list(SpareSchema.objects.exclude(fingerprint=current.fingerprint))
    actual = migration_fingerprints([spare.schema_name for spare in stale]) if stale else {}
    for spare in stale:
        if actual.get(spare.schema_name) == current.fingerprint:
            # Migrated along with the organisations (tenants.fleet): still a good spare,
            # and far cheaper to keep than to copy again.
            spare.fingerprint = current.fingerprint
            spare.save(update_fields=["fingerprint"])
            continue
        with transaction.atomic():
            schema_drop(spare.schema_name)
            spare.delete()
        dropped += 1
    known = set(SpareSchema.objects.values_list("schema_name", flat=True))
    for orphan in set(schemas_with_prefix(SPARE_SCHEMA_PREFIX)) - known:
        schema_drop(orphan)
        dropped += 1
    return dropped
