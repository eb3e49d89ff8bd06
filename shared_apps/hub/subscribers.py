"""The hub's subscriber to group change events: queue a sync of the changed group."""

from __future__ import annotations

import logging

from tenant_apps.groups.events import ChangeKind, GroupChanged

logger = logging.getLogger(__name__)

# Activity (a post, a reply) changes neither who is a member nor the group's name or
# existence, and it is by far the most frequent event: it does not resync memberships.
_MEMBERSHIP_KINDS = frozenset(ChangeKind) - {ChangeKind.ACTIVITY}


def hub_group_changed(event: GroupChanged) -> None:
    from shared_apps.hub.tasks import hub_group_memberships_sync_enqueue, hub_group_sync_enqueue

    try:
        hub_group_sync_enqueue(schema_name=event.schema_name, group_id=event.group_id)
        if event.kind in _MEMBERSHIP_KINDS:
            hub_group_memberships_sync_enqueue(
                schema_name=event.schema_name, group_id=event.group_id
            )
    except Exception:
        # Redis or the broker is down: the group change itself is committed and must
        # stand; the periodic reconciliation brings the index level later.
        logger.warning(
            "Could not queue a hub sync for %s; reconciliation will repair it.",
            event,
            exc_info=True,
        )
