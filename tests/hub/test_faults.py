"""Faults: with Redis or the worker down the hub keeps serving and group changes still
succeed; once they are back, reconciliation (or the queued task) brings the index level.

Real commits, a real broker (Redis) and, for the worker case, a real Celery worker in a
subprocess: the tasks are not eager here, since an eager task never touches the broker.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings

from config.celery import app as celery_app
from shared_apps.hub.models import HubGroup
from shared_apps.hub.tasks import hub_reconcile_all_task
from tenant_apps.accounts.models import User
from tenant_apps.groups import services
from tenant_apps.groups.models import Group, Visibility
from tenants import routing
from tenants.db import tenant_connection
from tenants.models import Organisation
from tenants.services import organisation_create
from tests.conftest import HUB_HOST, BaseOrganisations
from tests.database import subprocess_database_url
from tests.factories import UserFactory

ROOT = Path(settings.BASE_DIR)
DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@dataclass
class Site:
    organisation: Organisation
    admin: User
    shown: Group  # public: in the index
    hidden: Group  # secret: not in the index


@pytest.fixture
def site(committed: BaseOrganisations) -> Site:
    """An organisation of the test's own (deleted afterwards by `committed`) with a public
    and a secret group, indexed while everything works (tasks eager)."""
    organisation = organisation_create(
        name="Gemeente Storing", domain="storing.test", slug="storing", kind="municipality"
    ).organisation
    tenant_connection().set_tenant(organisation)
    try:
        admin = UserFactory(username="storing-admin", is_staff=True)
        shown = services.group_create(actor=admin, name="Klimaatadaptatie", tags=["klimaat"])
        hidden = services.group_create(
            actor=admin, name="Crisisoverleg", visibility=Visibility.SECRET
        )
    finally:
        connection.set_schema_to_public()
    assert _indexed(organisation) == {shown.pk}
    return Site(organisation=organisation, admin=admin, shown=shown, hidden=hidden)


@pytest.fixture
def broker_in_use() -> Iterator[None]:
    """Tasks go through the broker for the test; the producer pools start afresh."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    _producer_pools_reset()
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = eager
        _producer_pools_reset()


def _producer_pools_reset() -> None:
    # Celery keeps its broker connections in pools built from the broker URL of their
    # time: forget them so that a changed URL is used from now on. They are not closed:
    # kombu shares them process-wide, keyed by URL, and reuses them when it comes back.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _indexed(organisation: Organisation) -> set[int]:
    return set(
        HubGroup.objects.filter(organisation=organisation).values_list("group_id", flat=True)
    )


def _listable(organisation: Organisation) -> set[int]:
    tenant_connection().set_tenant(organisation)
    try:
        return set(
            Group.objects.filter(
                visibility__in=[Visibility.PUBLIC, Visibility.CLOSED], deleted_at__isnull=True
            ).values_list("pk", flat=True)
        )
    finally:
        connection.set_schema_to_public()


def _visibility_set(site: Site, group: Group, visibility: str) -> None:
    tenant_connection().set_tenant(site.organisation)
    try:
        services.group_update(
            actor=site.admin, group=group, changes=services.GroupChanges(visibility=visibility)
        )
    finally:
        connection.set_schema_to_public()


def _visibility_in_database(site: Site, group: Group) -> str:
    tenant_connection().set_tenant(site.organisation)
    try:
        return Group.objects.values_list("visibility", flat=True).get(pk=group.pk)
    finally:
        connection.set_schema_to_public()


def _hub_serves(q: str) -> list[int]:
    """Statuses of the hub's search page and API, without and with a query."""
    client = Client(HTTP_HOST=HUB_HOST)
    return [
        client.get(path, data).status_code
        for path in ("/", "/api/v1/hub/groups")
        for data in ({}, {"q": q})
    ]


