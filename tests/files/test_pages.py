"""The files page: folders and files, upload and new-folder forms, refusals shown."""

from __future__ import annotations

from tenant_apps.files.models import Folder, StoredFile
from tests.discussions.helpers import Cast, client_for
from tests.files.samples import EXE, PDF, upload


def test_upload_through_the_page_and_see_it_listed(public_cast: Cast) -> None:
    client = client_for(public_cast.people["member"])
    page = client.get("/groups/tuinen/files/")
    assert page.status_code == 200
    assert '<label for="id_file">File:</label>' in page.text
    assert 'enctype="multipart/form-data"' in page.text
    response = client.post(
        "/groups/tuinen/files/", {"action": "upload", "file": upload("a.pdf", PDF)}
    )
    assert (response.status_code, response["Location"]) == (302, "/groups/tuinen/files/")
    stored = StoredFile.objects.get()
    listing = client.get("/groups/tuinen/files/").text
    assert (
        f'<a href="/api/v1/groups/tuinen/files/{stored.pk}/download" download>a.pdf</a>' in listing
    )


def test_folders_through_the_page(public_cast: Cast) -> None:
    client = client_for(public_cast.people["member"])
    client.post("/groups/tuinen/files/", {"action": "folder", "name": "Notulen"})
    folder = Folder.objects.get()
    response = client.post(
        f"/groups/tuinen/files/?folder={folder.pk}",
        {"action": "upload", "file": upload("a.pdf", PDF)},
    )
    assert response["Location"] == f"/groups/tuinen/files/?folder={folder.pk}"
    assert StoredFile.objects.get().folder == folder
    inside = client.get(f"/groups/tuinen/files/?folder={folder.pk}").text
    assert "<h1>Notulen</h1>" in inside


def test_a_refused_upload_shows_why(public_cast: Cast) -> None:
    response = client_for(public_cast.people["member"]).post(
        "/groups/tuinen/files/", {"action": "upload", "file": upload("rapport.pdf", EXE)}
    )
    assert response.status_code == 400
    assert "Files of type application/x-msdownload are not accepted." in response.text
    assert StoredFile.objects.count() == 0


def test_files_page_speaks_dutch(public_cast: Cast) -> None:
    page = client_for(public_cast.people["member"]).get(
        "/groups/tuinen/files/", HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert "<h1>Bestanden van Group tuinen</h1>" in page.text
    assert '<label for="id_file">Bestand:</label>' in page.text
