from typing import Any

from django.core.management.base import CommandParser

from tenants.management.base import TenancyCommand
from tenants.services import organisation_suspend


class Command(TenancyCommand):
    help = "Take an organisation's subsite offline (it answers 503) without touching its data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_suspend(slug=options["slug"])
        self.stdout.write(
            self.style.SUCCESS(f"Suspended {organisation.name} ({organisation.slug}).")
        )
