"""What an upload really is, judged by its bytes (filetype), never by its name or the
browser's Content-Type; and whether we accept it.

Only an allow-list of document, image and media types is accepted, and the name's
extension must fit the bytes: an executable named report.pdf, or a web page or SVG (which
can carry scripts) named notes.txt, is refused with a message.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TEXT = "text/plain"

# Sniffed type → extensions a file of that type may have.
ALLOWED_TYPES: dict[str, frozenset[str]] = {
    "application/pdf": frozenset({"pdf"}),
    "image/png": frozenset({"png"}),
    "image/jpeg": frozenset({"jpg", "jpeg"}),
    "image/gif": frozenset({"gif"}),
    "image/webp": frozenset({"webp"}),
    "application/zip": frozenset({"zip"}),
    "application/msword": frozenset({"doc"}),
    "application/vnd.ms-excel": frozenset({"xls"}),
    "application/vnd.ms-powerpoint": frozenset({"ppt"}),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": frozenset({"docx"}),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": frozenset({"xlsx"}),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": frozenset(
        {"pptx"}
    ),
    "application/vnd.oasis.opendocument.text": frozenset({"odt"}),
    "application/vnd.oasis.opendocument.spreadsheet": frozenset({"ods"}),
    "application/vnd.oasis.opendocument.presentation": frozenset({"odp"}),
    "audio/mpeg": frozenset({"mp3"}),
    "video/mp4": frozenset({"mp4"}),
    TEXT: frozenset({"txt", "csv", "md", "log"}),
}

# Markup a browser would run if it ever rendered the file; refused even inside .txt.
ACTIVE_MARKUP = (
    b"<script",
    b"<html",
    b"<!doctype",
    b"<svg",
    b"<?xml",
    b"<iframe",
    b"<object",
    b"<embed",
    b"<body",
    b"javascript:",
)
_OVERLAP = max(len(marker) for marker in ACTIVE_MARKUP)


def file_name_clean(name: str) -> str:
    """The name as people see it: no folders, no control characters (it goes into a
    header), at most 255 characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip()
    name = name.lstrip(".")  # no hidden files, no "..", no extension-only names
    return name[:255] or "file"


def file_extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut off at the end of the sample is still text.
        return error.start >= len(head) - 3 and error.reason == "unexpected end of data"
    return True


def _has_active_markup(chunks: Iterable[bytes]) -> bool:
    tail = b""
    for chunk in chunks:
        window = (tail + chunk).lower()
        if any(marker in window for marker in ACTIVE_MARKUP):
            return True
        tail = window[-_OVERLAP:]
    return False


def upload_content_type(*, name: str, head: bytes, chunks: Iterable[bytes]) -> str:
    """The accepted content type of an upload, or ValidationError({"file": ...}).

    `head` is the start of the file (at least 8 KB when the file is that long); `chunks`
    the whole file, read only for text, where active markup may hide anywhere.
    """
    kind = filetype.guess(head)
    if kind is not None:
        content_type = str(kind.mime)
    elif _looks_like_text(head):
        content_type = TEXT
    else:
        raise ValidationError({"file": _("This kind of file is not accepted.")})
    if content_type not in ALLOWED_TYPES:
        raise ValidationError(
            {"file": _("Files of type %(type)s are not accepted.") % {"type": content_type}}
        )
    if file_extension(name) not in ALLOWED_TYPES[content_type]:
        raise ValidationError(
            {
                "file": _(
                    "The file's content (%(type)s) does not match its name; rename it or "
                    "upload another file."
                )
                % {"type": content_type}
            }
        )
    if content_type == TEXT and _has_active_markup(chunks):
        raise ValidationError(
            {"file": _("Web pages, SVG and XML are not accepted: they can run scripts.")}
        )
    return content_type
