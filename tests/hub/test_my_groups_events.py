"""The membership index follows the groups' events on real commits (tasks eager)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection

from shared_apps.hub import subscribers, tasks
from shared_apps.hub.models import HubGroup, HubMembership
from tenant_apps.accounts.models import User
from tenant_apps.groups import services
from tenant_apps.groups.events import ChangeKind, GroupChanged
from tenant_apps.groups.models import Group
from tenants.db import tenant_connection
from tests.conftest import BaseOrganisations
from tests.factories import UserFactory
from tests.hub.helpers import ISSUER


@pytest.fixture
def people(committed: BaseOrganisations) -> Iterator[tuple[User, User]]:
    """Anna and Bob in alpha, on alpha's schema; their groups and the index go after."""
    tenant_connection().set_tenant(committed.alpha)
    anna = UserFactory(username="hub-anna", oidc_issuer=ISSUER, oidc_subject="anna")
    bob = UserFactory(username="hub-bob", oidc_issuer=ISSUER, oidc_subject="bob")
    yield anna, bob
    tenant_connection().set_tenant(committed.alpha)
    Group.objects.all().delete()
    User.objects.filter(pk__in=[anna.pk, bob.pk]).delete()
    connection.set_schema_to_public()
    HubGroup.objects.all().delete()
    HubMembership.objects.all().delete()


def _rows() -> list[tuple[str, str]]:
    return sorted(HubMembership.objects.values_list("oidc_subject", "group_name"))


def test_creating_joining_and_leaving_move_the_rows_on_commit(people: tuple[User, User]) -> None:
    anna, bob = people
    # when Anna creates a group (she is its owner) and Bob joins it
    group = services.group_create(actor=anna, name="Buurtpreventie")
    services.membership_join(actor=bob, group=group)
    # then both have a row
    assert _rows() == [("anna", "Buurtpreventie"), ("bob", "Buurtpreventie")]
    # when Bob leaves
    services.membership_leave(actor=bob, group=group)
    # then only Anna's row is left
    assert _rows() == [("anna", "Buurtpreventie")]


def test_secret_groups_renames_and_deletes_follow(people: tuple[User, User]) -> None:
    anna, _bob = people
    # a secret group is Anna's own membership: it has a row (never a search entry)
    secret = services.group_create(actor=anna, name="Geheim", visibility="secret")
    assert _rows() == [("anna", "Geheim")]
    assert HubGroup.objects.count() == 0
    # a rename is followed
    services.group_update(actor=anna, group=secret, changes=services.GroupChanges(name="Anders"))
    assert _rows() == [("anna", "Anders")]
    # and a deleted group leaves
    services.group_delete(actor=anna, group=secret)
    assert _rows() == []


def test_a_rolled_back_membership_leaves_no_row(people: tuple[User, User]) -> None:
    from django.db import transaction

    anna, _bob = people
    with pytest.raises(RuntimeError), transaction.atomic():
        services.group_create(actor=anna, name="Teruggedraaid")
        raise RuntimeError("roll back")
    assert _rows() == []


def test_activity_does_not_resync_memberships(monkeypatch: pytest.MonkeyPatch) -> None:
    # a unit test of the subscriber, with the queue faked
    queued: list[str] = []
    monkeypatch.setattr(tasks, "hub_group_sync_enqueue", lambda **kw: queued.append("group"))
    monkeypatch.setattr(
        tasks, "hub_group_memberships_sync_enqueue", lambda **kw: queued.append("memberships")
    )
    subscribers.hub_group_changed(GroupChanged("alpha", 1, ChangeKind.ACTIVITY))
    assert queued == ["group"]
    queued.clear()
    subscribers.hub_group_changed(GroupChanged("alpha", 1, ChangeKind.MEMBERSHIP_CHANGED))
    assert queued == ["group", "memberships"]
