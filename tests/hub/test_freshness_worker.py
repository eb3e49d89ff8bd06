"""Through a real Celery worker: a group turning public in alpha appears in hub search."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator

import pytest
from django.db import connection

from shared_apps.hub.models import HubGroup
from shared_apps.hub.selectors import hub_groups_search
from tenant_apps.accounts.models import User
from tenant_apps.groups import services
from tenant_apps.groups.models import Group
from tenants.db import tenant_connection
from tests.celery_worker import celery_worker_running
from tests.conftest import BaseOrganisations
from tests.factories import UserFactory


@pytest.fixture
def celery_worker(committed: BaseOrganisations) -> Iterator[subprocess.Popen[str]]:
    try:
        with celery_worker_running(
            name="hub", extra_env={"CELERY_TASK_ALWAYS_EAGER": "false"}
        ) as running:
            yield running.process
    finally:
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
