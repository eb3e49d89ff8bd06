"""Celery tasks of groups; they only call services."""

from __future__ import annotations

from celery import shared_task

from tenant_apps.groups.services import invitation_mail_send


@shared_task(ignore_result=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def invitation_mail_send_task(*, invitation_id: int, token: str) -> bool:
    """Send one invitation e-mail. Sending again after a retry is harmless: same link."""
    return invitation_mail_send(invitation_id=invitation_id, token=token)
