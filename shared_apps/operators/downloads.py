"""Handing an export archive to an operator: the console and the API send it alike."""

from __future__ import annotations

from pathlib import Path

from django.http import FileResponse, Http404

from shared_apps.operators import selectors, services
from shared_apps.operators.audit import Actor


def export_download_response(*, actor: Actor, export_id: int) -> FileResponse:
    """The archive as an attachment, streamed from disk in blocks (an export can be
    gigabytes), and the download in the audit trail; 404 when it or its file is gone."""
    export = selectors.export_for_download(export_id=export_id)
    if export is None:
        raise Http404
    services.export_download_record(actor=actor, export=export)
    path = Path(export.path)
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type="application/gzip"
    )
