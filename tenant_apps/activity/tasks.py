"""Celery tasks of activity and notifications; they only call services.

Every task here runs in an organisation's schema, carried by tenant-schemas-celery in the
message headers, except the daily fan-out, which runs in the public schema.
"""

from __future__ import annotations

import logging
import random

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django_tenants.utils import get_public_schema_name

from config.celery import app
from tenant_apps.activity import services
from tenants.db import tenant_connection
from tenants.models import Organisation, OrganisationStatus

logger = logging.getLogger(__name__)

# Digests of all organisations are spread over this many seconds, so that 500 of them do
# not hit the database and the mail server in the same minute.
DIGEST_JITTER_S: float = getattr(settings, "PLEIN_DIGEST_JITTER_S", 3600.0)

# The daily digest, by Celery beat (times in UTC: 05:00 is 06:00 or 07:00 in Amsterdam).
# Merged into whatever schedule the configuration already has.
app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "activity-daily-digests": {
        "task": "tenant_apps.activity.tasks.digests_fan_out",
        "schedule": crontab(hour=5, minute=0),
    },
}


@shared_task(ignore_result=True)
def notifications_email_instant(*, activity_id: int) -> int:
    """E-mail one activity to the members who want it at once. Idempotent."""
    return services.notifications_email_instant(activity_id=activity_id)


@shared_task(ignore_result=True)
def digests_fan_out() -> int:
    """Queue one digest task per active organisation, each at a random moment within the
    jitter window; returns how many were queued."""
    schemas = list(
        Organisation.objects.filter(status=OrganisationStatus.ACTIVE)
        .exclude(schema_name=get_public_schema_name())
        .order_by("schema_name")
        .values_list("schema_name", flat=True)
    )
    for schema_name in schemas:
        digests_send_for_organisation.apply_async(
            countdown=random.uniform(0, DIGEST_JITTER_S),
            # The schema is named explicitly: this task runs in the public schema.
            headers={"_schema_name": schema_name},
        )
    return len(schemas)


@shared_task(ignore_result=True)
def digests_send_for_organisation() -> int:
    """Send the daily digests of the organisation whose schema this task runs in.
    Idempotent: a second run sends nothing that the first one sent."""
    connection = tenant_connection()
    if connection.schema_name == get_public_schema_name():
        logger.warning("Digest task without an organisation's schema; nothing sent.")
        return 0
    if connection.tenant.status != OrganisationStatus.ACTIVE:
        # Suspended or archived between the fan-out and now.
        return 0
    return services.digests_send()
