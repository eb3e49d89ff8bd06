"""Through a real Celery worker: a group turning public in alpha appears in hub search."""

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
from shared_apps.hub.models import HubGroup
from shared_apps.hub.selectors import hub_groups_search
from tenant_apps.accounts.models import User
from tenant_apps.groups import services
from tenant_apps.groups.models import Group
from tenants.db import tenant_connection
from tests.conftest import BaseOrganisations
from tests.database import subprocess_database_url
from tests.factories import UserFactory

ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def celery_worker(committed: BaseOrganisations) -> Iterator[subprocess.Popen[str]]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": subprocess_database_url(str(connection.settings_dict["NAME"])),
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    # A queue of this test's own, so that no other worker takes its messages.
    queue = f"plein-test-hub-{os.getpid()}"
    worker = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo"),
            *("--queues", queue, "--loglevel", "INFO"),
            *("--without-heartbeat", "--without-gossip", "--without-mingle"),
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
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
        tenant_connection().set_tenant(committed.alpha)
        Group.objects.filter(slug__startswith="vers-").delete()
        User.objects.filter(username="hub-worker-owner").delete()
        connection.set_schema_to_public()
        HubGroup.objects.all().delete()


def test_a_group_turning_public_appears_in_hub_search_within_seconds(
    celery_worker: subprocess.Popen[str], committed: BaseOrganisations
) -> None:
    # given a secret group in alpha, unseen by the hub
    tenant_connection().set_tenant(committed.alpha)
    owner = UserFactory(username="hub-worker-owner")
    group = services.group_create(actor=owner, name="Vers overleg", visibility="secret")
    connection.set_schema_to_public()
    assert hub_groups_search(q="vers overleg").total == 0
    # when it turns public (committed; the event queues a task for the worker)
    tenant_connection().set_tenant(committed.alpha)
    services.group_update(
        actor=owner, group=group, changes=services.GroupChanges(visibility="public")
    )
    connection.set_schema_to_public()
    # then the hub finds it within seconds, without any eager shortcut
    deadline = time.monotonic() + 20
    while hub_groups_search(q="vers overleg").total == 0 and time.monotonic() < deadline:
        assert celery_worker.poll() is None, "the worker died"
        time.sleep(0.1)
    result = hub_groups_search(q="vers overleg")
    assert [item.url for item in result.items] == ["http://alpha.test:8000/groups/vers-overleg/"]
