"""Files for upload tests: real tiny images, and things that only pretend to be one."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (8, 4)) -> bytes:
    """A real, tiny image in the given Pillow format."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=kind)
    return out.getvalue()


def upload(content: bytes, name: str = "image.png") -> SimpleUploadedFile:
    # The browser's type is a lie on purpose: only the bytes may count.
    return SimpleUploadedFile(name, content, content_type="image/png")
