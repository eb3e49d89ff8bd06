"""Celery tasks of the provider; they only call services."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings

from config.celery import app
from shared_apps.identity.services.backchannel import (
    BackchannelDeliveryFailed,
    backchannel_logout_deliver,
)
from shared_apps.identity.services.mail import password_reset_mail_send as _reset_send
from shared_apps.identity.services.mail import verification_mail_send as _verify_send
from shared_apps.identity.services.sessions import provider_sessions_prune

# Merged into whatever schedule the configuration already has (as the hub's tasks do).
app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "identity-provider-sessions-prune": {
        "task": "shared_apps.identity.tasks.provider_sessions_prune_task",
        "schedule": crontab(hour=4, minute=41),
    },
}

# With the default base of 5 s and a cap of one hour, 30 retries span about a day:
# a subsite that is down for maintenance still gets its logout tokens when it is back.
BACKCHANNEL_MAX_RETRIES = 30
BACKCHANNEL_MAX_DELAY_S = 3600.0


def backchannel_retry_delay(retries: int) -> float:
    base: float = settings.PLEIN_BACKCHANNEL_RETRY_BASE_S
    return min(base * 2**retries, BACKCHANNEL_MAX_DELAY_S)


@shared_task(bind=True, ignore_result=True, max_retries=BACKCHANNEL_MAX_RETRIES)
def backchannel_logout_send(self: Any, *, client_id: str, subject: str, sid: str) -> bool:
    try:
        return backchannel_logout_deliver(client_id=client_id, subject=subject, sid=sid)
    except BackchannelDeliveryFailed as error:
        raise self.retry(
            exc=error, countdown=backchannel_retry_delay(self.request.retries)
        ) from error


@shared_task(ignore_result=True)
def verification_mail_send(*, user_id: int) -> bool:
    return _verify_send(user_id=user_id)


@shared_task(ignore_result=True)
def password_reset_mail_send(*, user_id: int) -> bool:
    return _reset_send(user_id=user_id)


@shared_task(ignore_result=True)
def provider_sessions_prune_task() -> int:
    return provider_sessions_prune()
