"""Activity tells the hub that a group is alive, but not on every single reply."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone

from tenant_apps.groups.events import ChangeKind, GroupChanged, group_changed_subscribe
from tenant_apps.groups.models import Group
from tenants.models import Organisation
from tests.activity.helpers import group_of, record


@pytest.fixture
def published() -> Iterator[list[GroupChanged]]:
    events: list[GroupChanged] = []
    unsubscribe = group_changed_subscribe(events.append)
    yield events
    unsubscribe()


def test_activity_in_a_quiet_group_is_announced_once_per_interval(
    in_alpha: Organisation,
    published: list[GroupChanged],
    django_capture_on_commit_callbacks: pytest.FixtureRequest,
) -> None:
    # given a group last active an hour ago
    group = group_of()
    Group.objects.filter(pk=group.pk).update(last_activity_at=timezone.now() - timedelta(hours=1))
    group.refresh_from_db()
    # when three things happen in it in quick succession
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        record(group)
        record(group)
        record(group)
    # then the hub hears of it once
    activity_events = [event for event in published if event.kind == ChangeKind.ACTIVITY]
    assert [(e.group_id, e.schema_name) for e in activity_events] == [(group.pk, "org_alpha")]
