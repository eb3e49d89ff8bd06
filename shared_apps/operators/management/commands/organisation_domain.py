from typing import Any

from django.core.management.base import CommandParser

from tenants.management.base import TenancyCommand
from tenants.services import domain_add, domain_make_primary, domain_remove


class Command(TenancyCommand):
    help = (
        "Add a domain (an alias that redirects to the primary one), remove an alias, "
        "or make a domain the primary one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("action", choices=["add", "remove", "primary"])
        parser.add_argument("domain")

    def handle(self, *args: Any, **options: Any) -> None:
        slug, action, domain = options["slug"], options["action"], options["domain"]
        if action == "add":
            added = domain_add(slug=slug, domain=domain)
            summary = f"Added {added.domain} to {slug} (an alias of the primary domain)."
        elif action == "remove":
            domain_remove(slug=slug, domain=domain)
            summary = f"Removed {domain} from {slug}."
        else:
            primary = domain_make_primary(slug=slug, domain=domain)
            summary = f"{primary.domain} is now the primary domain of {slug}."
        self.stdout.write(self.style.SUCCESS(summary))
