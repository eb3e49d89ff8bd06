"""Create or update the OIDC client of every organisation (after a key or domain change,
or on an installation that predates the provider)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from shared_apps.identity.services.clients import oidc_clients_sync_all
from tenants.db import tenant_connection
from tenants.models import Organisation
from tenants.oidc_clients import oidc_issuer, oidc_issuer_is_builtin


class Command(BaseCommand):
    help = "Create or update the OIDC client of every organisation, the hub included."

    def handle(self, *args: Any, **options: Any) -> None:
        if not oidc_issuer_is_builtin():
            self.stdout.write(f"oidc: clients are registered at {oidc_issuer()}; nothing to do.")
            return
        tenant_connection().set_schema_to_public()
        bar = tqdm(
            total=Organisation.objects.count(),
            desc="oidc clients",
            unit="org",
            file=self.stderr,
            mininterval=1.0,
        )
        with bar:
            count = oidc_clients_sync_all(progress=lambda _organisation: bar.update(1))
        self.stdout.write(f"oidc: {count} clients in step with their organisations' domains.")
