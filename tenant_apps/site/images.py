"""Logo and favicon files: what is accepted, where it is stored, how it is sent back.

As with group covers (tenant_apps/groups/covers.py): the type is judged by the bytes
(filetype), never by the name or the browser's Content-Type, and the image must also
open in Pillow. SVG is refused: it is XML that can carry scripts, event handlers and
external references, and a strict sanitiser is more risk than a PNG asks for. Files go
through default_storage, which keeps every organisation's media apart.
"""

from __future__ import annotations

import secrets
from typing import Literal

import filetype
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image

ImageKind = Literal["logo", "favicon"]
MAX_BYTES: dict[str, int] = {"logo": 1024 * 1024, "favicon": 256 * 1024}
MAX_PIXELS = 4096
IMAGE_TYPES: dict[str, str] = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
_EXTENSION_TYPES = {extension: mime for mime, extension in IMAGE_TYPES.items()}
_PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
_SNIFF_BYTES = 8192


class ImageRefused(Exception):
    """The upload is not an acceptable logo or favicon; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _label(kind: ImageKind) -> str:
    return _("The logo") if kind == "logo" else _("The favicon")


def image_content_type(*, kind: ImageKind, upload: File[bytes]) -> str:
    """The sniffed type of an acceptable image, or ImageRefused with a readable reason."""
    label = _label(kind)
    if upload.size is None or upload.size > MAX_BYTES[kind]:
        raise ImageRefused(
            _("%(label)s can be at most %(kb)d KB.")
            % {"label": label, "kb": MAX_BYTES[kind] // 1024}
        )
    upload.seek(0)
    head = upload.read(_SNIFF_BYTES)
    upload.seek(0)
    if _looks_like_svg(head):
        raise ImageRefused(
            _(
                "%(label)s cannot be an SVG file: SVG can carry scripts. "
                "Upload a PNG, JPEG or WebP image."
            )
            % {"label": label}
        )
    kind_found = filetype.guess(head)
    content_type = str(kind_found.mime) if kind_found is not None else ""
    if content_type not in IMAGE_TYPES:
        raise ImageRefused(_("%(label)s must be a PNG, JPEG or WebP image.") % {"label": label})
    try:
        with Image.open(upload) as image:
            image_format, size = image.format, image.size
            image.verify()
    except Exception:
        # Pillow fails on malformed input with many kinds of error: all mean "not an
        # image", and none may become a 500.
        raise ImageRefused(
            _("%(label)s is damaged or not really an image.") % {"label": label}
        ) from None
    finally:
        upload.seek(0)
    if image_format != _PILLOW_FORMATS[content_type]:
        raise ImageRefused(_("%(label)s is damaged or not really an image.") % {"label": label})
    if max(size) > MAX_PIXELS:
        raise ImageRefused(
            _("%(label)s can be at most %(max)d pixels wide and high.")
            % {"label": label, "max": MAX_PIXELS}
        )
    return content_type


def _looks_like_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(b"<") and (b"<svg" in text or text.startswith(b"<?xml"))


def image_store(*, kind: ImageKind, upload: File[bytes], content_type: str) -> str:
    """Save an accepted image under a fresh name (none from the uploader) and return it."""
    name = f"branding/{kind}-{secrets.token_hex(8)}.{IMAGE_TYPES[content_type]}"
    upload.seek(0)
    return default_storage.save(name, upload)


def image_file_delete(name: str) -> None:
    if name:
        default_storage.delete(name)


def image_token(name: str) -> str:
    """The public part of a stored name (branding/logo-<token>.<ext>) used in its URL."""
    return name.rsplit("/", 1)[-1]


def image_response(*, name: str) -> FileResponse | None:
    """The image as a file browsers show but never sniff or run; None when missing."""
    content_type = _EXTENSION_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream")
    try:
        stream = default_storage.open(name, "rb")
    except OSError:
        return None
    response = FileResponse(stream, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    # The name changes with every upload: the file at a name never changes.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
