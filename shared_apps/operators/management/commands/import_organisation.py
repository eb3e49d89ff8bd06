from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from shared_apps.operators import services as operator
from shared_apps.operators.audit import command_actor
from tenants.management.base import TenancyCommand
from tenants.services import organisation_url


class Command(TenancyCommand):
    help = (
        "Restore an organisation from an export archive, with all its domains; or, with "
        "--slug and --domain, as a copy next to the original."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--slug", help="Default: the exported slug.")
        parser.add_argument(
            "--domain",
            help="The only (primary) domain of the import. Default: the exported domains.",
        )
        parser.add_argument("--name", help="Default: the exported name.")
        parser.add_argument(
            "--trust-unsigned",
            action="store_true",
            help="Accept an archive written by another installation (its SQL is replayed "
            "as it is: only for archives whose origin you trust).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = operator.organisation_import(
            actor=command_actor(),
            archive=options["archive"],
            slug=options["slug"],
            domain=options["domain"],
            name=options["name"],
            trust_unsigned=options["trust_unsigned"],
        )
        primary = organisation.domains.get(is_primary=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {organisation.name} ({organisation.slug}, {organisation.status}) "
                f"at {organisation_url(primary.domain)}"
            )
        )
