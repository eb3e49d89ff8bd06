"""The file API: upload limits and sniffing, safe downloads, folders, cross-organisation."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from tenant_apps.files import services
from tenant_apps.files.models import StoredFile
from tenants.db import tenant_connection
from tests.conftest import BaseOrganisations
from tests.discussions.helpers import Cast, cast_make, client_for, in_schema
from tests.events.helpers import owner_access
from tests.files.samples import EXE, HTML, PDF, PNG, upload

API = "/api/v1/groups/tuinen"


def test_upload_and_download_with_safe_headers(public_cast: Cast, media_root: Path) -> None:
    # given a member uploading a PDF whose name has non-ASCII characters and a quote
    client = client_for(public_cast.people["member"])
    response = client.post(
        f"{API}/files/", {"file": upload('Begroting "2027" \u2013 één.pdf', PDF, "text/html")}
    )
    # then it is stored with the sniffed type, under a random name in alpha's folder
    assert response.status_code == 201
    body = response.json()
    assert {k: body[k] for k in ("name", "content_type", "size_bytes", "folder")} == {
        "name": 'Begroting "2027" \u2013 één.pdf',
        "content_type": "application/pdf",
        "size_bytes": len(PDF),
        "folder": None,
    }
    stored = StoredFile.objects.get()
    assert stored.file.name.startswith("group-files/")
    assert "Begroting" not in stored.file.name
    schema = tenant_connection().schema_name
    assert (media_root / schema / stored.file.name).read_bytes() == PDF
    # when anyone downloads it
    download = client_for(None).get(f"{API}/files/{stored.pk}/download")
    # then it comes as an attachment that the browser may not sniff or run
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == (
        'attachment; filename="Begroting _2027_ _ __n.pdf"; '
        "filename*=UTF-8''Begroting%20%222027%22%20%E2%80%93%20%C3%A9%C3%A9n.pdf"
    )
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert download["Content-Length"] == str(len(PDF))


def test_oversized_upload_is_refused_and_nothing_is_kept(
    public_cast: Cast, settings: SettingsWrapper, media_root: Path
) -> None:
    settings.PLEIN_MAX_UPLOAD_BYTES = 50
    response = client_for(public_cast.people["member"]).post(
        f"{API}/files/", {"file": upload("rapport.pdf", PDF)}
    )
    assert response.status_code == 400
    assert response.json() == {
        "file": [f"The file is {len(PDF)}\xa0bytes; the limit is 50\xa0bytes."]
    }
    assert StoredFile.objects.count() == 0
    assert list(media_root.rglob("*.*")) == []


def test_a_body_far_beyond_the_limit_is_refused_before_reading(
    public_cast: Cast, settings: SettingsWrapper
) -> None:
    settings.PLEIN_MAX_UPLOAD_BYTES = 10
    response = client_for(public_cast.people["member"]).post(
        f"{API}/files/", {"file": upload("groot.pdf", PDF + b"\x00" * 70000)}
    )
    assert response.status_code == 400
    assert response.json() == {"file": ["The file is larger than the upload limit."]}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rapport.pdf", EXE, "Files of type application/x-msdownload are not accepted."),
        ("pagina.txt", HTML, "Web pages, SVG and XML are not accepted: they can run scripts."),
        (
            "foto.pdf",
            PNG,
            "The file's content (image/png) does not match its name; rename it or upload "
            "another file.",
        ),
    ],
)
def test_disguised_uploads_are_refused(
    public_cast: Cast, media_root: Path, name: str, content: bytes, message: str
) -> None:
    response = client_for(public_cast.people["member"]).post(
        f"{API}/files/", {"file": upload(name, content)}
    )
    assert (response.status_code, response.json()) == (400, {"file": [message]})
    assert StoredFile.objects.count() == 0
    assert list(media_root.rglob("*.*")) == []


def test_folders_hold_files(public_cast: Cast) -> None:
    client = client_for(public_cast.people["member"])
    folder = client.post(f"{API}/folders/", {"name": "Notulen"}, content_type="application/json")
    assert folder.status_code == 201
    folder_id = folder.json()["id"]
    sub = client.post(
        f"{API}/folders/", {"name": "2027", "parent": folder_id}, content_type="application/json"
    )
    assert sub.json()["parent"] == folder_id
    inside = client.post(f"{API}/files/", {"file": upload("a.pdf", PDF), "folder": folder_id})
    client.post(f"{API}/files/", {"file": upload("b.pdf", PDF)})
    assert inside.json()["folder"] == folder_id
    assert [
        f["name"] for f in client.get(f"{API}/files/?folder={folder_id}").json()["results"]
    ] == ["a.pdf"]
    assert client.get(f"{API}/files/").json()["count"] == 2
    assert [
        f["name"] for f in client.get(f"{API}/folders/?parent={folder_id}").json()["results"]
    ] == ["2027"]
    unknown = client.post(f"{API}/files/", {"file": upload("c.pdf", PDF), "folder": 999999})
    assert (unknown.status_code, unknown.json()) == (
        400,
        {"folder": ["No such folder in this group."]},
    )
    bad_filter = client.get(f"{API}/files/?folder=abc")
    assert (bad_filter.status_code, bad_filter.json()) == (400, {"folder": ["Give a folder id."]})


def test_rename_keeps_the_extension_and_the_editor(public_cast: Cast) -> None:
    client = client_for(public_cast.people["member"])
    pk = client.post(f"{API}/files/", {"file": upload("a.pdf", PDF)}).json()["id"]
    renamed = client.patch(f"{API}/files/{pk}/", {"name": "b.pdf"}, content_type="application/json")
    assert renamed.json()["name"] == "b.pdf"
    assert renamed.json()["last_edited_by"]["id"] == public_cast.people["member"].pk  # type: ignore[union-attr]
    sneaky = client.patch(f"{API}/files/{pk}/", {"name": "b.html"}, content_type="application/json")
    assert (sneaky.status_code, sneaky.json()) == (400, {"name": ["Keep the file's extension."]})


def test_deleted_files_cannot_be_downloaded_except_by_admins(public_cast: Cast) -> None:
    member = client_for(public_cast.people["member"])
    pk = member.post(f"{API}/files/", {"file": upload("a.pdf", PDF)}).json()["id"]
    assert member.delete(f"{API}/files/{pk}/").status_code == 204
    assert member.get(f"{API}/files/{pk}/download").status_code == 404
    assert (
        client_for(public_cast.people["group_admin"]).get(f"{API}/files/{pk}/download").status_code
        == 200
    )


@pytest.mark.parametrize("items", [1, 6])
def test_list_costs_the_same_queries(
    public_cast: Cast, django_assert_num_queries: object, items: int
) -> None:
    for number in range(items):
        services.file_upload(
            access=owner_access(public_cast),
            actor=public_cast.owner,
            upload=upload(f"{number}.pdf", PDF),
        )
    client = client_for(public_cast.people["member"])
    client.get(f"{API}/files/")
    # The same number whatever the size of the list (one of them reads the folder tree,
    # to leave out what a deleted folder hides).
    with django_assert_num_queries(7):  # type: ignore[operator]
        response = client.get(f"{API}/files/")
    assert response.json()["count"] == items


def test_ids_and_file_urls_of_another_organisation_are_missing(orgs: BaseOrganisations) -> None:
    with in_schema(orgs.beta):
        beta = cast_make(visibility="public", prefix="b")
        access = owner_access(beta)
        folder = services.folder_create(access=access, actor=beta.owner, name="Beta")
        stored = services.file_upload(
            access=access, actor=beta.owner, upload=upload("geheim.pdf", PDF), folder=folder
        )
        cast_make(visibility="public", slug="eigen", prefix="e")
    with in_schema(orgs.alpha):
        client = client_for(cast_make(visibility="public").people["site_admin"])
    f, s = folder.pk, stored.pk
    pairs = [
        (f"{API}/files/{s}/download", f"{API}/files/999998/download"),
        (f"{API}/files/{s}/", f"{API}/files/999998/"),
        (f"{API}/folders/{f}/", f"{API}/folders/999998/"),
        (f"{API}/files/{s}/restore/", f"{API}/files/999998/restore/"),
        ("/api/v1/groups/eigen/files/", "/api/v1/groups/nergens/files/"),
        ("/api/v1/groups/eigen/folders/", "/api/v1/groups/nergens/folders/"),
        ("/groups/eigen/files/", "/groups/nergens/files/"),
        (f"/groups/tuinen/files/?folder={f}", "/groups/tuinen/files/?folder=999998"),
    ]
    for beta_url, missing_url in pairs:
        method = "post" if beta_url.endswith("restore/") else "get"
        theirs = getattr(client, method)(beta_url)
        missing = getattr(client, method)(missing_url)
        assert theirs.status_code == 404, beta_url
        assert theirs.content == missing.content, beta_url
    # and there is no public media URL to guess either
    for schema in (orgs.alpha.schema_name, orgs.beta.schema_name):
        # (Wagtail's page catch-all first adds the trailing slash, then finds no page)
        guessed = client.get(f"/media/{schema}/{stored.file.name}", follow=True)
        assert guessed.status_code == 404


def test_a_file_whose_bytes_are_gone_is_a_404_not_a_500(public_cast: Cast) -> None:
    stored = services.file_upload(
        access=owner_access(public_cast), actor=public_cast.owner, upload=upload("a.pdf", PDF)
    )
    stored.file.delete(save=False)
    response = client_for(public_cast.people["member"]).get(f"{API}/files/{stored.pk}/download")
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_deleting_a_folder_hides_what_is_in_it_until_it_is_restored(public_cast: Cast) -> None:
    # given a folder with a subfolder and a file in it
    member = client_for(public_cast.people["member"])
    admin = client_for(public_cast.people["group_admin"])
    folder_id = member.post(
        f"{API}/folders/", {"name": "Oud"}, content_type="application/json"
    ).json()["id"]
    sub_id = member.post(
        f"{API}/folders/", {"name": "Ouder", "parent": folder_id}, content_type="application/json"
    ).json()["id"]
    file_id = member.post(f"{API}/files/", {"file": upload("a.pdf", PDF), "folder": sub_id}).json()[
        "id"
    ]
    # when the top folder is deleted
    assert member.delete(f"{API}/folders/{folder_id}/").status_code == 204
    # then its contents are gone for members, in lists and by id
    assert member.get(f"{API}/files/").json()["count"] == 0
    assert member.get(f"{API}/folders/").json()["count"] == 0
    assert member.get(f"{API}/folders/{sub_id}/").status_code == 404
    assert member.get(f"{API}/files/{file_id}/download").status_code == 404
    # and an admin can still reach them, and restoring brings everything back
    assert admin.get(f"{API}/files/{file_id}/download").status_code == 200
    assert admin.post(f"{API}/folders/{folder_id}/restore/").status_code in (200, 204)
    assert member.get(f"{API}/files/").json()["count"] == 1
    assert member.get(f"{API}/files/{file_id}/download").status_code == 200
