"""Hub events: published on commit only, with the schema, for the changes the hub needs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction

from tenant_apps.groups import services
from tenant_apps.groups.events import ChangeKind, GroupChanged, group_changed_subscribe
from tenant_apps.groups.models import Visibility
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("in_alpha")
Capture = Callable[..., Any]


@pytest.fixture
def received() -> Iterator[list[GroupChanged]]:
    events: list[GroupChanged] = []
    unsubscribe = group_changed_subscribe(events.append)
    yield events
    unsubscribe()


def test_created_event_fires_on_commit_with_the_schema(
    received: list[GroupChanged], django_capture_on_commit_callbacks: Capture
) -> None:
    # when a group is created and the transaction commits
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        group = services.group_create(actor=UserFactory(), name="G")
        # then nothing is delivered before the commit
        assert received == []
    for callback in callbacks:
        callback()
    # and afterwards exactly one "created" event for alpha's schema
    assert received == [
        GroupChanged(schema_name="org_alpha", group_id=group.pk, kind=ChangeKind.CREATED)
    ]


def test_no_event_when_the_transaction_rolls_back(
    received: list[GroupChanged], django_capture_on_commit_callbacks: Capture
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.group_create(actor=UserFactory(), name="G")
        raise RuntimeError("undo")
    assert callbacks == []
    assert received == []


def test_member_count_change_publishes_membership_changed(
    received: list[GroupChanged], django_capture_on_commit_callbacks: Capture
) -> None:
    group = services.group_create(actor=UserFactory(), name="G")
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_join(actor=UserFactory(), group=group)
    assert received == [
        GroupChanged(schema_name="org_alpha", group_id=group.pk, kind=ChangeKind.MEMBERSHIP_CHANGED)
    ]


def test_double_join_publishes_once(
    received: list[GroupChanged], django_capture_on_commit_callbacks: Capture
) -> None:
    group = services.group_create(actor=UserFactory(), name="G")
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_join(actor=person, group=group)
        services.membership_join(actor=person, group=group)
    assert [e.kind for e in received] == [ChangeKind.MEMBERSHIP_CHANGED]


def test_visibility_change_deletion_and_plain_change(
    received: list[GroupChanged], django_capture_on_commit_callbacks: Capture
) -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G")
    with django_capture_on_commit_callbacks(execute=True):
        services.group_update(
            actor=owner, group=group, changes=services.GroupChanges(visibility=Visibility.SECRET)
        )
        services.group_update(actor=owner, group=group, changes=services.GroupChanges(name="H"))
        services.group_delete(actor=owner, group=group)
    assert [e.kind for e in received] == [
        ChangeKind.VISIBILITY_CHANGED,
        ChangeKind.CHANGED,
        ChangeKind.DELETED,
    ]


def test_a_failing_subscriber_does_not_stop_the_others(
    received: list[GroupChanged], django_capture_on_commit_callbacks: Capture
) -> None:
    def broken(event: GroupChanged) -> None:
        raise ValueError("hub down")

    unsubscribe = group_changed_subscribe(broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.group_create(actor=UserFactory(), name="G")
    finally:
        unsubscribe()
    assert [e.kind for e in received] == [ChangeKind.CREATED]
