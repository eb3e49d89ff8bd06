from typing import Any

from django.core.management.base import CommandParser

from shared_apps.operators import services as operator
from shared_apps.operators.audit import command_actor
from tenants.management.base import TenancyCommand
from tenants.models import OrganisationKind


class Command(TenancyCommand):
    help = "Create an organisation subsite (copied from the template; never migrates)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument(
            "--domain", required=True, help="Primary domain, e.g. utrecht.localhost"
        )
        parser.add_argument("--slug", help="Default: the first label of the domain.")
        parser.add_argument(
            "--kind", default=OrganisationKind.OTHER, choices=OrganisationKind.values
        )
        parser.add_argument("--theme", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        provisioned = operator.organisation_create(
            actor=command_actor(),
            name=options["name"],
            domain=options["domain"],
            slug=options["slug"],
            kind=options["kind"],
            theme=options["theme"],
        )
        source = "warm pool" if provisioned.from_pool else "template copy"
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {provisioned.organisation.name} at {provisioned.url} "
                f"in {provisioned.seconds * 1000:.0f} ms ({source})"
            )
        )
