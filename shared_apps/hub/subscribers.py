"""The hub's subscriber to group change events: queue a sync of the changed group."""

from __future__ import annotations

import logging

from tenant_apps.groups.events import GroupChanged

logger = logging.getLogger(__name__)


def hub_group_changed(event: GroupChanged) -> None:
    from shared_apps.hub.tasks import hub_group_sync_enqueue

    try:
        hub_group_sync_enqueue(schema_name=event.schema_name, group_id=event.group_id)
    except Exception:
        # Redis or the broker is down: the group change itself is committed and must
        # stand; the periodic reconciliation brings the index level later.
        logger.warning(
            "Could not queue a hub sync for %s; reconciliation will repair it.",
            event,
            exc_info=True,
        )
