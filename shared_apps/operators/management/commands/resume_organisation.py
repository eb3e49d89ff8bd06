from typing import Any

from django.core.management.base import CommandParser

from tenants.management.base import TenancyCommand
from tenants.services import organisation_resume


class Command(TenancyCommand):
    help = "Bring a suspended organisation's subsite back online."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_resume(slug=options["slug"])
        self.stdout.write(self.style.SUCCESS(f"Resumed {organisation.name} ({organisation.slug})."))
