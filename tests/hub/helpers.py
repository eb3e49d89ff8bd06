"""Helpers of the hub tests: groups in an organisation's schema, synced into the index."""

from __future__ import annotations

from typing import Any

from django.db import connection

from shared_apps.hub.services import hub_group_sync
from tenant_apps.groups.models import Group
from tenants.db import tenant_connection
from tenants.models import Organisation
from tests.factories import GroupFactory


def group_in(organisation: Organisation, *, tags: tuple[str, ...] = (), **fields: Any) -> Group:
    """A group in the organisation's schema (the connection is back on public after)."""
    tenant_connection().set_tenant(organisation)
    try:
        group = GroupFactory(**fields)
        if tags:
            group.tags.add(*tags)
        return group
    finally:
        connection.set_schema_to_public()


def group_update(organisation: Organisation, group: Group, **fields: Any) -> None:
    tenant_connection().set_tenant(organisation)
    try:
        Group.objects.filter(pk=group.pk).update(**fields)
    finally:
        connection.set_schema_to_public()


def indexed(organisation: Organisation, *, tags: tuple[str, ...] = (), **fields: Any) -> Group:
    """A group created in the organisation's schema and synced into the index."""
    group = group_in(organisation, tags=tags, **fields)
    hub_group_sync(schema_name=organisation.schema_name, group_id=group.pk)
    return group
