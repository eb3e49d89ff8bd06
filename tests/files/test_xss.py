"""Folder and file names against the XSS corpus: stored as typed, shown only as text, and
never able to break the download header."""

from __future__ import annotations

import html

import pytest

from tests.discussions.helpers import Cast, client_for
from tests.files.samples import PDF, upload
from tests.xss_payloads import XSS_PAYLOADS, markup_problems

API = "/api/v1/groups/tuinen"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_names_are_neutralised(public_cast: Cast, payload: str) -> None:
    client = client_for(public_cast.people["member"])
    folder = client.post(f"{API}/folders/", {"name": payload}, content_type="application/json")
    assert folder.status_code == 201
    assert folder.json()["name"] == payload
    stored = client.post(f"{API}/files/", {"file": upload("a.pdf", PDF), "name": f"{payload}.pdf"})
    assert stored.status_code == 201
    name = stored.json()["name"]
    page = client_for(None).get("/groups/tuinen/files/").text
    main = page.split('<main id="main" tabindex="-1">')[1].split("</main>")[0]
    assert markup_problems(main) == []
    assert html.escape(payload) in main
    assert html.escape(name) in main
    download = client.get(f"{API}/files/{stored.json()['id']}/download")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="')