def test_with_redis_down_the_hub_serves_changes_succeed_and_reconciliation_repairs(
    site: Site, broker_in_use: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given Redis unreachable for the broker, the cache and tenant routing
    dead = redis.Redis.from_url(DEAD_REDIS, socket_connect_timeout=0.2)
    monkeypatch.setattr(routing, "_redis", lambda: dead)
    monkeypatch.setattr(routing, "_redis_unreachable_until", 0.0)
    broker = celery_app.conf.broker_url
    dead_cache = {"default": {**settings.CACHES["default"], "LOCATION": DEAD_REDIS}}
    with override_settings(CACHES=dead_cache):
        celery_app.conf.broker_url = DEAD_REDIS
        _producer_pools_reset()
        try:
            # when the secret group is made public and the public one secret
            _visibility_set(site, site.hidden, Visibility.PUBLIC)
            _visibility_set(site, site.shown, Visibility.SECRET)
            # then both changes are committed in the organisation's schema
            assert _visibility_in_database(site, site.hidden) == Visibility.PUBLIC
            assert _visibility_in_database(site, site.shown) == Visibility.SECRET
            # and the hub keeps serving its search page and API, from a stale index
            assert _hub_serves("klimaat") == [200, 200, 200, 200]
            assert _indexed(site.organisation) == {site.shown.pk}
        finally:
            celery_app.conf.broker_url = broker
            _producer_pools_reset()

    # when Redis is back and the periodic reconciliation runs (eagerly, here)
    celery_app.conf.task_always_eager = True
    hub_reconcile_all_task.delay()
    # then the index holds exactly the listable groups again: nothing lost, nothing extra
    assert _indexed(site.organisation) == _listable(site.organisation) == {site.hidden.pk}
    assert _hub_serves("crisisoverleg") == [200, 200, 200, 200]


@pytest.fixture
def queue(broker_in_use: None) -> Iterator[str]:
    """A queue of the test's own on the test broker, so that no other worker takes its
    messages; emptied afterwards."""
    name = f"plein-test-faults-{os.getpid()}"
    default_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = name
    broker = redis.Redis.from_url(celery_app.conf.broker_url)
    broker.delete(name)
    try:
        yield name
    finally:
        celery_app.conf.task_default_queue = default_queue
        broker.delete(name)


@pytest.fixture
def worker_starter(queue: str) -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for worker in started:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def _worker_start(queue: str) -> subprocess.Popen[str]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": subprocess_database_url(str(connection.settings_dict["NAME"])),
        "TEST_CELERY_BROKER_URL": str(celery_app.conf.broker_url),
    }
    return subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo",
            "--queues", queue, "--loglevel", "INFO", "--without-heartbeat",
            "--without-gossip", "--without-mingle",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip


def test_with_the_worker_down_changes_succeed_and_the_queued_sync_levels_the_index(
    site: Site, queue: str, worker_starter: list[subprocess.Popen[str]]
) -> None:
    # given the broker up and no worker consuming the queue
    broker = redis.Redis.from_url(celery_app.conf.broker_url)
    # when the secret group is made public
    _visibility_set(site, site.hidden, Visibility.PUBLIC)
    # then the change is committed, its syncs (the group's and its memberships') are
    # waiting in the queue, the index is stale
    assert _visibility_in_database(site, site.hidden) == Visibility.PUBLIC
    assert broker.llen(queue) == 2
    assert _indexed(site.organisation) == {site.shown.pk}
    assert _hub_serves("klimaat") == [200, 200, 200, 200]

    # when a real worker starts
    worker = _worker_start(queue)
    worker_starter.append(worker)
    deadline = time.monotonic() + 60
    while _indexed(site.organisation) != {site.shown.pk, site.hidden.pk}:
        if worker.poll() is not None or time.monotonic() > deadline:
            output = worker.stdout.read() if worker.poll() is not None and worker.stdout else ""
            pytest.fail(f"the queued sync did not reach the index; worker output:\n{output}")
        time.sleep(0.1)
    # then the queued task brought the index level with the organisation's groups
    assert _indexed(site.organisation) == _listable(site.organisation)
    assert broker.llen(queue) == 0
    assert worker.poll() is None, "the worker died"
