"""Group change events for the hub: a small typed publish/subscribe, delivered on commit.

Not Django signals: publishers and subscribers are explicit and typed, and an event is
handed out only after the transaction that caused it has committed, so a rolled-back
change never reaches the hub. Subscribers (the hub will register a Celery-task enqueuer)
should treat every event as "re-read this group": events may repeat and arrive for
groups that changed again since.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction

from tenants.db import tenant_connection

logger = logging.getLogger(__name__)


class ChangeKind(StrEnum):
    CREATED = "created"
    CHANGED = "changed"
    DELETED = "deleted"
    VISIBILITY_CHANGED = "visibility_changed"
    MEMBERSHIP_CHANGED = "membership_changed"
    ACTIVITY = "activity"


@dataclass(frozen=True, slots=True)
class GroupChanged:
    schema_name: str
    group_id: int
    kind: ChangeKind


Subscriber = Callable[[GroupChanged], None]

_subscribers: list[Subscriber] = []


def group_changed_subscribe(subscriber: Subscriber) -> Callable[[], None]:
    """Register a subscriber; returns a function that unregisters it (for tests)."""
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)

    def unsubscribe() -> None:
        if subscriber in _subscribers:
            _subscribers.remove(subscriber)

    return unsubscribe


def group_changed_publish(*, group_id: int, kind: ChangeKind) -> None:
    """Announce a change once the current transaction commits (at once outside one)."""
    # The schema is read now: by commit time the connection may serve another tenant.
    event = GroupChanged(schema_name=tenant_connection().schema_name, group_id=group_id, kind=kind)
    transaction.on_commit(lambda: _deliver(event))


def _deliver(event: GroupChanged) -> None:
    for subscriber in list(_subscribers):
        # The change is committed: a failing subscriber must neither undo it nor stop
        # the others; the hub's reconciliation repairs what a lost event missed.
        try:
            subscriber(event)
        except Exception:
            logger.exception("group event subscriber %r failed for %s", subscriber, event)
