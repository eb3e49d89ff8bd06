"""A real Celery worker for integration tests, on a queue of the test's own.

The worker runs `celery -A config worker` in a subprocess against the test database;
the test process sends its tasks to that queue (not eagerly) while the worker runs.
Its output is read continuously, so a chatty worker never blocks on a full pipe.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from tests.database import subprocess_database_url


@dataclass
class RunningWorker:
    process: subprocess.Popen[str]
    queue: str
    log: list[str] = field(default_factory=list)  # the worker's output, line by line

    @property
    def alive(self) -> bool:
        return self.process.poll() is None


@contextmanager
def celery_worker_running(
    *,
    name: str,
    settings_module: str = "config.settings.test",
    extra_env: dict[str, str] | None = None,
) -> Iterator[RunningWorker]:
    """Start a worker and route this process's tasks to it until the block ends."""
    queue = f"plein-test-{name}-{os.getpid()}"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": subprocess_database_url(str(connection.settings_dict["NAME"])),
        # For worker settings that route the tasks the worker itself queues (fan-outs).
        "PLEIN_TEST_QUEUE": queue,
        **(extra_env or {}),
    }
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo"),
            *("--queues", queue, "--loglevel", "INFO"),
            *("--without-heartbeat", "--without-gossip", "--without-mingle"),
        ],
        cwd=Path(settings.BASE_DIR),
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    worker = RunningWorker(process=process, queue=queue)
    assert process.stdout is not None
    output = process.stdout
    threading.Thread(
        target=lambda: worker.log.extend(iter(output.readline, "")), daemon=True
    ).start()
    eager = celery_app.conf.task_always_eager
    default_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        yield worker
    finally:
        celery_app.conf.task_always_eager = eager
        celery_app.conf.task_default_queue = default_queue
        process.terminate()
        process.wait(timeout=20)
