"""Background jobs survive repeated deliveries: tasks are acknowledged late, so a job may
arrive twice, or again after its worker died."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from shared_apps.operators import tasks
from shared_apps.operators.models import JobKind, JobStatus, OperatorJob
from tenants.models import Organisation
from tenants.services import organisation_create
from tests.conftest import BaseOrganisations

PARAMETERS = {
    "name": "Gemeente Zwolle",
    "domain": "zwolle.test",
    "slug": "zwolle",
    "kind": "municipality",
    "language": "nl",
    "theme": "default",
}


def _job(**fields: object) -> OperatorJob:
    return OperatorJob.objects.create(
        kind=JobKind.PROVISION,
        organisation_slug="zwolle",
        parameters=PARAMETERS,
        created_by="olga",
        **fields,
    )


def test_a_second_delivery_of_a_finished_job_changes_nothing(orgs: BaseOrganisations) -> None:
    job = _job()
    tasks.provisioning_job_run_task.apply(args=(job.pk,))
    job.refresh_from_db()
    finished_at = job.finished_at
    tasks.provisioning_job_run_task.apply(args=(job.pk,))
    job.refresh_from_db()
    assert (job.status, job.finished_at, job.error) == ("done", finished_at, "")
    assert Organisation.objects.filter(slug="zwolle").count() == 1


def test_a_job_running_elsewhere_is_left_alone(orgs: BaseOrganisations) -> None:
    job = _job(status=JobStatus.RUNNING, started_at=timezone.now())
    tasks.provisioning_job_run_task.apply(args=(job.pk,))
    job.refresh_from_db()
    assert job.status == "running"
    assert not Organisation.objects.filter(slug="zwolle").exists()


def test_a_job_whose_worker_died_before_creating_runs_again(orgs: BaseOrganisations) -> None:
    job = _job(status=JobStatus.RUNNING, started_at=timezone.now() - timedelta(hours=1))
    tasks.provisioning_job_run_task.apply(args=(job.pk,))
    job.refresh_from_db()
    assert (job.status, job.result_url) == ("done", "http://zwolle.test:8000/")
    assert Organisation.objects.filter(slug="zwolle").count() == 1


def test_a_job_whose_worker_died_after_creating_is_finished(orgs: BaseOrganisations) -> None:
    # given the dead run had committed the organisation
    organisation_create(name="Gemeente Zwolle", domain="zwolle.test", slug="zwolle")
    job = _job(status=JobStatus.RUNNING, started_at=timezone.now() - timedelta(hours=1))
    tasks.provisioning_job_run_task.apply(args=(job.pk,))
    job.refresh_from_db()
    # then the redelivery finishes the job instead of failing on the existing slug
    assert (job.status, job.result_url, job.error) == ("done", "http://zwolle.test:8000/", "")


def test_an_unknown_job_is_ignored(orgs: BaseOrganisations) -> None:
    tasks.provisioning_job_run_task.apply(args=(987654,))
    tasks.export_job_run_task.apply(args=(987654,))
    assert not OperatorJob.objects.exists()
