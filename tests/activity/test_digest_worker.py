"""The daily digest through a real Celery worker: beat's fan-out task, per-organisation
tasks queued by the worker itself with jitter, mail sent, and nothing sent twice."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tenant_apps.accounts.models import User
from tenant_apps.activity.models import Notification
from tenant_apps.activity.tasks import digests_fan_out
from tenant_apps.groups.models import Group
from tenants.db import tenant_connection
from tests.activity.helpers import group_of, member_of, record
from tests.celery_worker import celery_worker_running
from tests.conftest import BaseOrganisations


@dataclass
class Worker:
    mail_dir: Path
    log: list[str]  # the worker's output, line by line, as it comes

    def mails(self) -> list[str]:
        return [path.read_text() for path in sorted(self.mail_dir.glob("*.log"))]

    def digest_tasks_done(self) -> int:
        return sum(
            "digests_send_for_organisation[" in line and "succeeded" in line for line in self.log
        )


@pytest.fixture
def worker(committed: BaseOrganisations, tmp_path: Path) -> Iterator[Worker]:
    """A worker on a queue of this test's own, writing mail into files."""
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with celery_worker_running(
        name="activity",
        settings_module="tests.activity.worker_settings",
        extra_env={"PLEIN_TEST_MAIL_DIR": str(mail_dir)},
    ) as running:
        yield Worker(mail_dir=mail_dir, log=running.log)
        assert running.alive, "the worker died"


@pytest.fixture
def alpha_news(committed: BaseOrganisations) -> Iterator[User]:
    """Committed rows in alpha: a member with one unsent notification; removed afterwards."""
    tenant_connection().set_tenant(committed.alpha)
    group = group_of(name="Worker groep", slug="worker-groep")
    person = member_of(group, username="worker-lezer")
    record(group, summary="Nieuws voor de worker")
    tenant_connection().set_schema_to_public()
    yield person
    tenant_connection().set_tenant(committed.alpha)
    Group.objects.filter(pk=group.pk).delete()  # cascades to memberships and activity
    User.objects.filter(username__startswith="worker-").delete()
    tenant_connection().set_schema_to_public()


def _wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.2)


def test_the_daily_digest_runs_through_a_real_worker(
    worker: Worker, alpha_news: User, committed: BaseOrganisations
) -> None:
    organisations = 2  # alpha and beta are active; the hub is never sent a digest task
    # when beat's fan-out task is queued, from the public schema as beat does
    digests_fan_out.delay()
    # then the worker queues one task per organisation, runs them, and alpha's member
    # gets one digest
    _wait_for(lambda: worker.digest_tasks_done() == organisations)
    assert worker.digest_tasks_done() == organisations, "".join(worker.log)
    mails = worker.mails()
    assert len(mails) == 1
    assert "To: worker-lezer@example.org" in mails[0]
    assert "Nieuws voor de worker" in mails[0]
    tenant_connection().set_tenant(committed.alpha)
    assert not Notification.objects.filter(user=alpha_news, emailed_at=None).exists()
    tenant_connection().set_schema_to_public()
    # when the fan-out runs again
    digests_fan_out.delay()
    _wait_for(lambda: worker.digest_tasks_done() == 2 * organisations)
    # then nothing is sent twice
    assert worker.digest_tasks_done() == 2 * organisations
    assert len(worker.mails()) == 1
