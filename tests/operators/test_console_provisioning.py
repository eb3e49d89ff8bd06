"""Creating an organisation from the console: a background job with a live status page."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django_tenants.utils import schema_context
from pytest_django import DjangoCaptureOnCommitCallbacks

from shared_apps.operators.models import AuditEntry, OperatorJob
from tenant_apps.site.models import Branding
from tenants.models import Organisation
from tenants.services import domain_add
from tests.celery_worker import celery_worker_running
from tests.conftest import BaseOrganisations

FORM = {
    "name": "Gemeente Zwolle",
    "domain": "zwolle.test",
    "kind": "municipality",
    "language": "nl",
}


def test_the_form_queues_a_job_that_provisions_the_site(
    console: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    # when an operator submits the form (eager Celery runs the job after the commit)
    with django_capture_on_commit_callbacks(execute=True):
        response = console.post("/operator/organisations/new/", FORM)
    # then the job page is shown, the job is done and the new site's URL is on it
    job = OperatorJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/operator/jobs/{job.pk}/"
    assert (job.kind, job.status, job.organisation_slug, job.result_url, job.error) == (
        "provision",
        "done",
        "zwolle",
        "http://zwolle.test:8000/",
        "",
    )
    assert job.parameters == {**FORM, "slug": "zwolle", "theme": "default"}
    assert job.started_at is not None and job.finished_at is not None
    page = console.get(response["Location"])
    assert page.status_code == 200
    assert 'role="status" aria-live="polite"' in page.text
    assert (
        '<a data-job-link href="http://zwolle.test:8000/">http://zwolle.test:8000/</a>' in page.text
    )
    assert '<meta http-equiv="refresh"' not in page.text
    # and the site answers, and the audit trail says who created it
    assert Client(HTTP_HOST="zwolle.test").get("/").status_code == 200
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.source, entry.action, entry.organisation_slug, entry.outcome) == (
        "olga",
        "console",
        "organisation.create",
        "zwolle",
        "succeeded",
    )
    assert entry.details["job"] == job.pk
    assert entry.details["url"] == "http://zwolle.test:8000/"


def test_a_queued_job_page_refreshes_itself_and_polls(console: Client) -> None:
    # given a job whose task has not run (the commit never happens inside this test)
    console.post("/operator/organisations/new/", FORM)
    job = OperatorJob.objects.get()
    # then its page says so, refreshes without JavaScript and polls the status with it
    page = console.get(f"/operator/jobs/{job.pk}/")
    assert "Queued" in page.text
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page.text
    assert f'data-status-url="/api/v1/operator/jobs/{job.pk}/"' in page.text
    assert "operators/job_progress.js" in page.text
    status = console.get(f"/api/v1/operator/jobs/{job.pk}/")
    assert status.status_code == 200
    assert {k: status.json()[k] for k in ("status", "status_label", "finished", "result_url")} == {
        "status": "queued",
        "status_label": "Queued",
        "finished": False,
        "result_url": "",
    }
    assert not Organisation.objects.filter(slug="zwolle").exists()
    assert AuditEntry.objects.get().outcome == "pending"


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({**FORM, "name": ""}, "name", "This field is required."),
        ({**FORM, "domain": "beta.test"}, "domain", "&#x27;beta.test&#x27; is already in use."),
        (
            {**FORM, "domain": "https://zwolle.test/"},
            "domain",
            "Give a bare host name without scheme, port or path "
            "(for example &#x27;utrecht.nl&#x27;).",
        ),
        (
            {**FORM, "slug": "alpha"},
            "slug",
            "An organisation with slug &#x27;alpha&#x27; already exists.",
        ),
        ({**FORM, "slug": "hub"}, "slug", "&#x27;hub&#x27; is reserved."),
        (
            {**FORM, "kind": "castle"},
            "kind",
            "Select a valid choice. castle is not one of the available choices.",
        ),
    ],
    ids=["no-name", "taken-domain", "bad-domain", "taken-slug", "reserved-slug", "bad-kind"],
)
def test_bad_input_is_shown_beside_its_field_and_nothing_is_queued(
    console: Client, form: dict[str, str], field: str, message: str
) -> None:
    response = console.post("/operator/organisations/new/", form)
    assert response.status_code == 400
    assert (
        f'<strong class="message message-error" id="id_{field}_error">{message}</strong>'
        in response.text
    )
    assert "Please correct the marked fields." in response.text
    assert not OperatorJob.objects.exists()
    assert not Organisation.objects.filter(slug="zwolle").exists()


def test_a_job_that_fails_shows_why(
    console: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    # given the domain is taken between the form check and the job's run
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        console.post("/operator/organisations/new/", FORM)
    domain_add(slug="beta", domain="zwolle.test")
    for callback in callbacks:
        callback()
    # then the job failed with the service's message, and the audit entry says so
    job = OperatorJob.objects.get()
    assert (job.status, job.error, job.field_errors) == (
        "failed",
        "domain: 'zwolle.test' is already in use.",
        {"domain": "'zwolle.test' is already in use."},
    )
    page = console.get(f"/operator/jobs/{job.pk}/")
    assert "domain: &#x27;zwolle.test&#x27; is already in use." in page.text
    assert "Try again" in page.text
    assert not Organisation.objects.filter(slug="zwolle").exists()
    assert AuditEntry.objects.values_list("outcome", flat=True).get() == "failed"


def test_provisioning_through_a_real_worker(
    live_console: Client, committed: BaseOrganisations
) -> None:
    # given a real Celery worker on the test database
    with celery_worker_running(name="console-provision") as worker:
        # when the form is submitted
        response = live_console.post("/operator/organisations/new/", FORM)
        job_url = f"/api/v1/operator/jobs/{OperatorJob.objects.get().pk}/"
        # then the job is finished by the worker, as the page's poll sees it
        for _attempt in range(300):
            body = live_console.get(job_url).json()
            if body["finished"] or not worker.alive:
                break
            time.sleep(0.1)
    assert response.status_code == 302
    assert (body["status"], body["result_url"], body["error"]) == (
        "done",
        "http://zwolle.test:8000/",
        "",
    ), "".join(worker.log[-30:])
    assert Client(HTTP_HOST="zwolle.test").get("/").status_code == 200
    assert AuditEntry.objects.values_list("action", "outcome").get() == (
        "organisation.create",
        "succeeded",
    )


def test_the_chosen_language_becomes_the_sites_default(
    console: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        console.post("/operator/organisations/new/", {**FORM, "language": "en"})
    assert OperatorJob.objects.get().status == "done"
    with schema_context("org_zwolle"):
        assert set(Branding.objects.values_list("default_language", flat=True)) == {"en"}
    # a visitor who states no language preference gets the site's own
    assert '<html lang="en">' in Client(HTTP_HOST="zwolle.test").get("/").text
