from typing import Any

from django.core.management.base import CommandParser

from shared_apps.operators import services as operator
from shared_apps.operators.audit import command_actor
from tenants.management.base import TenancyCommand


class Command(TenancyCommand):
    help = "Write an organisation (schema dump and media) to one archive in PLEIN_EXPORT_DIR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args: Any, **options: Any) -> None:
        export = operator.organisation_export(actor=command_actor(), slug=options["slug"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {export.organisation_slug} to {export.path} "
                f"({human_size(export.size_bytes)})."
            )
        )


def human_size(size_bytes: int) -> str:
    if size_bytes < 1024:
        return f"{size_bytes} B"
    size = size_bytes / 1024
    for unit in ["KB", "MB"]:
        if size < 1024:
            return f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"
