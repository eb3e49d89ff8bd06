"""Making events in tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tenant_apps.events import services
from tenant_apps.events.models import Event
from tenant_apps.groups.access import GroupAccess
from tests.discussions.helpers import Cast

START = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


def event_make(cast: Cast, **fields: Any) -> Event:
    values: dict[str, Any] = {
        "title": "Snoeidag",
        "starts_at": START,
        "ends_at": START + dt.timedelta(hours=3),
        "time_zone": "Europe/Amsterdam",
    } | fields
    return services.event_create(access=owner_access(cast), actor=cast.owner, **values)


def owner_access(cast: Cast) -> GroupAccess:
    from tenant_apps.groups.access import group_access

    return group_access(viewer=cast.owner, slug=cast.group.slug)
