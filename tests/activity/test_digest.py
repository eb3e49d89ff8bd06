"""The daily digest: one mail per person, never twice; one task per organisation, jittered."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from config.celery import app as celery_app
from tenant_apps.activity import services, tasks
from tenant_apps.activity.models import Notification
from tenants.db import tenant_connection
from tenants.models import Organisation
from tenants.services import organisation_suspend
from tests.activity.helpers import DAILY, INSTANT, OFF, group_of, member_of, record
from tests.conftest import BaseOrganisations
from tests.factories import MembershipFactory


def test_each_person_gets_one_digest_of_their_unsent_notifications(
    in_alpha: Organisation,
) -> None:
    # given two groups with news, and members with every preference
    tuin = group_of(name="Tuin")
    fiets = group_of(name="Fietsers")
    daily = member_of(tuin, username="dirk", language="en")  # no preference: daily
    MembershipFactory(group=fiets, user=daily)
    explicit = member_of(tuin, email_mode=DAILY, username="dora")
    member_of(tuin, email_mode=OFF, username="otto")
    member_of(tuin, email_mode=DAILY, username="nomail", email="")
    record(tuin, summary="Tomaten geplant")
    record(fiets, summary="Fietstocht zondag")
    record(tuin, summary="Oogst binnen")
    # when the digests are sent
    sent = services.digests_send()
    # then the two people with an address and no "off" get one mail each
    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["dirk@example.org", "dora@example.org"]
    dirk = next(m for m in mail.outbox if m.to == ["dirk@example.org"])
    assert dirk.subject == "Your daily summary of Gemeente Alpha"
    # listing everything, grouped by group
    assert "Fietsers\n- Fietstocht zondag\n" in dirk.body
    assert "Tuin\n- Tomaten geplant\n- Oogst binnen\n" in dirk.body
    assert "http://alpha.test:8000/notifications/" in dirk.body
    # and their notifications are marked e-mailed, the others' are not
    unsent = Notification.objects.filter(emailed_at__isnull=True)
    assert sorted(set(unsent.values_list("user__username", flat=True))) == ["nomail", "otto"]
    assert not Notification.objects.filter(user__in=[daily, explicit], emailed_at=None).exists()


def test_running_the_digest_twice_sends_nothing_twice(in_alpha: Organisation) -> None:
    group = group_of()
    member_of(group)
    record(group)
    assert services.digests_send() == 1
    assert services.digests_send() == 0
    assert len(mail.outbox) == 1
    # a new notification afterwards goes out in the next digest, alone
    record(group, summary="Nieuw")
    assert services.digests_send() == 1
    assert "- Nieuw\n" in mail.outbox[1].body
    assert "Something happened" not in mail.outbox[1].body


def test_instant_notifications_that_were_not_sent_go_in_the_digest(
    in_alpha: Organisation,
) -> None:
    # given an instant reader whose mail could not be queued (the task never ran)
    group = group_of()
    member_of(group, email_mode=INSTANT)
    record(group)
    # then the digest repairs it, once
    assert services.digests_send() == 1
    assert services.digests_send() == 0


def test_nothing_is_sent_when_nothing_is_pending(in_alpha: Organisation) -> None:
    group = group_of()
    member_of(group)
    record(group)
    Notification.objects.update(emailed_at=timezone.now())
    assert services.digests_send() == 0
    assert mail.outbox == []


def test_fan_out_queues_one_task_per_active_organisation_with_jitter(
    orgs: BaseOrganisations, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given alpha active, beta suspended, and the hub (public schema)
    organisation_suspend(slug="beta")
    jitter_asked: list[tuple[float, float]] = []

    def uniform(low: float, high: float) -> float:
        jitter_asked.append((low, high))
        return 1234.5

    monkeypatch.setattr(tasks.random, "uniform", uniform)
    # when the daily fan-out runs
    with mock.patch.object(tasks.digests_send_for_organisation, "apply_async") as apply_async:
        queued = tasks.digests_fan_out()
    # then exactly one task is queued, for alpha, in alpha's schema, at a random moment
    assert queued == 1
    assert apply_async.call_args_list == [
        mock.call(countdown=1234.5, headers={"_schema_name": orgs.alpha.schema_name})
    ]
    assert jitter_asked == [(0, tasks.DIGEST_JITTER_S)]


def test_fan_out_spreads_over_the_whole_jitter_window(
    orgs: BaseOrganisations,
) -> None:
    countdowns: list[float] = []
    with mock.patch.object(tasks.digests_send_for_organisation, "apply_async") as apply_async:
        for _ in range(20):
            tasks.digests_fan_out()
    countdowns = [c.kwargs["countdown"] for c in apply_async.call_args_list]
    schemas = {c.kwargs["headers"]["_schema_name"] for c in apply_async.call_args_list}
    assert schemas == {orgs.alpha.schema_name, orgs.beta.schema_name}
    assert all(0 <= c <= tasks.DIGEST_JITTER_S for c in countdowns)
    assert len(set(countdowns)) == len(countdowns)  # not one fixed delay


def test_organisation_task_sends_that_organisations_digests_only(
    orgs: BaseOrganisations,
) -> None:
    # given pending notifications in alpha and in beta
    for organisation in (orgs.alpha, orgs.beta):
        tenant_connection().set_tenant(organisation)
        group = group_of()
        member_of(group, username=f"lid-{organisation.slug}")
        record(group)
    tenant_connection().set_schema_to_public()
    # when alpha's task runs (eagerly, in alpha's schema as the header says)
    result = tasks.digests_send_for_organisation.apply(
        headers={"_schema_name": orgs.alpha.schema_name}
    )
    # then only alpha's member got mail
    assert result.get() == 1
    assert [m.to for m in mail.outbox] == [["lid-alpha@example.org"]]


def test_organisation_task_does_nothing_for_a_suspended_organisation(
    orgs: BaseOrganisations,
) -> None:
    tenant_connection().set_tenant(orgs.beta)
    group = group_of()
    member_of(group)
    record(group)
    tenant_connection().set_schema_to_public()
    organisation_suspend(slug="beta")
    result = tasks.digests_send_for_organisation.apply(
        headers={"_schema_name": orgs.beta.schema_name}
    )
    assert result.get() == 0
    assert mail.outbox == []


def test_organisation_task_without_a_schema_sends_nothing(orgs: BaseOrganisations) -> None:
    assert tasks.digests_send_for_organisation.apply().get() == 0


def test_the_fan_out_is_scheduled_daily() -> None:
    entry: dict[str, Any] = celery_app.conf.beat_schedule["activity-daily-digests"]
    assert (
        entry["task"] == tasks.digests_fan_out.name == "tenant_apps.activity.tasks.digests_fan_out"
    )
    assert str(entry["schedule"]) == str(tasks.crontab(hour=5, minute=0))
