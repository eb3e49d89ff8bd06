"""The warm pool is refilled by a real Celery worker after a spare schema is taken."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from django.conf import settings

from tenants.models import SpareSchema
from tenants.services import organisation_create
from tests.celery_worker import RunningWorker, celery_worker_running
from tests.conftest import BaseOrganisations


@pytest.fixture
def worker(committed: BaseOrganisations) -> Iterator[RunningWorker]:
    with celery_worker_running(name="pool") as running:
        yield running


def test_taking_a_spare_queues_a_refill_that_the_worker_performs(worker: RunningWorker) -> None:
    # given a full pool
    target = settings.PLEIN_SPARE_SCHEMAS
    assert SpareSchema.objects.count() == target
    # when an organisation takes a spare
    result = organisation_create(name="Gemeente Worker", domain="worker.test", slug="worker")
    assert result.from_pool is True
    assert SpareSchema.objects.count() == target - 1
    # then the worker puts one back, through the broker
    deadline = time.monotonic() + 60
    while SpareSchema.objects.count() < target and time.monotonic() < deadline:
        time.sleep(0.2)
    assert SpareSchema.objects.count() == target
    assert worker.alive, "the worker died:\n" + "".join(worker.log)
    assert any("spare_pool_refill" in line and "succeeded" in line for line in worker.log)
