"""Celery tasks of the operator console; they only call services and are idempotent.

They run in the public schema (jobs and statistics live there) and name the organisation
or job they concern as an argument.
"""

from __future__ import annotations

import random

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django_tenants.utils import get_public_schema_name

from config.celery import app
from shared_apps.operators import services
from tenants.models import Organisation

# Measurements of all organisations are spread over this many seconds, so that 500 of
# them do not scan their schemas and media folders in the same minute.
STATS_JITTER_S: float = getattr(settings, "PLEIN_OPERATOR_STATS_JITTER_S", 1800.0)

# Sizes are measured every six hours; the console shows when. Merged into whatever
# schedule the configuration already has.
app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "operator-stats-refresh-all": {
        "task": "shared_apps.operators.tasks.organisation_stats_refresh_all_task",
        "schedule": crontab(minute=43, hour="*/6"),
    },
}


def public_headers() -> dict[str, str]:
    # The enqueuer may stand in an organisation's schema; these tasks belong to public.
    return {"_schema_name": get_public_schema_name()}


@shared_task(ignore_result=True)
def provisioning_job_run_task(job_id: int) -> None:
    services.provisioning_job_run(job_id=job_id)


@shared_task(ignore_result=True)
def export_job_run_task(job_id: int) -> None:
    services.export_job_run(job_id=job_id)


@shared_task(ignore_result=True)
def organisation_stats_refresh_task(slug: str) -> None:
    services.organisation_stats_refresh(slug=slug)


@shared_task(ignore_result=True)
def organisation_stats_refresh_all_task() -> int:
    """Queue one measurement per organisation at a random moment within the jitter
    window; returns how many were queued."""
    slugs = list(
        Organisation.objects.exclude(schema_name=get_public_schema_name())
        .order_by("slug")
        .values_list("slug", flat=True)
    )
    for slug in slugs:
        organisation_stats_refresh_task.apply_async(
            args=(slug,), countdown=random.uniform(0, STATS_JITTER_S), headers=public_headers()
        )
    return len(slugs)
