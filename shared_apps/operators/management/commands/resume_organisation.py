from typing import Any

from django.core.management.base import CommandParser

from shared_apps.operators import services as operator
from shared_apps.operators.audit import command_actor
from tenants.management.base import TenancyCommand


class Command(TenancyCommand):
    help = "Bring a suspended organisation's subsite back online."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = operator.organisation_resume(actor=command_actor(), slug=options["slug"])
        self.stdout.write(self.style.SUCCESS(f"Resumed {organisation.name} ({organisation.slug})."))
