"""Celery tasks of the tenancy core; they only call services."""

from celery import shared_task

from tenants.pool import spare_schemas_refill


@shared_task(ignore_result=True)
def spare_pool_refill() -> int:
    """Top the warm pool up after a spare schema was taken. Idempotent."""
    return spare_schemas_refill()
