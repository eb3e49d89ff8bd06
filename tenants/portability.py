"""Export and import of whole organisations (schema dump plus media, as one archive)."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings

from tenants.models import OrganisationExport


def export_exists(*, slug: str) -> bool:
    """Whether an export archive of this organisation is on disk."""
    return any(
        Path(export.path).exists()
        for export in OrganisationExport.objects.filter(organisation_slug=slug)
    )


def media_dir_remove(*, schema_name: str) -> None:
    shutil.rmtree(Path(settings.MEDIA_ROOT) / schema_name, ignore_errors=True)
