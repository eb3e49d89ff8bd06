"""`migrate` for the whole platform: public schema, template, then every organisation.

Replaces both Django's `migrate` and django-tenants' `migrate_schemas` (see tenants.fleet
for why). Up-to-date schemas are skipped with one query; the rest are migrated in
parallel with a progress bar; failures are listed per schema and make the exit non-zero.
"""

from __future__ import annotations

import os
import time
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.core.management.commands.migrate import Command as DjangoMigrateCommand
from tqdm import tqdm

from tenants.db import tenant_connection
from tenants.fleet import fleet_migrate
from tenants.pool import spare_schemas_refill
from tenants.template import template_current, template_migrate


class Command(DjangoMigrateCommand):
    help = (
        "Migrate the public schema, the template schema and every organisation schema "
        "(skipping those already current), then refill the warm pool."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 2,
            help="Schemas migrated at once (default: the number of cores).",
        )
        parser.add_argument(
            "--schema",
            dest="only_schema",
            default=None,
            help="Migrate only this organisation schema (after public and template).",
        )
        parser.add_argument(
            "--skip-pool", action="store_true", help="Do not top up the warm pool afterwards."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("app_label"):
            raise CommandError(
                "Targeting one app or migration is not supported across schemas; "
                "run `migrate` without arguments."
            )
        started = time.perf_counter()
        verbosity = int(options["verbosity"])
        quiet = verbosity == 0

        tenant_connection().set_schema_to_public()
        if not quiet:
            self.stdout.write(self.style.MIGRATE_HEADING("Public schema:"))
        super().handle(*args, **{**options, "verbosity": max(verbosity - 1, 0)})

        if not quiet:
            self.stdout.write(self.style.MIGRATE_HEADING("Template schema:"))
        fingerprint = template_migrate(verbosity=max(verbosity - 1, 0), stdout=self.stdout)
        template_current()  # render the copy script for this migration state

        if not quiet:
            self.stdout.write(self.style.MIGRATE_HEADING("Organisation schemas:"))
        bar: tqdm[Any] | None = None

        def on_plan(total: int) -> None:
            nonlocal bar
            if total and not quiet:
                bar = tqdm(total=total, desc="migrating", unit="schema", file=self.stderr)

        def on_done(schema_name: str, ok: bool) -> None:
            if bar is not None:
                bar.update(1)
                if not ok:
                    bar.write(f"  failed: {schema_name}")

        schemas = [options["only_schema"]] if options.get("only_schema") else None
        report = fleet_migrate(
            target_fingerprint=fingerprint,
            schemas=schemas,
            jobs=max(1, options["jobs"]),
            on_done=on_done,
            on_plan=on_plan,
        )
        if bar is not None:
            bar.close()

        made = 0 if options["skip_pool"] else spare_schemas_refill()
        elapsed = time.perf_counter() - started
        for schema_name, error in sorted(report.failed.items()):
            self.stderr.write(self.style.ERROR(f"{schema_name}: {error.strip()}"))
        summary = (
            f"{report.checked} schemas checked: {report.up_to_date} up to date, "
            f"{len(report.migrated)} migrated, {len(report.failed)} failed; "
            f"{made} spare schemas made; {elapsed:.1f}s"
        )
        if report.failed:
            raise CommandError(summary)
        if not quiet:
            self.stdout.write(self.style.SUCCESS(summary))
