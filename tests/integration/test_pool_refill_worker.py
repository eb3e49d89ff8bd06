"""The warm pool is refilled by a real Celery worker after a spare schema is taken."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from tenants.models import SpareSchema
from tenants.services import organisation_create
from tests.conftest import BaseOrganisations
from tests.database import subprocess_database_url

ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def celery_worker(committed: BaseOrganisations) -> Iterator[subprocess.Popen[str]]:
    db = connection.settings_dict
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": subprocess_database_url(str(db["NAME"])),
    }
    # A queue of this test's own, so that no other worker takes its messages.
    queue = f"plein-test-{os.getpid()}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--loglevel",
            "INFO",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    eager = celery_app.conf.task_always_eager
    default_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        yield worker
    finally:
        celery_app.conf.task_always_eager = eager
        celery_app.conf.task_default_queue = default_queue
        worker.terminate()
        worker.wait(timeout=20)


def test_taking_a_spare_queues_a_refill_that_the_worker_performs(
    celery_worker: subprocess.Popen[str],
) -> None:
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
    assert celery_worker.poll() is None, "the worker died"
