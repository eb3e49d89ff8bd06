"""Cover images of groups: what is accepted, where it is stored, how it is sent back.

Checked, stored and served by tenant_apps/uploaded_images.py; this module says what a
cover may be (5 MB) and what is wrong with one, in the group's words.
"""

from __future__ import annotations

import secrets

from django.core.files.base import File
from django.http import FileResponse
from django.utils.translation import gettext as _

from tenant_apps.groups.models import Group
from tenant_apps.uploaded_images import (
    ImageProblem,
    ImageRejected,
    web_image_delete,
    web_image_response,
    web_image_save,
    web_image_type,
)

COVER_MAX_BYTES = 5 * 1024 * 1024


class CoverRefused(Exception):
    """The upload is not an acceptable cover; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def cover_content_type(upload: File[bytes]) -> str:
    """The sniffed type of an acceptable cover, or CoverRefused with a readable reason."""
    if upload.size is None or upload.size > COVER_MAX_BYTES:
        raise CoverRefused(
            _("The cover image can be at most %(mb)d MB.") % {"mb": COVER_MAX_BYTES // 1024**2}
        )
    try:
        return web_image_type(upload)
    except ImageRejected as rejected:
        if rejected.problem == ImageProblem.DAMAGED:
            raise CoverRefused(_("The cover image is damaged or not really an image.")) from None
        raise CoverRefused(_("The cover image must be a JPEG, PNG or WebP image.")) from None


def cover_store(*, group: Group, upload: File[bytes], content_type: str) -> str:
    """Save an accepted cover under a fresh name (no name from the uploader) and return it."""
    return web_image_save(
        name_stem=f"group-covers/{group.pk}-{secrets.token_hex(8)}",
        upload=upload,
        content_type=content_type,
    )


def cover_file_delete(name: str) -> None:
    web_image_delete(name)


def cover_response(*, group: Group) -> FileResponse | None:
    """The cover as an image that browsers show but never sniff or run; None when the
    group has none, or its file is gone."""
    # Private: covers of closed and secret groups must not sit in shared caches.
    return web_image_response(name=group.cover.name or "", cache_control="private, max-age=300")
