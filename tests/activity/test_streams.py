"""Activity streams per group and per site show only what the viewer may read."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tenant_apps.accounts.models import User
from tenant_apps.groups.models import Visibility
from tenants.db import tenant_connection
from tenants.models import Organisation
from tests.activity.helpers import group_of, member_of, record
from tests.conftest import BaseOrganisations
from tests.factories import MembershipFactory, UserFactory

VISIBILITIES = (Visibility.PUBLIC, Visibility.CLOSED, Visibility.SECRET)


def _world() -> dict[str, User]:
    """A group of every visibility, each with one activity, and one member of all three."""
    member = UserFactory(username="member")
    for visibility in VISIBILITIES:
        group = group_of(visibility, name=f"Groep {visibility}", slug=f"groep-{visibility}")
        member_of(group, username=f"author-{visibility}")
        MembershipFactory(group=group, user=member)
        record(group, summary=f"Nieuws uit {visibility}")
    return {
        "member": member,
        "outsider": UserFactory(username="outsider"),
        "admin": UserFactory(username="siteadmin", is_staff=True),
    }


def _login(client: Client, people: dict[str, User], who: str) -> None:
    if who != "anonymous":
        client.force_login(people[who])


# (viewer, group visibility) -> status of the group's stream
GROUP_STREAM = {
    ("anonymous", "public"): 200,
    ("anonymous", "closed"): 403,
    ("anonymous", "secret"): 404,
    ("outsider", "public"): 200,
    ("outsider", "closed"): 403,
    ("outsider", "secret"): 404,
    ("member", "public"): 200,
    ("member", "closed"): 200,
    ("member", "secret"): 200,
    ("admin", "public"): 200,
    ("admin", "closed"): 200,
    ("admin", "secret"): 200,
}


@pytest.mark.parametrize(("who", "visibility"), list(GROUP_STREAM))
def test_group_stream_through_api_and_page(
    in_alpha: Organisation, alpha_client: Client, who: str, visibility: str
) -> None:
    # given groups of every visibility with one activity each
    people = _world()
    _login(alpha_client, people, who)
    # when the viewer asks for one group's stream
    api = alpha_client.get(f"/api/v1/groups/groep-{visibility}/activity/")
    page = alpha_client.get(f"/groups/groep-{visibility}/activity/")
    # then the API and the page agree on the answer
    expected = GROUP_STREAM[(who, visibility)]
    assert (api.status_code, page.status_code) == (expected, expected)
    if expected == 200:
        assert [a["summary"] for a in api.json()["results"]] == [f"Nieuws uit {visibility}"]
        assert f"Nieuws uit {visibility}" in page.text
    else:
        assert f"Nieuws uit {visibility}" not in page.text


def test_a_hidden_group_answers_exactly_like_a_missing_one(
    in_alpha: Organisation, alpha_client: Client
) -> None:
    _login(alpha_client, _world(), "outsider")
    secret = alpha_client.get("/api/v1/groups/groep-secret/activity/")
    missing = alpha_client.get("/api/v1/groups/no-such-group/activity/")
    assert (secret.status_code, secret.content) == (missing.status_code, missing.content)
    secret_page = alpha_client.get("/groups/groep-secret/activity/")
    missing_page = alpha_client.get("/groups/no-such-group/activity/")
    assert (secret_page.status_code, secret_page.content) == (404, missing_page.content)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", ["public"]),
        ("outsider", ["public"]),
        ("member", ["closed", "public", "secret"]),
        ("admin", ["closed", "public", "secret"]),
    ],
)
def test_site_stream_shows_only_readable_groups(
    in_alpha: Organisation, alpha_client: Client, who: str, expected: list[str]
) -> None:
    _login(alpha_client, _world(), who)
    api = alpha_client.get("/api/v1/activity/")
    page = alpha_client.get("/activity/")
    assert api.status_code == 200 and page.status_code == 200
    assert sorted(a["group"]["slug"].removeprefix("groep-") for a in api.json()["results"]) == (
        expected
    )
    for visibility in VISIBILITIES:
        assert (f"Nieuws uit {visibility}" in page.text) == (visibility in expected)


def test_stream_entries_carry_actor_and_group_newest_first(
    in_alpha: Organisation, alpha_client: Client
) -> None:
    group = group_of(name="Tuin", slug="tuin")
    anna = member_of(group, username="anna")
    first = record(group, anna, summary="Eerste")
    second = record(group, None, summary="Tweede")
    body = alpha_client.get("/api/v1/groups/tuin/activity/").json()
    assert body["count"] == 2
    assert body["results"] == [
        {
            "id": second.pk,
            "verb": "discussion.created",
            "target_type": "discussion",
            "target_id": 1,
            "summary": "Tweede",
            "created_at": body["results"][0]["created_at"],
            "group": {"slug": "tuin", "name": "Tuin"},
            "actor": None,
        },
        {
            "id": first.pk,
            "verb": "discussion.created",
            "target_type": "discussion",
            "target_id": 1,
            "summary": "Eerste",
            "created_at": body["results"][1]["created_at"],
            "group": {"slug": "tuin", "name": "Tuin"},
            "actor": {"id": anna.pk, "name": "Anna"},
        },
    ]


def test_streams_cost_the_same_queries_however_long(
    in_alpha: Organisation, alpha_client: Client
) -> None:
    # given a member of several groups
    person = UserFactory()
    alpha_client.force_login(person)
    groups = [group_of(Visibility.SECRET) for _ in range(3)]
    for group in groups:
        member_of(group)
        MembershipFactory(group=group, user=person)
    record(groups[0], summary="warm up")

    def cost(url: str) -> int:
        alpha_client.get(url)  # warms the host map
        with CaptureQueriesContext(connection) as queries:
            assert alpha_client.get(url).status_code == 200
        return len(queries)

    urls = [
        "/api/v1/activity/",
        "/activity/",
        f"/api/v1/groups/{groups[0].slug}/activity/",
        f"/groups/{groups[0].slug}/activity/",
    ]
    before = [cost(url) for url in urls]
    # when many more things happen, by many actors
    for n in range(30):
        group = groups[n % 3]
        record(group, member_of(group), summary=f"Ding {n}")
    # then no stream costs a query more
    assert [cost(url) for url in urls] == before


def test_stream_pages(in_alpha: Organisation, alpha_client: Client) -> None:
    group = group_of(slug="druk")
    for n in range(55):
        record(group, summary=f"Ding {n}")
    api = alpha_client.get("/api/v1/groups/druk/activity/", {"page": 2}).json()
    assert api["count"] == 55
    assert len(api["results"]) == 5
    page = alpha_client.get("/groups/druk/activity/", {"page": 3}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.text.count('<li class="card">') == 15
    assert "Page 3 of 3" in page.text
    assert alpha_client.get("/groups/druk/activity/", {"page": "zzz"}).status_code == 200


def test_streams_of_another_organisation_are_never_shown(
    orgs: BaseOrganisations, alpha_client: Client, beta_client: Client
) -> None:
    # given a public group with activity in beta only
    tenant_connection().set_tenant(orgs.beta)
    record(group_of(slug="beta-groep"), summary="Beta nieuws")
    tenant_connection().set_schema_to_public()
    # then alpha knows neither the group nor its activity
    assert alpha_client.get("/api/v1/groups/beta-groep/activity/").status_code == 404
    assert alpha_client.get("/groups/beta-groep/activity/").status_code == 404
    assert alpha_client.get("/api/v1/activity/").json()["count"] == 0
    assert "Beta nieuws" not in alpha_client.get("/activity/").text
    # and beta shows it on its own host
    assert beta_client.get("/api/v1/activity/").json()["count"] == 1
