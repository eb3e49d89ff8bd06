"""The hub API and pages on the hub host: results, facets, 400s, isolation, schema."""

from __future__ import annotations

import pytest
from django.test import Client

from tenants.services import organisation_suspend
from tests.conftest import BaseOrganisations
from tests.hub.helpers import indexed


@pytest.fixture
def listed(orgs: BaseOrganisations) -> BaseOrganisations:
    indexed(orgs.alpha, name="Klimaatadaptatie", tags=("klimaat",), member_count=3)
    indexed(orgs.alpha, name="Klimaat geheim", visibility="secret", tags=("klimaat",))
    indexed(orgs.beta, name="Klimaat en water", tags=("klimaat", "water"), member_count=9)
    return orgs


def test_groups_api_returns_results_and_facets(
    listed: BaseOrganisations, hub_client: Client
) -> None:
    response = hub_client.get("/api/v1/hub/groups", {"q": "klimaat", "sort": "members"})
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["pages"], body["sort"]) == (2, 1, 1, "members")
    assert [r["name"] for r in body["results"]] == ["Klimaat en water", "Klimaatadaptatie"]
    assert (
        body["results"][0]["url"]
        == "http://beta.test:8000/groups/" + body["results"][0]["slug"] + "/"
    )
    assert body["results"][0]["name_html"] == "<mark>Klimaat</mark> en water"
    assert body["facets"]["tag"] == [
        {"value": "klimaat", "label": "klimaat", "count": 2},
        {"value": "water", "label": "water", "count": 1},
    ]
    assert [f["value"] for f in body["facets"]["organisation"]] == ["alpha", "beta"]


def test_groups_api_never_shows_alpha_secret_groups(
    listed: BaseOrganisations, hub_client: Client
) -> None:
    body = hub_client.get("/api/v1/hub/groups", {"organisation": "alpha"}).json()
    assert [r["name"] for r in body["results"]] == ["Klimaatadaptatie"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sort": "name"}, "sort"),
        ({"page": "x"}, "page"),
        ({"page": "0"}, "page"),
        ({"language": "de"}, "language"),
        ({"kind": "kingdom"}, "kind"),
        ({"organisation": "not a slug!"}, "organisation"),
    ],
)
def test_bad_parameters_answer_400_with_a_message(
    orgs: BaseOrganisations, hub_client: Client, params: dict[str, str], field: str
) -> None:
    response = hub_client.get("/api/v1/hub/groups", params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert response.json()["detail"]


def test_a_suspended_organisation_disappears_from_api_and_pages_at_once(
    listed: BaseOrganisations, hub_client: Client
) -> None:
    organisation_suspend(slug="beta")
    body = hub_client.get("/api/v1/hub/groups", {"q": "klimaat"}).json()
    assert [r["organisation_slug"] for r in body["results"]] == ["alpha"]
    assert [o["slug"] for o in hub_client.get("/api/v1/hub/organisations").json()] == ["alpha"]
    assert hub_client.get("/organisations/beta/").status_code == 404
    assert "Klimaat en water" not in hub_client.get("/?q=klimaat").content.decode()


def test_organisations_api(listed: BaseOrganisations, hub_client: Client) -> None:
    body = hub_client.get("/api/v1/hub/organisations", {"kind": "province"}).json()
    assert body == [
        {
            "slug": "beta",
            "name": "Provincie Beta",
            "kind": "province",
            "kind_label": "Provincie",
            "url": "http://beta.test:8000/",
            "group_count": 1,
            "logo_url": "http://beta.test:8000/branding/logo",
        }
    ]
    assert hub_client.get("/api/v1/hub/organisations", {"kind": "x"}).status_code == 400


def test_the_api_is_not_served_on_a_subsite(
    listed: BaseOrganisations, alpha_client: Client
) -> None:
    # Wagtail's page URLs on a subsite may first add the trailing slash (301): followed
    # to the end, there is no hub API there.
    assert alpha_client.get("/api/v1/hub/groups", follow=True).status_code == 404


def test_search_page_highlights_and_links_to_the_subsite(
    listed: BaseOrganisations, hub_client: Client
) -> None:
    response = hub_client.get("/", {"q": "water"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>water</mark>" in html
    assert 'href="http://beta.test:8000/groups/' in html
    assert "Klimaat geheim" not in hub_client.get("/").content.decode()


def test_search_page_facet_links_filter(listed: BaseOrganisations, hub_client: Client) -> None:
    html = hub_client.get("/", {"q": "klimaat"}).content.decode()
    assert 'href="?q=klimaat&amp;organisation=beta"' in html
    filtered = hub_client.get("/", {"q": "klimaat", "organisation": "beta"}).content.decode()
    assert "http://alpha.test:8000/groups/" not in filtered
    assert "http://beta.test:8000/groups/" in filtered


def test_search_page_states(orgs: BaseOrganisations, hub_client: Client) -> None:
    empty = hub_client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "There are no public groups yet" in empty
    none = hub_client.get("/", {"q": "zzzz"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No groups match your search." in none
    bad = hub_client.get("/", {"sort": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400
    assert "were not understood" in bad.content.decode()


def test_search_page_escapes_the_query(orgs: BaseOrganisations, hub_client: Client) -> None:
    html = hub_client.get("/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_directory_and_organisation_pages(listed: BaseOrganisations, hub_client: Client) -> None:
    directory = hub_client.get("/organisations/", {"kind": "municipality"}).content.decode()
    assert "Gemeente Alpha" in directory
    assert "Provincie Beta" not in directory
    page = hub_client.get("/organisations/alpha/").content.decode()
    assert "Klimaatadaptatie" in page
    assert "Klimaat en water" not in page
    assert hub_client.get("/organisations/nobody/").status_code == 404


def test_the_hub_schema_describes_the_hub_api(orgs: BaseOrganisations, hub_client: Client) -> None:
    schema = hub_client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/hub/groups" in schema["paths"]
    assert "/api/v1/hub/organisations" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/hub/groups"]["get"]["parameters"]}
    assert parameters == {"q", "organisation", "kind", "tag", "language", "sort", "page"}


def test_search_page_in_dutch_and_english(listed: BaseOrganisations, hub_client: Client) -> None:
    dutch = hub_client.get("/", {"q": "klimaat"}, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    english = hub_client.get("/", {"q": "klimaat"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 groepen gevonden voor “klimaat”" in dutch
    assert "2 groups found for “klimaat”" in english


def test_a_search_without_results_answers_200_with_empty_facets(hub_client: Client) -> None:
    response = hub_client.get("/api/v1/hub/groups", {"q": "zzzzqqqxxy"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 0
    assert body["facets"] == {"organisation": [], "kind": [], "tag": [], "language": []}
