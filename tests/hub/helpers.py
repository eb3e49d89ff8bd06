"""Helpers of the hub tests: groups in an organisation's schema, synced into the index."""

from __future__ import annotations

from typing import Any

from django.db import connection

from shared_apps.hub.services import hub_group_memberships_sync, hub_group_sync
from tenant_apps.accounts.models import User
from tenant_apps.groups.models import Group
from tenants.db import tenant_connection
from tenants.models import Organisation
from tests.factories import GroupFactory, MembershipFactory, UserFactory


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


ISSUER = "http://hub.test/oidc"


def person_in(organisation: Organisation, *, subject: str, issuer: str = ISSUER) -> User:
    """A person's account in the organisation's schema, known by an OpenID identity."""
    tenant_connection().set_tenant(organisation)
    try:
        return UserFactory(
            username=f"{subject}-{organisation.slug}", oidc_issuer=issuer, oidc_subject=subject
        )
    finally:
        connection.set_schema_to_public()


def member_of(organisation: Organisation, group: Group, person: User) -> None:
    """Make the person a member behind the services' back (no event), then sync the
    group's memberships into the index as the event's task would."""
    tenant_connection().set_tenant(organisation)
    try:
        MembershipFactory(group=group, user=person)
    finally:
        connection.set_schema_to_public()
    hub_group_memberships_sync(schema_name=organisation.schema_name, group_id=group.pk)
