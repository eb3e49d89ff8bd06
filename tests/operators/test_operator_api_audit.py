"""The operator API writes the same audit trail as the console, and has the console's
extra operations: queued provisioning with job status, the check before deleting, the
audit trail itself."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytest_django import DjangoCaptureOnCommitCallbacks
from rest_framework.test import APIClient

from shared_apps.operators.models import AuditEntry, OperatorJob, OrganisationStats
from tenants.models import Organisation, OrganisationExport
from tests.conftest import ALPHA_HOST, BaseOrganisations

BASE = "/api/v1/operator"


def _trail() -> list[tuple[str, str, str, str, str]]:
    return list(
        AuditEntry.objects.order_by("id").values_list(
            "actor", "source", "action", "organisation_slug", "outcome"
        )
    )


def test_api_actions_are_audited(operator: APIClient) -> None:
    operator.post(f"{BASE}/organisations/alpha/suspend/")
    operator.post(f"{BASE}/organisations/alpha/resume/")
    operator.patch(f"{BASE}/organisations/alpha/", {"name": "Gemeente Alfa"}, format="json")
    operator.post(
        f"{BASE}/organisations/alpha/domains/", {"domain": "www.alpha.test"}, format="json"
    )
    operator.delete(
        f"{BASE}/organisations/alpha/domains/", {"domain": "www.alpha.test"}, format="json"
    )
    refused = operator.delete(f"{BASE}/organisations/alpha/")
    assert refused.status_code == 409
    assert _trail() == [
        ("operator", "api", "organisation.suspend", "alpha", "succeeded"),
        ("operator", "api", "organisation.resume", "alpha", "succeeded"),
        ("operator", "api", "organisation.update", "alpha", "succeeded"),
        ("operator", "api", "domain.add", "alpha", "succeeded"),
        ("operator", "api", "domain.remove", "alpha", "succeeded"),
        ("operator", "api", "organisation.delete", "alpha", "failed"),
    ]
    failed = AuditEntry.objects.get(action="organisation.delete")
    assert failed.message.startswith("Organisation 'alpha' has no export yet.")
    assert AuditEntry.objects.get(action="domain.add").details == {
        "domain": "www.alpha.test",
        "primary": False,
        "added": True,
    }


def test_a_synchronous_create_is_audited_with_its_url(operator: APIClient) -> None:
    response = operator.post(
        f"{BASE}/organisations/",
        {"name": "Gemeente Zwolle", "domain": "zwolle.test"},
        format="json",
    )
    assert response.status_code == 201
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.organisation_slug, entry.outcome, entry.details["url"]) == (
        "organisation.create",
        "zwolle",
        "succeeded",
        "http://zwolle.test:8000/",
    )


def test_provisioning_jobs_are_queued_and_polled(
    operator: APIClient, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        queued = operator.post(
            f"{BASE}/provisioning-jobs/",
            {"name": "Gemeente Zwolle", "domain": "zwolle.test", "language": "en"},
            format="json",
        )
    assert queued.status_code == 202
    job_id = queued.json()["id"]
    polled = operator.get(f"{BASE}/jobs/{job_id}/")
    assert polled.status_code == 200
    body = polled.json()
    assert {
        k: body[k] for k in ("kind", "status", "finished", "organisation_slug", "result_url")
    } == {
        "kind": "provision",
        "status": "done",
        "finished": True,
        "organisation_slug": "zwolle",
        "result_url": "http://zwolle.test:8000/",
    }
    assert body["parameters"]["language"] == "en"
    assert _trail() == [("operator", "api", "organisation.create", "zwolle", "succeeded")]


def test_a_provisioning_job_with_bad_input_is_400_per_field(operator: APIClient) -> None:
    response = operator.post(
        f"{BASE}/provisioning-jobs/",
        {"name": "X", "domain": "beta.test", "slug": "hub"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "slug": "'hub' is reserved.",
        "domain": "'beta.test' is already in use.",
    }
    assert not OperatorJob.objects.exists()
    assert _trail() == [("operator", "api", "organisation.create", "hub", "failed")]


def test_the_deletion_check_says_whether_an_export_exists(
    operator: APIClient, orgs: BaseOrganisations, tmp_path: Path
) -> None:
    before = operator.get(f"{BASE}/organisations/alpha/deletion/")
    assert before.json() == {
        "slug": "alpha",
        "has_export": False,
        "has_recent_export": False,
        "latest_export": None,
    }
    archive = tmp_path / "alpha.tar.gz"
    archive.write_bytes(b"x")
    OrganisationExport.objects.create(organisation_slug="alpha", path=str(archive), size_bytes=1)
    after = operator.get(f"{BASE}/organisations/alpha/deletion/").json()
    assert (after["has_export"], after["has_recent_export"], after["latest_export"]["path"]) == (
        True,
        True,
        str(archive),
    )


@pytest.mark.parametrize("slug", ["nobody", "hub"])
def test_the_deletion_check_of_an_unknown_slug_or_the_hub_is_404(
    operator: APIClient, slug: str
) -> None:
    response = operator.get(f"{BASE}/organisations/{slug}/deletion/")
    assert response.status_code == 404
    assert response.json() == {"detail": f"No organisation with slug '{slug}'."}


def test_the_audit_trail_is_listed_and_filtered(operator: APIClient) -> None:
    operator.post(f"{BASE}/organisations/alpha/suspend/")
    operator.post(f"{BASE}/organisations/beta/suspend/")
    everything = operator.get(f"{BASE}/audit/").json()
    only_beta = operator.get(f"{BASE}/audit/", {"organisation": "beta"}).json()
    assert [e["organisation_slug"] for e in everything["results"]] == ["beta", "alpha"]
    assert [(e["organisation_slug"], e["action"]) for e in only_beta["results"]] == [
        ("beta", "organisation.suspend")
    ]
    bad = operator.get(f"{BASE}/audit/", {"action": "explode"})
    assert bad.status_code == 400
    assert list(bad.json()) == ["action"]


@pytest.mark.parametrize(
    "path",
    [
        f"{BASE}/jobs/1/",
        f"{BASE}/audit/",
        f"{BASE}/organisations/alpha/deletion/",
        f"{BASE}/exports/1/download/",
    ],
)
def test_new_endpoints_refuse_non_operators_and_are_not_on_subsites(
    member: APIClient, anonymous: APIClient, operator: APIClient, path: str
) -> None:
    assert anonymous.get(path).status_code == 401
    assert member.get(path).status_code == 403
    assert operator.get(path, HTTP_HOST=ALPHA_HOST).status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", f"{BASE}/provisioning-jobs/"), ("post", f"{BASE}/organisations/alpha/export-jobs/")],
)
def test_new_actions_refuse_non_operators(
    member: APIClient, anonymous: APIClient, method: str, path: str
) -> None:
    body = {"name": "Gemeente Zwolle", "domain": "zwolle.test"}
    assert getattr(anonymous, method)(path, body, format="json").status_code == 401
    assert getattr(member, method)(path, body, format="json").status_code == 403
    assert not OperatorJob.objects.exists()
    assert not Organisation.objects.filter(slug="zwolle").exists()


def test_an_export_job_and_its_download_through_the_api(
    live_operator: APIClient, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        queued = live_operator.post(f"{BASE}/organisations/alpha/export-jobs/")
    assert queued.status_code == 202
    job = live_operator.get(f"{BASE}/jobs/{queued.json()['id']}/").json()
    assert job["status"] == "done"
    export = OrganisationExport.objects.get(organisation_slug="alpha")
    assert job["download_url"] == f"{BASE}/exports/{export.pk}/download/"
    download = live_operator.get(job["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == Path(export.path).read_bytes()
    assert [a for (_u, _s, a, _o, _r) in _trail()] == [
        "organisation.export",
        "organisation.export_download",
    ]


def test_the_schema_describes_the_new_endpoints(anonymous: APIClient) -> None:
    response = anonymous.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = set(response.json()["paths"])
    assert {
        f"{BASE}/provisioning-jobs/",
        f"{BASE}/jobs/{{job_id}}/",
        f"{BASE}/organisations/{{slug}}/deletion/",
        f"{BASE}/organisations/{{slug}}/export-jobs/",
        f"{BASE}/exports/{{export_id}}/download/",
        f"{BASE}/audit/",
    } <= paths


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ({"q": "BETA"}, ["beta"]),
        ({"q": "alpha.test"}, ["alpha"]),
        ({"kind": "province"}, ["beta"]),
        ({"status": "suspended"}, []),
        ({}, ["alpha", "beta"]),
    ],
)
def test_the_list_is_searched_and_filtered_like_the_console(
    operator: APIClient, query: dict[str, str], slugs: list[str]
) -> None:
    response = operator.get(f"{BASE}/organisations/", query)
    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["results"]] == slugs


def test_an_unknown_list_filter_is_400(operator: APIClient) -> None:
    response = operator.get(f"{BASE}/organisations/", {"kind": "castle", "status": "asleep"})
    assert response.status_code == 400
    assert list(response.json()) == ["status"]  # the first refusal, with its choices
    assert response.json()["status"].startswith("Choose one of: active, suspended, archived")


def test_the_size_is_shown_once_measured(operator: APIClient, orgs: BaseOrganisations) -> None:
    OrganisationStats.objects.create(
        organisation=orgs.alpha,
        members=4,
        groups=2,
        database_bytes=1000,
        media_bytes=24,
        measured_at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
    )
    size = operator.get(f"{BASE}/organisations/alpha/").json()["size"]
    assert size == {
        "members": 4,
        "groups": 2,
        "database_bytes": 1000,
        "media_bytes": 24,
        "storage_bytes": 1024,
        "measured_at": "2026-12-01T10:00:00+01:00",
    }
