"""Sending a stored file back: always as a download, never as something the browser runs."""

from __future__ import annotations

from urllib.parse import quote

from django.http import FileResponse

from tenant_apps.files.models import StoredFile


def content_disposition(name: str) -> str:
    """RFC 6266: an ASCII fallback for old clients and the exact name in filename*."""
    fallback = "".join(
        char if char.isascii() and char.isprintable() and char not in '"\\;' else "_"
        for char in name
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def download_response(*, stored_file: StoredFile) -> FileResponse:
    response = FileResponse(stored_file.file.open("rb"), content_type=stored_file.content_type)
    response["Content-Length"] = str(stored_file.size_bytes)
    response["Content-Disposition"] = content_disposition(stored_file.name)
    # The sniffed type is final; an opened file gets no scripts, plugins or same origin.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-cache"
    return response
