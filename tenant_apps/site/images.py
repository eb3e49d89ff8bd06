"""Logo and favicon files: what is accepted, where it is stored, how it is sent back.

Checked, stored and served by tenant_apps/uploaded_images.py, as group covers are. SVG is
refused with a message of its own: it is XML that can carry scripts, event handlers and
external references, and a strict sanitiser is more risk than a PNG asks for.
"""

from __future__ import annotations

import secrets
from typing import Literal

from django.core.files.base import File
from django.http import FileResponse
from django.utils.translation import gettext as _

from tenant_apps.uploaded_images import (
    ImageProblem,
    ImageRejected,
    web_image_delete,
    web_image_response,
    web_image_save,
    web_image_type,
)

ImageKind = Literal["logo", "favicon"]
MAX_BYTES: dict[str, int] = {"logo": 1024 * 1024, "favicon": 256 * 1024}
MAX_PIXELS = 4096


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
    try:
        return web_image_type(upload, max_pixels=MAX_PIXELS)
    except ImageRejected as rejected:
        raise ImageRefused(_problem_message(rejected.problem, label)) from None


def _problem_message(problem: ImageProblem, label: str) -> str:
    if problem == ImageProblem.SVG:
        return _(
            "%(label)s cannot be an SVG file: SVG can carry scripts. "
            "Upload a PNG, JPEG or WebP image."
        ) % {"label": label}
    if problem == ImageProblem.DAMAGED:
        return _("%(label)s is damaged or not really an image.") % {"label": label}
    if problem == ImageProblem.TOO_MANY_PIXELS:
        return _("%(label)s can be at most %(max)d pixels wide and high.") % {
            "label": label,
            "max": MAX_PIXELS,
        }
    return _("%(label)s must be a PNG, JPEG or WebP image.") % {"label": label}


def image_store(*, kind: ImageKind, upload: File[bytes], content_type: str) -> str:
    """Save an accepted image under a fresh name (none from the uploader) and return it."""
    return web_image_save(
        name_stem=f"branding/{kind}-{secrets.token_hex(8)}",
        upload=upload,
        content_type=content_type,
    )


def image_file_delete(name: str) -> None:
    web_image_delete(name)


def image_token(name: str) -> str:
    """The public part of a stored name (branding/logo-<token>.<ext>) used in its URL."""
    return name.rsplit("/", 1)[-1]


def image_response(*, name: str) -> FileResponse | None:
    """The image as a file browsers show but never sniff or run; None when missing. The
    hub's directory shows logos from every subsite, so other sites may embed them."""
    # The name changes with every upload: the file at a name never changes.
    return web_image_response(
        name=name, cache_control="public, max-age=31536000, immutable", other_sites_may_embed=True
    )
