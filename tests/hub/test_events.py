"""The index follows group changes through the events, on real commits (tasks eager)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection

from shared_apps.hub.models import HubGroup
from shared_apps.hub.selectors import hub_groups_search
from tenant_apps.accounts.models import User
from tenant_apps.groups import services
from tenant_apps.groups.models import Group
from tenants.db import tenant_connection
from tests.conftest import BaseOrganisations
from tests.factories import UserFactory


@pytest.fixture
def alpha_owner(committed: BaseOrganisations) -> Iterator[User]:
    """A person in alpha, on alpha's schema; alpha's groups and the index are emptied after."""
    tenant_connection().set_tenant(committed.alpha)
    owner = UserFactory(username="hub-owner")
    yield owner
    tenant_connection().set_tenant(committed.alpha)
    Group.objects.all().delete()
    User.objects.filter(pk=owner.pk).delete()
    connection.set_schema_to_public()
    HubGroup.objects.all().delete()


def test_a_created_public_group_enters_the_index_on_commit(alpha_owner: User) -> None:
    # when a public group is created in alpha and committed
    group = services.group_create(actor=alpha_owner, name="Duurzame inkoop", tags=["inkoop"])
    # then the index holds it, with the count the service set
    row = HubGroup.objects.get(group_id=group.pk)
    assert (row.name, row.tags, row.member_count) == ("Duurzame inkoop", ["inkoop"], 1)


def test_a_rolled_back_group_never_enters_the_index(alpha_owner: User) -> None:
    # when a group is created in a transaction that is rolled back
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.group_create(actor=alpha_owner, name="Teruggedraaid")
        raise RuntimeError("roll back")
    # then nothing was indexed
    assert HubGroup.objects.count() == 0


def test_a_secret_group_never_enters_and_a_public_one_leaves_when_made_secret(
    alpha_owner: User,
) -> None:
    # given a secret and a public group created in alpha
    services.group_create(actor=alpha_owner, name="Geheim overleg", visibility="secret")
    public = services.group_create(actor=alpha_owner, name="Open overleg")
    assert list(HubGroup.objects.values_list("name", flat=True)) == ["Open overleg"]
    # when the public one is made secret
    services.group_update(
        actor=alpha_owner, group=public, changes=services.GroupChanges(visibility="secret")
    )
    # then nothing of alpha is left in the index or in search
    assert HubGroup.objects.count() == 0
    assert hub_groups_search(q="overleg").total == 0


def test_a_deleted_group_leaves_the_index(alpha_owner: User) -> None:
    # given an indexed public group
    group = services.group_create(actor=alpha_owner, name="Tijdelijk")
    assert HubGroup.objects.count() == 1
    # when its owner deletes it
    services.group_delete(actor=alpha_owner, group=group)
    # then it has left the index
    assert HubGroup.objects.count() == 0


def test_a_broker_outage_does_not_fail_the_group_change(
    alpha_owner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a broker that refuses every message
    from shared_apps.hub import tasks

    def refuse(*args: object, **kwargs: object) -> None:
        raise ConnectionError("redis is down")

    monkeypatch.setattr(tasks.hub_group_sync_task, "apply_async", refuse)
    # when a group is created
    group = services.group_create(actor=alpha_owner, name="Tijdens storing")
    # then the group stands, unindexed until reconciliation
    tenant_connection().set_tenant(alpha_owner_organisation := _alpha())
    assert Group.objects.filter(pk=group.pk).exists()
    connection.set_schema_to_public()
    assert HubGroup.objects.count() == 0
    from shared_apps.hub.services import hub_organisation_reconcile

    assert hub_organisation_reconcile(organisation=alpha_owner_organisation).added == 1


def _alpha() -> object:
    from tenants.models import Organisation

    return Organisation.objects.get(slug="alpha")
