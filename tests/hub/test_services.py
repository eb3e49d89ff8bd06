"""The index: what enters it, what leaves it, and reconciliation repairing drift."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import connection

from shared_apps.hub.models import HubGroup
from shared_apps.hub.selectors import hub_groups_search
from shared_apps.hub.services import (
    ReconcileReport,
    hub_group_sync,
    hub_organisation_reconcile,
    hub_organisation_remove,
    language_guess,
)
from tenant_apps.groups.models import Group
from tenants.db import tenant_connection
from tenants.services import organisation_resume, organisation_suspend
from tests.conftest import BaseOrganisations
from tests.hub.helpers import group_in, group_update, indexed


def test_a_public_group_is_copied_with_plain_text_and_its_subsite_url(
    orgs: BaseOrganisations,
) -> None:
    # given a public group with an HTML description and tags in alpha
    active = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    group = group_in(
        orgs.alpha,
        name="Fietspaden",
        slug="fietspaden",
        description="<p>Wij werken <strong>samen</strong> aan veilige fietspaden &amp; meer.</p>",
        member_count=7,
        last_activity_at=active,
        tags=("verkeer", "fiets"),
    )
    # when it is synced
    hub_group_sync(schema_name=orgs.alpha.schema_name, group_id=group.pk)
    # then one row holds the plain-text excerpt, the tags and the URL on alpha's subsite
    row = HubGroup.objects.get()
    assert row.organisation_id == orgs.alpha.pk
    assert (row.group_id, row.slug, row.name) == (group.pk, "fietspaden", "Fietspaden")
    assert row.description == "Wij werken samen aan veilige fietspaden & meer."
    assert sorted(row.tags) == ["fiets", "verkeer"]
    assert (row.member_count, row.last_activity_at) == (7, active)
    assert row.language == "nl"
    assert row.visibility == "public"
    assert row.url == "http://alpha.test:8000/groups/fietspaden/"
    assert row.cover_url == ""


def test_a_closed_group_is_listed_and_a_secret_one_never(orgs: BaseOrganisations) -> None:
    # given a closed and a secret group
    closed = group_in(orgs.alpha, name="Gesloten", visibility="closed")
    secret = group_in(orgs.alpha, name="Geheim", visibility="secret")
    # when both are synced
    hub_group_sync(schema_name=orgs.alpha.schema_name, group_id=closed.pk)
    hub_group_sync(schema_name=orgs.alpha.schema_name, group_id=secret.pk)
    # then only the closed one is in the index
    assert list(HubGroup.objects.values_list("name", "visibility")) == [("Gesloten", "closed")]


def test_a_group_made_secret_leaves_the_index(orgs: BaseOrganisations) -> None:
    # given an indexed public group
    group = indexed(orgs.alpha, name="Wordt geheim")
    assert HubGroup.objects.count() == 1
    # when it is made secret and synced again
    group_update(orgs.alpha, group, visibility="secret")
    hub_group_sync(schema_name=orgs.alpha.schema_name, group_id=group.pk)
    # then its row is gone
    assert HubGroup.objects.count() == 0


def test_a_deleted_group_leaves_the_index(orgs: BaseOrganisations) -> None:
    # given two indexed groups, one soft-deleted and one removed altogether
    soft = indexed(orgs.alpha, name="Zacht weg")
    hard = indexed(orgs.alpha, name="Hard weg")
    group_update(orgs.alpha, soft, deleted_at=datetime(2025, 1, 1, tzinfo=UTC))
    tenant_connection().set_tenant(orgs.alpha)
    Group.objects.filter(pk=hard.pk).delete()
    connection.set_schema_to_public()
    # when both are synced
    hub_group_sync(schema_name=orgs.alpha.schema_name, group_id=soft.pk)
    hub_group_sync(schema_name=orgs.alpha.schema_name, group_id=hard.pk)
    # then neither is in the index
    assert HubGroup.objects.count() == 0


def test_syncing_twice_changes_nothing(orgs: BaseOrganisations) -> None:
    # given an indexed group
    group = indexed(orgs.alpha, name="Twee keer")
    # when it is synced again
    hub_group_sync(schema_name=orgs.alpha.schema_name, group_id=group.pk)
    # then there is still one row
    assert HubGroup.objects.count() == 1


def test_the_same_group_id_in_two_organisations_makes_two_rows(orgs: BaseOrganisations) -> None:
    # given groups in alpha and beta (ids in separate schemas may coincide)
    in_alpha = indexed(orgs.alpha, name="Alpha groep")
    in_beta = indexed(orgs.beta, name="Beta groep")
    # then each organisation has its own row
    assert sorted(HubGroup.objects.values_list("organisation__slug", "group_id")) == sorted(
        [("alpha", in_alpha.pk), ("beta", in_beta.pk)]
    )


def test_reconciliation_repairs_a_missing_a_stale_and_a_renamed_row(
    orgs: BaseOrganisations,
) -> None:
    # given three indexed groups in alpha
    missing = indexed(orgs.alpha, name="Kwijt")
    renamed = indexed(orgs.alpha, name="Oude naam")
    kept = indexed(orgs.alpha, name="Blijft")
    # and drift behind the index's back: a row deleted, a stale row, a rename not seen
    HubGroup.objects.filter(group_id=missing.pk, organisation=orgs.alpha).delete()
    stale = HubGroup.objects.get(group_id=kept.pk, organisation=orgs.alpha)
    stale.pk = None
    stale.group_id = 999_999
    stale.name = "Bestaat niet"
    stale.save()
    group_update(orgs.alpha, renamed, name="Nieuwe naam")
    # when alpha is reconciled
    report = hub_organisation_reconcile(organisation=orgs.alpha)
    # then the index matches alpha's listable groups exactly
    assert report == ReconcileReport(
        organisation="alpha", added=1, updated=1, removed=1, unchanged=1
    )
    assert sorted(HubGroup.objects.values_list("group_id", "name")) == sorted(
        [(missing.pk, "Kwijt"), (renamed.pk, "Nieuwe naam"), (kept.pk, "Blijft")]
    )
    # and a second run finds nothing to do
    again = hub_organisation_reconcile(organisation=orgs.alpha)
    assert (again.repaired, again.unchanged) == (0, 3)


def test_reconciliation_never_indexes_secret_groups(orgs: BaseOrganisations) -> None:
    # given a secret and a public group in alpha, none indexed
    group_in(orgs.alpha, name="Geheim", visibility="secret")
    group_in(orgs.alpha, name="Open")
    # when alpha is reconciled
    hub_organisation_reconcile(organisation=orgs.alpha)
    # then only the public group is indexed
    assert list(HubGroup.objects.values_list("name", flat=True)) == ["Open"]


def test_a_suspended_organisation_keeps_its_rows_hidden_and_is_back_on_resume(
    orgs: BaseOrganisations,
) -> None:
    # given an indexed group of alpha and one of beta, and alpha suspended and reconciled
    indexed(orgs.alpha, name="Alpha")
    indexed(orgs.beta, name="Beta")
    suspended = organisation_suspend(slug="alpha")
    report = hub_organisation_reconcile(organisation=suspended)
    # then its row stays in the table but no search shows it
    assert report.removed == 0
    assert sorted(HubGroup.objects.values_list("name", flat=True)) == ["Alpha", "Beta"]
    assert [item.name for item in hub_groups_search().items] == ["Beta"]
    # and when it is resumed, it is back at once, without any task
    organisation_resume(slug="alpha")
    assert sorted(item.name for item in hub_groups_search().items) == ["Alpha", "Beta"]


def test_removing_an_organisation_removes_only_its_rows(orgs: BaseOrganisations) -> None:
    # given a group of alpha and one of beta in the index
    indexed(orgs.alpha, name="Alpha")
    indexed(orgs.beta, name="Beta")
    # when alpha's rows are removed
    removed = hub_organisation_remove(organisation=orgs.alpha)
    # then beta's row is left
    assert removed == 1
    assert list(HubGroup.objects.values_list("name", flat=True)) == ["Beta"]


def test_language_is_guessed_from_common_words() -> None:
    assert language_guess("Wij werken samen aan de fietspaden van de stad") == "nl"
    assert language_guess("We are working together on the cycle paths of the city") == "en"
    assert language_guess("Fietspaden") == "nl"
