"""Recording what happened in groups (and, from it, notifying people)."""

from __future__ import annotations

from django.utils import timezone

from tenant_apps.accounts.models import User
from tenant_apps.activity.models import Activity
from tenant_apps.groups.models import Group


def activity_record(
    *,
    group: Group,
    actor: User | None,
    verb: str,
    target_type: str,
    target_id: int,
    summary: str,
) -> Activity:
    """Record one event in a group's stream and mark the group as active.

    Called by the content services inside their transaction, so an activity exists
    exactly when the change it describes was committed.
    """
    activity = Activity.objects.create(
        group=group,
        actor=actor,
        verb=verb,
        target_type=target_type,
        target_id=target_id,
        summary=summary[:300],
    )
    Group.objects.filter(pk=group.pk).update(last_activity_at=timezone.now())
    return activity
