"""Helpers shared by the content tests (discussions, events, files): a group in alpha with
one person in every role, and clients logged in as each of them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.test import Client

from tenant_apps.accounts.models import User
from tenant_apps.groups.access import GroupAccess, group_access
from tenant_apps.groups.models import Group, JoinRequest, Role
from tenants.db import tenant_connection
from tenants.models import Organisation
from tests.conftest import ALPHA_HOST
from tests.factories import GroupFactory, MembershipFactory, UserFactory

ROLES = ("anonymous", "nonmember", "pending", "member", "group_admin", "site_admin")


@contextmanager
def in_schema(organisation: Organisation) -> Iterator[None]:
    tenant_connection().set_tenant(organisation)
    try:
        yield
    finally:
        tenant_connection().set_schema_to_public()


@dataclass
class Cast:
    """One group and someone in every role towards it (all in the current schema)."""

    group: Group
    owner: User  # also the author of the content made by the tests
    people: dict[str, User | None]

    def access(self, role: str) -> GroupAccess:
        from django.contrib.auth.models import AnonymousUser

        person = self.people[role]
        return group_access(viewer=person or AnonymousUser(), slug=self.group.slug)


def cast_make(*, visibility: str = "public", slug: str = "tuinen", prefix: str = "") -> Cast:
    """Call inside the organisation's schema."""
    group = GroupFactory(slug=slug, name=f"Group {slug}", visibility=visibility)
    owner = UserFactory(username=f"{prefix}owner")
    MembershipFactory(group=group, user=owner, role=Role.OWNER)
    member = UserFactory(username=f"{prefix}member")
    MembershipFactory(group=group, user=member, role=Role.MEMBER)
    admin = UserFactory(username=f"{prefix}admin")
    MembershipFactory(group=group, user=admin, role=Role.ADMIN)
    pending = UserFactory(username=f"{prefix}pending")
    JoinRequest.objects.create(group=group, user=pending)
    people: dict[str, User | None] = {
        "anonymous": None,
        "nonmember": UserFactory(username=f"{prefix}outsider"),
        "pending": pending,
        "member": member,
        "group_admin": admin,
        "site_admin": UserFactory(username=f"{prefix}siteadmin", is_staff=True),
    }
    return Cast(group=group, owner=owner, people=people)


def client_for(person: User | None, host: str = ALPHA_HOST) -> Client:
    """A client on that host, logged in as `person` (call inside that person's schema)."""
    client = Client(HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="en")
    if person is not None:
        client.force_login(person)
    return client
