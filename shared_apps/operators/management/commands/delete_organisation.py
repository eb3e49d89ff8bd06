from typing import Any

from django.core.management.base import CommandParser

from shared_apps.operators import services as operator
from shared_apps.operators.audit import command_actor
from tenants.management.base import TenancyCommand


class Command(TenancyCommand):
    help = (
        "Delete an organisation: its schema, media, domains and registry row. "
        "Refused unless it has been exported (export_organisation), or with --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument(
            "--force", action="store_true", help="Delete even though no export exists."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        operator.organisation_delete(
            actor=command_actor(), slug=options["slug"], force=options["force"]
        )
        self.stdout.write(self.style.SUCCESS(f"Deleted {options['slug']}."))
