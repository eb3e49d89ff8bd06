"""Files for upload tests: real tiny images, and whatever pretends to be one."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (8, 4)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 60, 120)).save(out, format=kind)
    return out.getvalue()


def upload(content: bytes, name: str = "logo.png") -> SimpleUploadedFile:
    # The browser's type is a lie on purpose: only the bytes may count.
    return SimpleUploadedFile(name, content, content_type="image/png")
