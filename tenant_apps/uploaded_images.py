"""Uploaded raster images (group covers, logos, favicons): accepted by their bytes, served
so that a browser shows them but never sniffs or runs them.

The type is judged by the bytes (filetype), never by the name or the browser's
Content-Type, and the file must also open in Pillow as that same format: a file that
merely starts with PNG's magic bytes is refused. SVG is never accepted (it is XML that can
carry scripts). Files go through default_storage, which keeps every organisation's media
apart. Callers say what is wrong in their own words; this module only decides.
"""

from __future__ import annotations

from enum import StrEnum

import filetype
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.http import FileResponse
from PIL import Image

# Sniffed type → the extension it is stored under (the stored name fixes the served type).
WEB_IMAGE_TYPES: dict[str, str] = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
_EXTENSION_TYPES = {extension: mime for mime, extension in WEB_IMAGE_TYPES.items()}
_PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
_SNIFF_BYTES = 8192


class ImageProblem(StrEnum):
    SVG = "svg"
    NOT_A_WEB_IMAGE = "not-a-web-image"
    DAMAGED = "damaged"
    TOO_MANY_PIXELS = "too-many-pixels"


class ImageRejected(Exception):
    def __init__(self, problem: ImageProblem) -> None:
        super().__init__(problem)
        self.problem = problem


def web_image_type(upload: File[bytes], *, max_pixels: int | None = None) -> str:
    """The sniffed MIME type of an acceptable JPEG, PNG or WebP upload; ImageRejected
    otherwise. The upload is left at its start."""
    upload.seek(0)
    head = upload.read(_SNIFF_BYTES)
    upload.seek(0)
    if _looks_like_svg(head):
        raise ImageRejected(ImageProblem.SVG)
    found = filetype.guess(head)
    content_type = str(found.mime) if found is not None else ""
    if content_type not in WEB_IMAGE_TYPES:
        raise ImageRejected(ImageProblem.NOT_A_WEB_IMAGE)
    try:
        with Image.open(upload) as image:
            image_format, size = image.format, image.size
            image.verify()
    except Exception:
        # Pillow's decoders fail on malformed input with many kinds of error (OSError,
        # SyntaxError, struct.error, DecompressionBombError...): all mean "not an image",
        # and none may become a 500.
        raise ImageRejected(ImageProblem.DAMAGED) from None
    finally:
        upload.seek(0)
    if image_format != _PILLOW_FORMATS[content_type]:
        raise ImageRejected(ImageProblem.DAMAGED)
    if max_pixels is not None and max(size) > max_pixels:
        raise ImageRejected(ImageProblem.TOO_MANY_PIXELS)
    return content_type


def _looks_like_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(b"<") and (b"<svg" in text or text.startswith(b"<?xml"))


def web_image_save(*, name_stem: str, upload: File[bytes], content_type: str) -> str:
    """Save under `<name_stem>.<ext of the sniffed type>` (never a name from the uploader)."""
    upload.seek(0)
    return default_storage.save(f"{name_stem}.{WEB_IMAGE_TYPES[content_type]}", upload)


def web_image_delete(name: str) -> None:
    if name:
        default_storage.delete(name)


def web_image_response(
    *, name: str, cache_control: str, other_sites_may_embed: bool = False
) -> FileResponse | None:
    """The stored image with its type fixed by its name, never sniffed and never run;
    None when its file is gone (say, media not restored with a database). Only images
    meant for other sites (a logo on the hub) may be embedded by them."""
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
    response["Cross-Origin-Resource-Policy"] = (
        "cross-origin" if other_sites_may_embed else "same-origin"
    )
    response["Cache-Control"] = cache_control
    return response
