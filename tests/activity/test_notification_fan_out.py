"""activity_record notifies the group's members, and e-mails the ones who want it at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenant_apps.activity import services, tasks
from tenant_apps.activity.models import Notification
from tenants.models import Organisation
from tests.activity.helpers import DAILY, INSTANT, OFF, group_of, member_of, record
from tests.factories import UserFactory

Capture = Callable[..., Any]


def test_every_active_member_but_the_actor_is_notified_in_one_statement(
    in_alpha: Organisation, django_capture_on_commit_callbacks: Capture
) -> None:
    # given a group with an actor, two members, an inactive member and an outsider
    group = group_of(name="Fietsers")
    actor = member_of(group)
    anna = member_of(group)
    bert = member_of(group)
    member_of(group, is_active=False)
    UserFactory()
    # when something is recorded
    with CaptureQueriesContext(connection) as queries:
        activity = record(group, actor)
    # then the two active members other than the actor are notified, unread and unsent
    notified = Notification.objects.filter(activity=activity)
    assert sorted(notified.values_list("user_id", flat=True)) == sorted([anna.pk, bert.pk])
    assert list(notified.values_list("read_at", "emailed_at").distinct()) == [(None, None)]
    # with three statements (activity, group, notifications) whatever the group's size
    assert len(queries) == 3


def test_without_actor_every_member_is_notified(in_alpha: Organisation) -> None:
    group = group_of()
    members = [member_of(group) for _ in range(3)]
    activity = record(group, actor=None)
    assert Notification.objects.filter(activity=activity).count() == len(members)


def test_instant_members_get_one_mail_through_one_task_on_commit(
    in_alpha: Organisation, django_capture_on_commit_callbacks: Capture
) -> None:
    # given members who want instant mail, a daily digest, nothing, and one without address
    group = group_of(name="Fietsers", slug="fietsers")
    actor = member_of(group)
    anna = member_of(group, email_mode=INSTANT, username="anna", language="en")
    member_of(group, email_mode=DAILY)
    member_of(group, email_mode=OFF)
    no_address = member_of(group, email_mode=INSTANT, email="")
    # when something is recorded and committed
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        activity = record(group, actor, summary="Anna started “Fietspad”")
    # then one task was queued, and it mailed only anna
    assert len(callbacks) == 1
    assert [message.to for message in mail.outbox] == [["anna@example.org"]]
    message = mail.outbox[0]
    assert message.subject == "Fietsers: Anna started “Fietspad”"
    assert "Hello Anna," in message.body
    assert "http://alpha.test:8000/groups/fietsers/activity/" in message.body
    assert "http://alpha.test:8000/notifications/" in message.body
    # and only her notification is marked e-mailed; the one without an address is skipped
    emailed = Notification.objects.filter(activity=activity, emailed_at__isnull=False)
    assert list(emailed.values_list("user_id", flat=True)) == [anna.pk]
    assert Notification.objects.get(activity=activity, user=no_address).emailed_at is None


def test_instant_mail_speaks_the_persons_language(
    in_alpha: Organisation, django_capture_on_commit_callbacks: Capture
) -> None:
    group = group_of(name="Fietsers")
    member_of(group, email_mode=INSTANT, username="karel", language="nl")
    with django_capture_on_commit_callbacks(execute=True):
        record(group)
    assert "Hallo Karel," in mail.outbox[0].body


def test_no_task_is_queued_when_nobody_wants_instant_mail(
    in_alpha: Organisation, django_capture_on_commit_callbacks: Capture
) -> None:
    group = group_of()
    member_of(group, email_mode=DAILY)
    member_of(group)  # no preference: the daily digest
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        record(group)
    assert callbacks == []
    assert mail.outbox == []


def test_instant_mail_is_sent_once_however_often_the_task_runs(in_alpha: Organisation) -> None:
    group = group_of()
    member_of(group, email_mode=INSTANT)
    activity = record(group)
    assert services.notifications_email_instant(activity_id=activity.pk) == 1
    assert services.notifications_email_instant(activity_id=activity.pk) == 0
    assert len(mail.outbox) == 1


def test_a_broker_outage_does_not_fail_the_change(
    in_alpha: Organisation,
    django_capture_on_commit_callbacks: Capture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a broker that cannot be reached
    def unreachable(**kwargs: object) -> None:
        raise ConnectionError("redis down")

    monkeypatch.setattr(tasks.notifications_email_instant, "delay", unreachable)
    group = group_of()
    member = member_of(group, email_mode=INSTANT)
    # when something is recorded and committed
    with django_capture_on_commit_callbacks(execute=True):
        activity = record(group)
    # then nothing fails and the notification waits, unsent, for the digest
    assert Notification.objects.get(activity=activity, user=member).emailed_at is None
    assert mail.outbox == []
