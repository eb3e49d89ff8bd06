"""Rebuild the hub's index from the organisations' schemas, with a progress bar."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from shared_apps.hub.services import (
    hub_index_analyze,
    hub_organisation_memberships_reconcile,
    hub_organisation_reconcile,
)
from tenants.models import Organisation


class Command(BaseCommand):
    help = "Reconcile the hub's index with every organisation's groups (or one's)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", metavar="SLUG", help="Only this organisation.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        slug = options.get("organisation")
        organisations = Organisation.objects.exclude(schema_name="public").order_by("slug")
        if slug:
            organisations = organisations.filter(slug=slug)
            if not organisations.exists():
                raise CommandError(f"No organisation with slug '{slug}'.")
        # Suspended and archived organisations are indexed too: every read filters on
        # status, so their rows stay hidden and come back at once on resume.
        added = updated = removed = unchanged = 0
        memberships = memberships_repaired = 0
        for organisation in tqdm(
            list(organisations), desc="reindex hub", unit="org", file=self.stderr._out
        ):
            report = hub_organisation_reconcile(organisation=organisation)
            added += report.added
            updated += report.updated
            removed += report.removed
            unchanged += report.unchanged
            members = hub_organisation_memberships_reconcile(organisation=organisation)
            memberships += members.added + members.updated + members.unchanged
            memberships_repaired += members.repaired
        hub_index_analyze()
        self.stdout.write(
            f"Hub index: {added + updated + unchanged} groups listed ({added} added, "
            f"{updated} updated, {removed} removed, {unchanged} unchanged); "
            f"{memberships} memberships ({memberships_repaired} repaired) "
            f"in {time.perf_counter() - started:.1f} s."
        )
