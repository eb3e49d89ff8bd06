from typing import Any

from django.core.management.base import CommandParser

from tenants.management.base import TenancyCommand
from tenants.services import hub_ensure, organisation_url


class Command(TenancyCommand):
    help = "Create the hub (public schema organisation) with its domain, if missing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--domain", help="Hub domain (default: PLEIN_HUB_DOMAIN).")

    def handle(self, *args: Any, **options: Any) -> None:
        hub = hub_ensure(domain=options["domain"])
        primary = hub.domains.get(is_primary=True).domain
        self.stdout.write(self.style.SUCCESS(f"Hub ready at {organisation_url(primary)}"))
