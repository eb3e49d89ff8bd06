"""Full-text search inside a subsite: what is found, by whom, and how safely."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tenant_apps.accounts.models import User
from tenant_apps.discussions.models import Discussion, NewsPost
from tenant_apps.events.models import Event
from tenant_apps.files.models import StoredFile
from tenant_apps.groups.models import Group, Visibility
from tenant_apps.search.selectors import QUERY_MAX_CHARS
from tenants.db import tenant_connection
from tenants.models import Organisation
from tests.conftest import BaseOrganisations
from tests.factories import GroupFactory, MembershipFactory, UserFactory

API = "/api/v1/search/"


def _discussion(group: Group, title: str, body: str = "") -> Discussion:
    return Discussion.objects.create(group=group, title=title, body=body)


def _search(client: Client, language: str = "en", **params: Any) -> Any:
    response = client.get(API, params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content
    return response.json()


def _titles(client: Client, **params: Any) -> list[str]:
    return [hit["title"] for hit in _search(client, **params)["results"]]


def test_every_kind_is_found_with_its_group_and_link(
    in_alpha: Organisation, alpha_client: Client
) -> None:
    # given one item of each kind about bridges in a public group
    group = GroupFactory(name="Bruggen", slug="bruggen", description="<p>Over de brug</p>")
    discussion = _discussion(group, "Nieuwe brug", "<p>Wanneer komt de <b>brug</b>?</p>")
    NewsPost.objects.create(group=group, title="Brug geopend", body="Feest bij de brug")
    now = timezone.now()
    Event.objects.create(
        group=group, title="Opening brug", starts_at=now, ends_at=now + timedelta(hours=1)
    )
    StoredFile.objects.create(
        group=group,
        name="brug-tekening.pdf",
        file="x.pdf",
        content_type="application/pdf",
        size_bytes=10,
    )
    # when anyone searches for the word
    body = _search(alpha_client, q="brug")
    # then all five come back, each with its kind, group and a link
    assert body["count"] == 5
    assert body["message"] is None
    assert sorted(hit["type"] for hit in body["results"]) == [
        "discussion",
        "event",
        "file",
        "group",
        "news",
    ]
    found = {hit["type"]: hit for hit in body["results"]}
    assert found["discussion"]["url"] == f"/groups/bruggen/discussions/{discussion.pk}/"
    assert found["discussion"]["group"] == {"slug": "bruggen", "name": "Bruggen"}
    # the excerpt is plain text, never the stored HTML
    assert found["discussion"]["excerpt"] == "Wanneer komt de brug?"
    assert found["group"]["url"] == "/groups/bruggen/"


def test_type_filter_and_unknown_type(in_alpha: Organisation, alpha_client: Client) -> None:
    group = GroupFactory(name="Bruggen")
    _discussion(group, "Nieuwe brug")
    assert [h["type"] for h in _search(alpha_client, q="brug", type="discussion")["results"]] == [
        "discussion"
    ]
    response = alpha_client.get(API, {"q": "brug", "type": "users"})
    assert response.status_code == 400
    assert list(response.json()) == ["type"]


def test_titles_rank_above_bodies(in_alpha: Organisation, alpha_client: Client) -> None:
    group = GroupFactory(name="Overleg")
    _discussion(group, "Vergadering", "Het gaat over parkeren")
    _discussion(group, "Parkeren", "Het gaat over de vergadering")
    assert _titles(alpha_client, q="parkeren", type="discussion") == ["Parkeren", "Vergadering"]


@pytest.mark.parametrize(
    ("stored", "query"),
    [
        ("Fiets", "fietsen"),  # Dutch stems differ: fiets -> fiet, fietsen -> fiets
        ("Fietsen in de stad", "fiets"),
        ("De fietsenstalling", "fiets"),  # compound words
        ("Huizen bouwen", "huizen"),
        ("Cycling to work", "cycle"),  # English
        ("Bikes everywhere", "bike"),
    ],
)
def test_dutch_and_english_word_forms_are_found(
    in_alpha: Organisation, alpha_client: Client, stored: str, query: str
) -> None:
    _discussion(GroupFactory(), stored)
    assert _titles(alpha_client, q=query) == [stored]


def test_websearch_syntax_phrases_and_exclusion(
    in_alpha: Organisation, alpha_client: Client
) -> None:
    group = GroupFactory()
    _discussion(group, "Rode fiets gevonden")
    _discussion(group, "Fiets rood geverfd")
    assert _titles(alpha_client, q='"rode fiets"') == ["Rode fiets gevonden"]
    assert _titles(alpha_client, q="fiets -geverfd") == ["Rode fiets gevonden"]


def _visibility_world() -> dict[str, User]:
    """A public, a closed and a secret group, each with a discussion about 'kaas'."""
    member = UserFactory(username="member")
    outsider = UserFactory(username="outsider")
    admin = UserFactory(username="siteadmin", is_staff=True)
    for visibility in (Visibility.PUBLIC, Visibility.CLOSED, Visibility.SECRET):
        group = GroupFactory(
            name=f"Kaas {visibility}", slug=f"kaas-{visibility}", visibility=visibility
        )
        MembershipFactory(group=group, user=member)
        _discussion(group, f"Kaasdiscussie {visibility}")
    return {"member": member, "outsider": outsider, "admin": admin}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", ["Kaas closed", "Kaas public", "Kaasdiscussie public"]),
        ("outsider", ["Kaas closed", "Kaas public", "Kaasdiscussie public"]),
        (
            "member",
            [
                "Kaas closed",
                "Kaas public",
                "Kaas secret",
                "Kaasdiscussie closed",
                "Kaasdiscussie public",
                "Kaasdiscussie secret",
            ],
        ),
        (
            "admin",
            [
                "Kaas closed",
                "Kaas public",
                "Kaas secret",
                "Kaasdiscussie closed",
                "Kaasdiscussie public",
                "Kaasdiscussie secret",
            ],
        ),
    ],
)
def test_only_what_the_viewer_may_see_is_found(
    in_alpha: Organisation, alpha_client: Client, who: str, expected: list[str]
) -> None:
    # given groups of every visibility; closed groups are listed, their content is not
    people = _visibility_world()
    if who != "anonymous":
        alpha_client.force_login(people[who])
    # when the viewer searches, through the API and the page
    titles = sorted(_titles(alpha_client, q="kaas"))
    page = alpha_client.get("/search/", {"q": "kaas"})
    # then they find exactly what they may see
    assert titles == expected
    assert page.status_code == 200
    for title in ["Kaas secret", "Kaasdiscussie secret", "Kaasdiscussie closed"]:
        assert (title in page.text) == (title in expected)


def test_deleted_content_and_deleted_groups_are_not_found(
    in_alpha: Organisation, alpha_client: Client
) -> None:
    group = GroupFactory(name="Weg")
    gone = _discussion(group, "Verwijderde tuin")
    gone.deleted_at = timezone.now()
    gone.save()
    deleted_group = GroupFactory(name="Tuin", deleted_at=timezone.now())
    _discussion(deleted_group, "Tuin in verwijderde groep")
    assert _search(alpha_client, q="tuin")["count"] == 0


def test_content_of_another_organisation_is_never_found(
    orgs: BaseOrganisations, alpha_client: Client, beta_client: Client
) -> None:
    # given a public group with a discussion in beta only
    tenant_connection().set_tenant(orgs.beta)
    _discussion(GroupFactory(name="Dijkversterking"), "Dijkversterking Beta")
    tenant_connection().set_schema_to_public()
    # then alpha's host finds nothing, beta's own host finds both
    assert _search(alpha_client, q="dijkversterking")["count"] == 0
    assert "Dijkversterking" not in alpha_client.get("/search/", {"q": "dijkversterking"}).text
    assert _search(beta_client, q="dijkversterking")["count"] == 2


def test_empty_query_gives_an_empty_result_with_a_message(
    in_alpha: Organisation, alpha_client: Client
) -> None:
    _discussion(GroupFactory(), "Iets")
    for params in ({}, {"q": ""}, {"q": "   "}):
        body = _search(alpha_client, **params)
        assert body == {
            "count": 0,
            "next": None,
            "previous": None,
            "query": "",
            "message": "Type one or more words to search for.",
            "results": [],
        }
    page = alpha_client.get("/search/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Type one or more words to search for." in page.text
    dutch = alpha_client.get(API, HTTP_ACCEPT_LANGUAGE="nl").json()
    assert dutch["message"] == "Typ een of meer woorden om naar te zoeken."


def test_nothing_found_says_so(in_alpha: Organisation, alpha_client: Client) -> None:
    body = _search(alpha_client, q="onvindbaar")
    assert body["count"] == 0
    assert body["message"] == "Nothing found. Try other or fewer words."


def test_a_very_long_query_is_cut(in_alpha: Organisation, alpha_client: Client) -> None:
    _discussion(GroupFactory(), "Lantaarnpaal")
    body = _search(alpha_client, q="lantaarnpaal " + "x" * 10_000)
    assert len(body["query"]) == QUERY_MAX_CHARS
    assert body["query"].startswith("lantaarnpaal xxx")


@pytest.mark.parametrize(
    "text",
    [
        "'; DROP TABLE discussions_discussion; --",
        "fiets' OR '1'='1",
        "\\ \\\\ ' '' \"",
        "!!!&&&|||:*()<->",
        "<script>alert(1)</script>",
        "-",
        '"',
        "€ ünïcödé 漢字 🚲",
    ],
)
def test_any_text_is_answered_safely(
    in_alpha: Organisation, alpha_client: Client, text: str
) -> None:
    _discussion(GroupFactory(), "<script>alert(1)</script> fiets")
    response = alpha_client.get(API, {"q": text})
    page = alpha_client.get("/search/", {"q": text})
    assert response.status_code == 200
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text
    assert Discussion.objects.count() == 1


def test_a_nul_byte_is_refused_with_a_message(in_alpha: Organisation, alpha_client: Client) -> None:
    # PostgreSQL cannot take NUL in text: every address carrying one is refused up front
    # (config.middleware.NulByteGuardMiddleware) instead of failing in the database
    response = alpha_client.get(API, {"q": "a\x00b"}, HTTP_ACCEPT_LANGUAGE="en")
    page = alpha_client.get("/search/", {"q": "a\x00b"}, HTTP_ACCEPT_LANGUAGE="en")
    for refused in (response, page):
        assert refused.status_code == 400
        assert "NUL character" in refused.text


def test_search_costs_the_same_queries_for_many_results(
    in_alpha: Organisation, alpha_client: Client
) -> None:
    # given a member of many groups with many matching items
    person = UserFactory()
    alpha_client.force_login(person)

    def queries_for_a_search() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert alpha_client.get(API, {"q": "zwembad"}).status_code == 200
        return len(queries)

    group = GroupFactory(visibility=Visibility.SECRET)
    MembershipFactory(group=group, user=person)
    _discussion(group, "Zwembad")
    queries_for_a_search()  # warms the host map up
    few = queries_for_a_search()
    for n in range(15):
        other = GroupFactory(name=f"Zwembad {n}", visibility=Visibility.CLOSED)
        MembershipFactory(group=other, user=person)
        _discussion(other, f"Zwembad open {n}")
    # then the cost does not grow with the results: session, user, count, page
    assert queries_for_a_search() == few == 4


def test_search_page_shows_results_and_pages(in_alpha: Organisation, alpha_client: Client) -> None:
    group = GroupFactory(name="Sport")
    for n in range(25):
        _discussion(group, f"Voetbal {n}")
    first = alpha_client.get(
        "/search/", {"q": "voetbal", "type": "discussion"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    second = alpha_client.get(
        "/search/", {"q": "voetbal", "type": "discussion", "page": 2}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert first.status_code == 200 and second.status_code == 200
    assert "25 results" in first.text
    assert first.text.count('<li class="card">') == 20
    assert second.text.count('<li class="card">') == 5
    assert 'href="?q=voetbal&amp;type=discussion&amp;page=2"' in first.text
    assert '<label for="id_q">' in first.text


def test_search_page_refuses_an_unknown_type(in_alpha: Organisation, alpha_client: Client) -> None:
    response = alpha_client.get("/search/", {"q": "x", "type": "users"})
    assert response.status_code == 400
    assert 'role="alert"' in response.text


def test_the_organisation_model_is_not_searched_from_a_subsite() -> None:
    # a guard for the reader: search reads tenant tables only
    assert Organisation._meta.app_label == "tenants"
