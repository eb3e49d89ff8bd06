"""The template schema: migrated like any organisation, copied to create new ones.

`plein_template` is kept at the code's migration state by `migrate`; its dump is stored
once per migration fingerprint (SchemaTemplate) so that copying it is one transaction of
pre-rendered SQL rather than hundreds of migrations or a catalog walk per copy.
"""

from __future__ import annotations

import threading
from typing import TextIO

from django.core.management import call_command
from django.core.management.base import OutputWrapper
from django.core.management.commands.migrate import Command as DjangoMigrateCommand
from django.db import IntegrityError, connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.migrations.recorder import MigrationRecorder

from tenants.db import tenant_connection
from tenants.dump import Step, dump_steps, schema_dump, steps_replay
from tenants.errors import TemplateNotReady
from tenants.models import SchemaTemplate
from tenants.schemas import TEMPLATE_SCHEMA, migration_fingerprints, quote

_parsed_lock = threading.Lock()
_parsed: dict[str, list[Step]] = {}


def schema_migrate_with_django(
    schema_name: str, *, verbosity: int = 0, stdout: TextIO | OutputWrapper | None = None
) -> None:
    """Bring one tenant schema to the code's state with Django's own migrate (slow, exact)."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {quote(schema_name)}")
    # The recorder must find (or create) the schema's own django_migrations, not public's.
    tenant_connection().set_schema(schema_name, include_public=False)
    MigrationRecorder(connection).ensure_schema()
    tenant_connection().set_schema(schema_name)
    try:
        call_command(
            DjangoMigrateCommand(),
            interactive=False,
            verbosity=verbosity,
            skip_checks=True,
            stdout=stdout,
        )
    finally:
        tenant_connection().set_schema_to_public()


def template_migrate(*, verbosity: int = 0, stdout: TextIO | OutputWrapper | None = None) -> str:
    """Migrate the template schema; returns its migration fingerprint."""
    schema_migrate_with_django(TEMPLATE_SCHEMA, verbosity=verbosity, stdout=stdout)
    fingerprint = template_fingerprint()
    assert fingerprint is not None
    return fingerprint


def template_fingerprint() -> str | None:
    return migration_fingerprints([TEMPLATE_SCHEMA])[TEMPLATE_SCHEMA]


def template_current() -> SchemaTemplate:
    """The rendered template for the current migration state, rendering it if needed."""
    fingerprint = template_fingerprint()
    if fingerprint is None:
        raise TemplateNotReady()
    # The script (a few hundred kB) is loaded only when a copy needs it and this process
    # has not parsed it yet: taking a spare from the pool never reads it.
    existing = SchemaTemplate.objects.defer("script").filter(fingerprint=fingerprint).first()
    if existing is not None:
        return existing
    script = schema_dump(TEMPLATE_SCHEMA)
    try:
        with transaction.atomic():
            return SchemaTemplate.objects.create(
                fingerprint=fingerprint, source_schema=TEMPLATE_SCHEMA, script=script
            )
    except IntegrityError:
        # Another process rendered the same fingerprint at the same moment.
        return SchemaTemplate.objects.get(fingerprint=fingerprint)


def template_copy(*, template: SchemaTemplate, target_schema: str, cursor: CursorWrapper) -> None:
    """Create `target_schema` as a copy of the template, inside the caller's transaction."""
    steps = _steps_for(template)
    steps_replay(
        steps, source_schema=template.source_schema, target_schema=target_schema, cursor=cursor
    )


def _steps_for(template: SchemaTemplate) -> list[Step]:
    with _parsed_lock:
        steps = _parsed.get(template.fingerprint)
        if steps is None:
            steps = dump_steps(template.script)
            _parsed.clear()  # only the current template is ever needed again
            _parsed[template.fingerprint] = steps
        return steps
