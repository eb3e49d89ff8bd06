""" "My groups across organisations": the membership index, its reconciliation, the API
and the hub's front page."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from rest_framework.authtoken.models import Token

from shared_apps.hub.models import HubMembership
from shared_apps.hub.selectors import MyGroup, MyOrganisationGroups, hub_my_groups
from shared_apps.hub.services import (
    ReconcileReport,
    hub_group_memberships_sync,
    hub_organisation_memberships_reconcile,
)
from tenant_apps.accounts.models import User
from tenant_apps.groups.models import Group, Membership
from tenants.db import tenant_connection
from tenants.services import organisation_suspend
from tests.conftest import BaseOrganisations
from tests.factories import UserFactory
from tests.hub.helpers import ISSUER, group_in, group_update, member_of, person_in

ALPHA_URL = "http://alpha.test:8000/"
BETA_URL = "http://beta.test:8000/"


def _mine(subject: str = "anna") -> list[MyOrganisationGroups]:
    return hub_my_groups(oidc_issuer=ISSUER, oidc_subject=subject)


def _names(subject: str = "anna") -> list[tuple[str, list[str]]]:
    return [(o.slug, [g.name for g in o.groups]) for o in _mine(subject)]


@pytest.fixture
def anna(orgs: BaseOrganisations) -> BaseOrganisations:
    """Anna: a member of two groups in alpha (one secret) and one in beta; Bob of one."""
    anna_alpha = person_in(orgs.alpha, subject="anna")
    anna_beta = person_in(orgs.beta, subject="anna")
    bob_alpha = person_in(orgs.alpha, subject="bob")
    open_group = group_in(orgs.alpha, name="Wijkteams", slug="wijkteams")
    secret = group_in(orgs.alpha, name="Vertrouwelijk overleg", slug="geheim", visibility="secret")
    member_of(orgs.alpha, open_group, anna_alpha)
    member_of(orgs.alpha, secret, anna_alpha)
    member_of(orgs.alpha, open_group, bob_alpha)
    member_of(orgs.beta, group_in(orgs.beta, name="Dijken", slug="dijken"), anna_beta)
    return orgs


def test_my_groups_are_grouped_by_organisation_with_links_secret_ones_included(
    anna: BaseOrganisations,
) -> None:
    assert _mine() == [
        MyOrganisationGroups(
            slug="alpha",
            name="Gemeente Alpha",
            url=ALPHA_URL,
            groups=[
                MyGroup(
                    group_id=_group_id(anna, "alpha", "geheim"),
                    slug="geheim",
                    name="Vertrouwelijk overleg",
                    url=f"{ALPHA_URL}groups/geheim/",
                ),
                MyGroup(
                    group_id=_group_id(anna, "alpha", "wijkteams"),
                    slug="wijkteams",
                    name="Wijkteams",
                    url=f"{ALPHA_URL}groups/wijkteams/",
                ),
            ],
        ),
        MyOrganisationGroups(
            slug="beta",
            name="Provincie Beta",
            url=BETA_URL,
            groups=[
                MyGroup(
                    group_id=_group_id(anna, "beta", "dijken"),
                    slug="dijken",
                    name="Dijken",
                    url=f"{BETA_URL}groups/dijken/",
                )
            ],
        ),
    ]


def test_another_person_never_sees_my_rows(anna: BaseOrganisations) -> None:
    # Bob shares one group with Anna: he sees that one, never her secret group or beta
    assert _names("bob") == [("alpha", ["Wijkteams"])]
    # the same subject at another issuer is another person
    assert hub_my_groups(oidc_issuer="https://other.example/", oidc_subject="anna") == []


def test_without_an_openid_identity_there_are_no_groups(
    anna: BaseOrganisations, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # given an account without an identity in alpha, member of a group
    tenant_connection().set_tenant(anna.alpha)
    local = UserFactory(username="local-only")
    connection.set_schema_to_public()
    member_of(anna.alpha, _group(anna), local)
    # then no row was made for it, and an empty identity finds nothing, without a query
    assert HubMembership.objects.filter(oidc_subject="").count() == 0
    with django_assert_num_queries(0):
        assert hub_my_groups(oidc_issuer="", oidc_subject="") == []
        assert hub_my_groups(oidc_issuer=ISSUER, oidc_subject="") == []


def test_my_groups_take_one_query(
    anna: BaseOrganisations, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    _mine()  # the connection has set its search path (once per schema switch)
    with django_assert_num_queries(1):
        assert len(_mine()) == 2


def test_a_suspended_organisation_is_hidden_at_once(anna: BaseOrganisations) -> None:
    # when beta is suspended, without any task running
    organisation_suspend(slug="beta")
    # then only alpha's groups are left
    assert [o.slug for o in _mine()] == ["alpha"]


def test_leaving_renaming_and_deleting_follow_on_the_next_sync(anna: BaseOrganisations) -> None:
    # given Anna leaves the open group, and the secret one is renamed
    wijkteams = _group_id(anna, "alpha", "wijkteams")
    geheim = _group_id(anna, "alpha", "geheim")
    tenant_connection().set_tenant(anna.alpha)
    Membership.objects.filter(group_id=wijkteams, user__oidc_subject="anna").delete()
    Group.objects.filter(pk=geheim).update(name="Nieuwe naam")
    connection.set_schema_to_public()
    # when both groups are synced (as their events' tasks do)
    for group_id in (wijkteams, geheim):
        hub_group_memberships_sync(schema_name=anna.alpha.schema_name, group_id=group_id)
    # then
    assert _names() == [("alpha", ["Nieuwe naam"]), ("beta", ["Dijken"])]
    assert _names("bob") == [("alpha", ["Wijkteams"])]
    # and a deleted group leaves everyone's list
    group_update(anna.alpha, Group(pk=wijkteams), deleted_at=datetime(2025, 1, 1, tzinfo=UTC))
    hub_group_memberships_sync(schema_name=anna.alpha.schema_name, group_id=wijkteams)
    assert _names("bob") == []


def test_reconciliation_repairs_drift(anna: BaseOrganisations) -> None:
    # given drift behind the index's back: a row lost, a stale row, a rename not seen
    HubMembership.objects.filter(oidc_subject="bob").delete()
    HubMembership.objects.create(
        organisation=anna.alpha,
        oidc_issuer=ISSUER,
        oidc_subject="anna",
        group_id=999_999,
        group_slug="weg",
        group_name="Bestaat niet meer",
    )
    group_update(anna.alpha, Group(pk=_group_id(anna, "alpha", "geheim")), name="Hernoemd")
    # when alpha is reconciled
    report = hub_organisation_memberships_reconcile(organisation=anna.alpha)
    # then the rows match alpha's memberships exactly
    assert report == ReconcileReport(
        organisation="alpha", added=1, updated=1, removed=1, unchanged=1
    )
    assert _names() == [("alpha", ["Hernoemd", "Wijkteams"]), ("beta", ["Dijken"])]
    assert _names("bob") == [("alpha", ["Wijkteams"])]
    # and a second run finds nothing to do
    again = hub_organisation_memberships_reconcile(organisation=anna.alpha)
    assert (again.repaired, again.unchanged) == (0, 3)


def test_reindex_hub_rebuilds_the_memberships_too(anna: BaseOrganisations) -> None:
    HubMembership.objects.all().delete()
    out = StringIO()
    call_command("reindex_hub", stdout=out, stderr=StringIO())
    assert _names() == [("alpha", ["Vertrouwelijk overleg", "Wijkteams"]), ("beta", ["Dijken"])]
    assert "; 4 memberships (4 repaired) in " in out.getvalue()


# --- the API and the page -----------------------------------------------------------------


def _hub_person(subject: str) -> User:
    """The person's account in the public schema, as the hub's login makes it."""
    return UserFactory(username=f"{subject}-hub", oidc_issuer=ISSUER, oidc_subject=subject)


def test_api_lists_my_groups_by_session(anna: BaseOrganisations, hub_client: Client) -> None:
    hub_client.force_login(_hub_person("bob"))
    response = hub_client.get("/api/v1/hub/my-groups")
    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "alpha",
            "name": "Gemeente Alpha",
            "url": ALPHA_URL,
            "groups": [
                {
                    "group_id": _group_id(anna, "alpha", "wijkteams"),
                    "slug": "wijkteams",
                    "name": "Wijkteams",
                    "url": f"{ALPHA_URL}groups/wijkteams/",
                }
            ],
        }
    ]


def test_api_by_token_and_for_an_account_without_identity(
    anna: BaseOrganisations, hub_client: Client
) -> None:
    token = Token.objects.create(user=_hub_person("anna"))
    response = hub_client.get("/api/v1/hub/my-groups", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert [o["slug"] for o in response.json()] == ["alpha", "beta"]
    hub_client.force_login(UserFactory(username="operator-without-identity"))
    assert hub_client.get("/api/v1/hub/my-groups").json() == []


def test_api_refuses_anonymous_callers(anna: BaseOrganisations, hub_client: Client) -> None:
    response = hub_client.get("/api/v1/hub/my-groups")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_api_is_not_served_on_a_subsite(anna: BaseOrganisations, alpha_client: Client) -> None:
    # a subsite has no such endpoint: the same answer as any unknown path there
    tenant_connection().set_tenant(anna.alpha)
    alpha_client.force_login(User.objects.get(username="anna-alpha"))
    connection.set_schema_to_public()
    assert alpha_client.get("/api/v1/hub/my-groups", follow=True).status_code == 404


def test_api_is_in_the_openapi_schema(orgs: BaseOrganisations, hub_client: Client) -> None:
    schema = hub_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/hub/my-groups"]["get"]
    assert operation["operationId"] == "hub_my_groups_list"
    item = operation["responses"]["200"]["content"]["application/json"]["schema"]["items"]
    assert item == {"$ref": "#/components/schemas/MyOrganisationGroups"}


def test_front_page_shows_my_groups_to_the_logged_in_person(
    anna: BaseOrganisations, hub_client: Client
) -> None:
    hub_client.force_login(_hub_person("anna"))
    page = hub_client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<h2 id="hub-my-groups-title">My groups</h2>' in page
    assert f'<a href="{ALPHA_URL}groups/geheim/">Vertrouwelijk overleg</a>' in page
    assert f'<h3 id="hub-my-groups-beta"><a href="{BETA_URL}">Provincie Beta</a></h3>' in page


def test_front_page_without_groups_and_for_anonymous_visitors(
    anna: BaseOrganisations, hub_client: Client
) -> None:
    assert "hub-my-groups" not in hub_client.get("/").content.decode()
    hub_client.force_login(_hub_person("carla"))
    page = hub_client.get("/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert '<h2 id="hub-my-groups-title">Mijn groepen</h2>' in page
    assert "Je bent nog geen lid van een groep." in page


def _group_id(orgs: BaseOrganisations, slug: str, group_slug: str) -> int:
    organisation = orgs.alpha if slug == "alpha" else orgs.beta
    tenant_connection().set_tenant(organisation)
    try:
        return Group.objects.get(slug=group_slug).pk
    finally:
        connection.set_schema_to_public()


def _group(orgs: BaseOrganisations) -> Group:
    tenant_connection().set_tenant(orgs.alpha)
    try:
        return Group.objects.get(slug="wijkteams")
    finally:
        connection.set_schema_to_public()
