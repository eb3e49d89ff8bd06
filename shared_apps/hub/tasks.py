"""Celery tasks of the hub; they only call services and are idempotent.

They run in the public schema (the index lives there) and name the organisation they
concern as an argument; the services switch to its schema to read its groups.
"""

from __future__ import annotations

import logging
import random

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django_tenants.utils import get_public_schema_name

from config.celery import app
from shared_apps.hub import services
from tenants.models import Organisation

logger = logging.getLogger(__name__)

# Reconciliations of all organisations are spread over this many seconds, so that 500 of
# them do not read their schemas in the same minute.
RECONCILE_JITTER_S: float = getattr(settings, "PLEIN_HUB_RECONCILE_JITTER_S", 1800.0)

# Hourly repair of whatever events were lost (Redis down, worker crash). Merged into
# whatever schedule the configuration already has.
app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "hub-reconcile-all": {
        "task": "shared_apps.hub.tasks.hub_reconcile_all_task",
        "schedule": crontab(minute=17),
    },
}


def _public_headers() -> dict[str, str]:
    # The enqueuer may stand in an organisation's schema; these tasks belong to public.
    return {"_schema_name": get_public_schema_name()}


def hub_group_sync_enqueue(*, schema_name: str, group_id: int) -> None:
    hub_group_sync_task.apply_async(args=(schema_name, group_id), headers=_public_headers())


@shared_task(ignore_result=True)
def hub_group_sync_task(schema_name: str, group_id: int) -> None:
    services.hub_group_sync(schema_name=schema_name, group_id=group_id)


def hub_group_memberships_sync_enqueue(*, schema_name: str, group_id: int) -> None:
    hub_group_memberships_sync_task.apply_async(
        args=(schema_name, group_id), headers=_public_headers()
    )


@shared_task(ignore_result=True)
def hub_group_memberships_sync_task(schema_name: str, group_id: int) -> None:
    services.hub_group_memberships_sync(schema_name=schema_name, group_id=group_id)


@shared_task(ignore_result=True)
def hub_reconcile_organisation_task(slug: str) -> int:
    """Reconcile one organisation; returns how many rows were repaired."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        return 0  # deleted between the fan-out and now: its rows went with it
    report = services.hub_organisation_reconcile(organisation=organisation)
    memberships = services.hub_organisation_memberships_reconcile(organisation=organisation)
    for repaired in (report, memberships):
        if repaired.repaired:
            logger.info("hub reconciliation repaired %s", repaired)
    return report.repaired + memberships.repaired


@shared_task(ignore_result=True)
def hub_reconcile_all_task() -> int:
    """Queue one reconciliation per organisation at a random moment within the jitter
    window; returns how many were queued. Suspended ones too: reads hide their rows by
    status, and resuming must show an index that is current."""
    slugs = list(
        Organisation.objects.exclude(schema_name=get_public_schema_name())
        .order_by("slug")
        .values_list("slug", flat=True)
    )
    for slug in slugs:
        hub_reconcile_organisation_task.apply_async(
            args=(slug,), countdown=random.uniform(0, RECONCILE_JITTER_S), headers=_public_headers()
        )
    return len(slugs)
