"""Cover images of groups: what is accepted, where it is stored, how it is sent back.

The type is judged by the bytes (filetype), never by the name or the browser's
Content-Type, and the image must also open in Pillow: a file that merely starts with
PNG's magic bytes is refused. SVG is never accepted: it is XML that can carry scripts.
Files go through default_storage, which keeps every organisation's media apart.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import filetype
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image

from tenant_apps.groups.models import Group

COVER_MAX_BYTES = 5 * 1024 * 1024
# Sniffed type → the extension we store it under (the stored name fixes the served type).
COVER_TYPES: dict[str, str] = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
_EXTENSION_TYPES = {extension: mime for mime, extension in COVER_TYPES.items()}
_PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
_SNIFF_BYTES = 8192


class CoverRefused(Exception):
    """The upload is not an acceptable cover; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@contextmanager
def _at_start(upload: File[bytes]) -> Iterator[File[bytes]]:
    upload.seek(0)
    try:
        yield upload
    finally:
        upload.seek(0)


def cover_content_type(upload: File[bytes]) -> str:
    """The sniffed type of an acceptable cover, or CoverRefused with a readable reason."""
    if upload.size is None or upload.size > COVER_MAX_BYTES:
        raise CoverRefused(
            _("The cover image can be at most %(mb)d MB.") % {"mb": COVER_MAX_BYTES // 1024**2}
        )
    with _at_start(upload) as stream:
        kind = filetype.guess(stream.read(_SNIFF_BYTES))
    content_type = str(kind.mime) if kind is not None else ""
    if content_type not in COVER_TYPES:
        raise CoverRefused(_("The cover image must be a JPEG, PNG or WebP image."))
    try:
        with _at_start(upload) as stream, Image.open(stream) as image:
            image_format = image.format
            image.verify()
    except Exception:
        # Pillow's decoders fail on malformed input with many kinds of error (OSError,
        # SyntaxError, struct.error, DecompressionBombError...): all mean "not an image",
        # and none may become a 500.
        raise CoverRefused(_("The cover image is damaged or not really an image.")) from None
    if image_format != _PILLOW_FORMATS[content_type]:
        raise CoverRefused(_("The cover image is damaged or not really an image."))
    return content_type


def cover_store(*, group: Group, upload: File[bytes], content_type: str) -> str:
    """Save an accepted cover under a fresh name (no name from the uploader) and return it."""
    name = f"group-covers/{group.pk}-{secrets.token_hex(8)}.{COVER_TYPES[content_type]}"
    with _at_start(upload):
        return default_storage.save(name, upload)


def cover_file_delete(name: str) -> None:
    if name:
        default_storage.delete(name)


def cover_response(*, group: Group) -> FileResponse | None:
    """The cover as an image that browsers show but never sniff or run; None when the
    group has none, or its file is gone (say, media not restored with a database)."""
    name = group.cover.name or ""
    if not name:
        return None
    content_type = _EXTENSION_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream")
    try:
        stream = default_storage.open(name, "rb")
    except OSError:
        return None
    response = FileResponse(stream, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    # Private: covers of closed and secret groups must not sit in shared caches.
    response["Cache-Control"] = "private, max-age=300"
    return response
