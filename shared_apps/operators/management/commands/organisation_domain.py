from typing import Any

from django.core.management.base import CommandParser

from shared_apps.operators import services as operator
from shared_apps.operators.audit import command_actor
from tenants.management.base import TenancyCommand


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
        actor = command_actor()
        if action == "add":
            added = operator.domain_add(actor=actor, slug=slug, domain=domain)
            summary = f"Added {added.domain} to {slug} (an alias of the primary domain)."
        elif action == "remove":
            operator.domain_remove(actor=actor, slug=slug, domain=domain)
            summary = f"Removed {domain} from {slug}."
        else:
            primary = operator.domain_make_primary(actor=actor, slug=slug, domain=domain)
            summary = f"{primary.domain} is now the primary domain of {slug}."
        self.stdout.write(self.style.SUCCESS(summary))
