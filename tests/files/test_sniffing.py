"""Content sniffing: the bytes decide, the name must fit them, active markup is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tenant_apps.files.sniffing import file_name_clean, upload_content_type
from tests.files.samples import ELF, EXE, HTML, PDF, PNG, SVG, TEXT


def _sniff(name: str, content: bytes) -> str:
    return upload_content_type(name=name, head=content[:8192], chunks=[content])


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("rapport.pdf", PDF, "application/pdf"),
        ("logo.PNG", PNG, "image/png"),
        ("leden.csv", TEXT, "text/plain"),
        ("notities.txt", "Één, twee — drie".encode(), "text/plain"),
    ],
)
def test_accepted_types(name: str, content: bytes, content_type: str) -> None:
    assert _sniff(name, content) == content_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rapport.pdf", EXE, "Files of type application/x-msdownload are not accepted."),
        ("rapport.pdf", ELF, "Files of type application/x-executable are not accepted."),
        (
            "foto.png",
            PDF,
            "The file's content (application/pdf) does not match its name; "
            "rename it or upload another file.",
        ),
        (
            "pagina.html",
            HTML,
            "The file's content (text/plain) does not match its name; "
            "rename it or upload another file.",
        ),
        ("pagina.txt", HTML, "Web pages, SVG and XML are not accepted: they can run scripts."),
        (
            "logo.svg",
            SVG,
            "The file's content (text/plain) does not match its name; "
            "rename it or upload another file.",
        ),
        ("logo.txt", SVG, "Web pages, SVG and XML are not accepted: they can run scripts."),
        ("data.bin", b"\x00\x01\x02\xff\xfe", "This kind of file is not accepted."),
    ],
)
def test_disguised_or_dangerous_files_are_refused(name: str, content: bytes, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        _sniff(name, content)
    assert refused.value.message_dict == {"file": [message]}


def test_markup_hidden_after_the_first_chunk_is_found() -> None:
    text = b"a" * 10000 + b"<scr"
    with pytest.raises(ValidationError):
        upload_content_type(name="x.txt", head=text[:8192], chunks=[text, b"ipt>alert(1)"])


@pytest.mark.parametrize(
    ("given", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\anna\\brief.pdf", "brief.pdf"),
        ("rap\r\nport.pdf", "rapport.pdf"),
        ("...", "file"),
        (".htaccess", "htaccess"),
        ("x" * 300 + ".pdf", "x" * 255),
    ],
)
def test_names_are_cleaned(given: str, clean: str) -> None:
    assert file_name_clean(given) == clean
