"""Export and download, import, and the two-step delete in the console."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from shared_apps.operators.models import AuditEntry, OperatorJob
from tenants.models import Organisation, OrganisationExport
from tenants.schemas import schema_exists
from tenants.services import organisation_create
from tests.conftest import BaseOrganisations


def _export(client: Client, slug: str, capture: DjangoCaptureOnCommitCallbacks) -> OperatorJob:
    with capture(execute=True):
        response = client.post(f"/operator/organisations/{slug}/export/")
    job = OperatorJob.objects.get(kind="export", organisation_slug=slug)
    assert response["Location"] == f"/operator/jobs/{job.pk}/"
    return job


def test_an_export_runs_in_the_background_and_is_downloaded_by_operators_only(
    live_console: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    console_member_live: Client,
) -> None:
    # when an operator exports alpha
    job = _export(live_console, "alpha", django_capture_on_commit_callbacks)
    # then the job is done and its page links to the download
    assert (job.status, job.error) == ("done", "")
    export = OrganisationExport.objects.get(organisation_slug="alpha")
    assert job.export_id == export.pk
    page = live_console.get(f"/operator/jobs/{job.pk}/")
    assert f'href="/operator/exports/{export.pk}/download/"' in page.text
    # and the download streams the archive to the operator
    download = live_console.get(f"/operator/exports/{export.pk}/download/")
    assert download.status_code == 200
    assert download.streaming
    assert download["Content-Type"] == "application/gzip"
    assert download["Content-Disposition"] == f'attachment; filename="{Path(export.path).name}"'
    assert b"".join(download.streaming_content) == Path(export.path).read_bytes()
    # but not to anyone else
    assert console_member_live.get(f"/operator/exports/{export.pk}/download/").status_code == 403
    anonymous = Client(HTTP_HOST="hub.test")
    assert anonymous.get(f"/operator/exports/{export.pk}/download/").status_code == 302
    # and both the export and the download are in the audit trail
    assert list(AuditEntry.objects.order_by("id").values_list("action", "outcome")) == [
        ("organisation.export", "succeeded"),
        ("organisation.export_download", "succeeded"),
    ]


def test_an_export_can_be_imported_as_a_copy(
    live_console: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    _export(live_console, "alpha", django_capture_on_commit_callbacks)
    archive = Path(OrganisationExport.objects.get(organisation_slug="alpha").path)
    response = live_console.post(
        "/operator/import/",
        {
            "archive": SimpleUploadedFile(archive.name, archive.read_bytes()),
            "slug": "alpha-copy",
            "domain": "alpha-copy.test",
            "name": "Gemeente Alpha (kopie)",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Gemeente Alpha (kopie) was imported." in response.text
    assert Client(HTTP_HOST="alpha-copy.test").get("/").status_code == 200
    entry = AuditEntry.objects.filter(action="organisation.import").get()
    assert (entry.organisation_slug, entry.outcome, entry.details["archive"]) == (
        "alpha-copy",
        "succeeded",
        archive.name,
    )


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("notes.tar.gz", b"not an archive"),
            "notes.tar.gz is not a Plein organisation export.",
        ),
        (None, "This field is required."),
    ],
    ids=["garbage", "missing"],
)
def test_a_bad_import_shows_the_error_beside_the_file(
    console: Client, upload: SimpleUploadedFile | None, message: str
) -> None:
    data = {"archive": upload} if upload is not None else {}
    response = console.post("/operator/import/", data)
    assert response.status_code == 400
    assert f'id="id_archive_error">{message}</strong>' in response.text
    assert Organisation.objects.count() == 3


def test_deleting_step_one_offers_the_export_and_says_there_is_none(
    console: Client, orgs: BaseOrganisations
) -> None:
    organisation_create(name="Waterschap Delta", domain="delta.test", slug="delta")
    response = console.get("/operator/organisations/delta/delete/")
    assert response.status_code == 200
    assert "There is no export of this organisation." in response.text
    assert 'action="/operator/organisations/delta/export/"' in response.text
    assert 'href="/operator/organisations/delta/delete/confirm/"' in response.text


def test_deleting_step_one_says_a_recent_export_exists(
    console: Client, orgs: BaseOrganisations, tmp_path: Path
) -> None:
    archive = tmp_path / "alpha.tar.gz"
    archive.write_bytes(b"x")
    OrganisationExport.objects.create(organisation_slug="alpha", path=str(archive), size_bytes=1)
    response = console.get("/operator/organisations/alpha/delete/")
    assert "A recent export exists (made " in response.text


def test_deleting_needs_the_slug_typed(console: Client, orgs: BaseOrganisations) -> None:
    organisation_create(name="Waterschap Delta", domain="delta.test", slug="delta")
    response = console.post(
        "/operator/organisations/delta/delete/confirm/",
        {"confirm_slug": "Delta", "without_export": "on"},
    )
    assert response.status_code == 400
    assert "Type delta exactly to delete this organisation." in response.text
    assert Organisation.objects.filter(slug="delta").exists()


def test_deleting_without_an_export_needs_saying_so(
    console: Client, orgs: BaseOrganisations
) -> None:
    organisation_create(name="Waterschap Delta", domain="delta.test", slug="delta")
    refused = console.post(
        "/operator/organisations/delta/delete/confirm/", {"confirm_slug": "delta"}
    )
    assert refused.status_code == 400
    assert "There is no export: export first, or confirm deleting without one." in refused.text
    assert Organisation.objects.filter(slug="delta").exists()
    # when the operator confirms deleting without an export
    deleted = console.post(
        "/operator/organisations/delta/delete/confirm/",
        {"confirm_slug": "delta", "without_export": "on"},
        follow=True,
    )
    # then it is gone, schema and all, and the trail says it was forced
    assert deleted.status_code == 200
    assert "Waterschap Delta was deleted." in deleted.text
    assert not Organisation.objects.filter(slug="delta").exists()
    assert not schema_exists("org_delta")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.organisation_slug, entry.details, entry.outcome) == (
        "organisation.delete",
        "delta",
        {"force": True},
        "succeeded",
    )


def test_deleting_with_an_export_needs_only_the_slug(
    console: Client, orgs: BaseOrganisations, tmp_path: Path
) -> None:
    organisation_create(name="Waterschap Delta", domain="delta.test", slug="delta")
    archive = tmp_path / "delta.tar.gz"
    archive.write_bytes(b"x")
    OrganisationExport.objects.create(organisation_slug="delta", path=str(archive), size_bytes=1)
    page = console.get("/operator/organisations/delta/delete/confirm/")
    assert 'name="without_export"' not in page.text
    response = console.post(
        "/operator/organisations/delta/delete/confirm/", {"confirm_slug": "delta"}
    )
    assert response.status_code == 302
    assert not Organisation.objects.filter(slug="delta").exists()
    assert AuditEntry.objects.values_list("details", flat=True).get() == {"force": False}
