"""Search over the index: full text in two languages, filters, facets, highlights, sorts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils import translation

from shared_apps.hub.selectors import (
    Q_MAX_CHARS,
    FacetValue,
    HubSearchInvalid,
    hub_groups_search,
    hub_organisations,
    hub_search_params,
)
from tenants.services import organisation_suspend
from tests.conftest import BaseOrganisations
from tests.hub.helpers import group_in, indexed


def _at(day: int) -> datetime:
    return datetime(2025, 1, day, tzinfo=UTC)


@pytest.fixture
def catalogue(orgs: BaseOrganisations) -> BaseOrganisations:
    """Four listable groups over alpha (municipality) and beta (province), one secret."""
    indexed(
        orgs.alpha,
        name="Fietspaden in de wijk",
        description="Wij werken samen aan veilige fietsroutes voor scholieren.",
        tags=("verkeer", "fiets"),
        member_count=12,
        last_activity_at=_at(3),
    )
    indexed(
        orgs.alpha,
        name="Climate adaptation",
        description="We are working together on green roofs and cycling in the city.",
        tags=("klimaat",),
        member_count=40,
        last_activity_at=_at(1),
    )
    indexed(
        orgs.beta,
        name="Provinciale wegen",
        description="Onderhoud van fietspaden en wegen in de provincie.",
        tags=("verkeer",),
        member_count=5,
        last_activity_at=_at(9),
        visibility="closed",
    )
    indexed(orgs.alpha, name="Fietsgeheim", visibility="secret", tags=("verkeer",))
    return orgs


def test_an_empty_query_lists_every_listable_group_by_recent_activity(
    catalogue: BaseOrganisations,
) -> None:
    result = hub_groups_search()
    assert [item.name for item in result.items] == [
        "Provinciale wegen",
        "Fietspaden in de wijk",
        "Climate adaptation",
    ]
    assert (result.total, result.pages, result.sort) == (3, 1, "activity")


def test_a_dutch_query_matches_stemmed_words_and_is_highlighted(
    catalogue: BaseOrganisations,
) -> None:
    # "fietspad" matches "fietspaden" through the Dutch stemmer
    result = hub_groups_search(q="fietspad")
    assert sorted(item.name for item in result.items) == [
        "Fietspaden in de wijk",
        "Provinciale wegen",
    ]
    first = result.items[0]
    assert first.name == "Fietspaden in de wijk"  # a name match outranks a description match
    assert str(first.name_html) == "<mark>Fietspaden</mark> in de wijk"
    assert "<mark>fietspaden</mark>" in str(result.items[1].snippet_html)


def test_an_english_query_matches_english_stems(catalogue: BaseOrganisations) -> None:
    result = hub_groups_search(q="roof")
    assert [item.name for item in result.items] == ["Climate adaptation"]
    assert "green <mark>roofs</mark>" in str(result.items[0].snippet_html)


def test_facets_count_over_the_filtered_set(catalogue: BaseOrganisations) -> None:
    with translation.override("en"):
        result = hub_groups_search(tag="verkeer")
    assert result.total == 2
    assert result.facets["organisation"] == [
        FacetValue("alpha", "Gemeente Alpha", 1),
        FacetValue("beta", "Provincie Beta", 1),
    ]
    assert sorted(result.facets["kind"], key=lambda f: f.value) == [
        FacetValue("municipality", "Municipality", 1),
        FacetValue("province", "Province", 1),
    ]
    assert result.facets["tag"] == [
        FacetValue("verkeer", "verkeer", 2),
        FacetValue("fiets", "fiets", 1),
    ]
    assert result.facets["language"] == [FacetValue("nl", "Dutch", 2)]


def test_filters_combine(catalogue: BaseOrganisations) -> None:
    assert [i.name for i in hub_groups_search(organisation="alpha", language="en").items] == [
        "Climate adaptation"
    ]
    assert [i.name for i in hub_groups_search(kind="province").items] == ["Provinciale wegen"]
    assert hub_groups_search(organisation="nobody").total == 0


def test_sort_by_members(catalogue: BaseOrganisations) -> None:
    result = hub_groups_search(sort="members")
    assert [item.member_count for item in result.items] == [40, 12, 5]


def test_pages(catalogue: BaseOrganisations) -> None:
    second = hub_groups_search(page=2, page_size=2)
    assert [item.name for item in second.items] == ["Climate adaptation"]
    assert (second.total, second.pages, second.has_previous, second.has_next) == (3, 2, True, False)


def test_secret_groups_of_alpha_never_appear(catalogue: BaseOrganisations) -> None:
    assert hub_groups_search(q="Fietsgeheim").total == 0
    assert "Fietsgeheim" not in [i.name for i in hub_groups_search(tag="verkeer").items]


def test_a_suspended_organisation_is_hidden_at_once(catalogue: BaseOrganisations) -> None:
    # when alpha is suspended, without any task running
    organisation_suspend(slug="alpha")
    # then search and the directory show only beta
    result = hub_groups_search()
    assert [item.organisation_slug for item in result.items] == ["beta"]
    assert [f.value for f in result.facets["organisation"]] == ["beta"]
    assert [o.slug for o in hub_organisations()] == ["beta"]


@pytest.mark.parametrize(
    "q",
    [
        "'; DROP TABLE hub_hubgroup; --",
        "& | ! ( ) :* <->",
        '"unterminated',
        "-",
        "<script>alert(1)</script>",
        "\\",
        "a" * 5000,
    ],
)
def test_injection_like_queries_are_plain_text(catalogue: BaseOrganisations, q: str) -> None:
    result = hub_groups_search(q=q)
    assert result.total == 0
    assert len(result.q) <= Q_MAX_CHARS
    assert hub_groups_search().total == 3  # the table is still there


def test_highlighting_escapes_the_text_itself(orgs: BaseOrganisations) -> None:
    indexed(orgs.alpha, name="<b>Bold</b> wegen", description="x &lt;img src=x onerror=y&gt; wegen")
    item = hub_groups_search(q="wegen").items[0]
    # the name is plain text: its angle brackets are shown, never interpreted
    assert str(item.name_html) == "&lt;b&gt;Bold&lt;/b&gt; <mark>wegen</mark>"
    # ts_headline drops tag-like text; what is left is escaped, only <mark> is markup
    assert str(item.snippet_html) == "x   <mark>wegen</mark>"
    assert str(hub_groups_search().items[0].snippet_html) == "x &lt;img src=x onerror=y&gt; wegen"


def test_directory_counts_listed_groups(catalogue: BaseOrganisations) -> None:
    assert [(o.slug, o.group_count) for o in hub_organisations()] == [("alpha", 2), ("beta", 1)]
    assert [o.slug for o in hub_organisations(kind="province")] == ["beta"]


def test_params_are_validated() -> None:
    with pytest.raises(HubSearchInvalid) as refused:
        hub_search_params({"sort": "name", "page": "0", "language": "de", "kind": "x"})
    assert sorted(refused.value.errors) == ["kind", "language", "page", "sort"]
    params = hub_search_params({"q": "  a" + "b" * 300, "page": "2"})
    assert (len(params.q), params.page) == (Q_MAX_CHARS, 2)


def test_a_group_only_in_a_schema_is_not_searchable_until_synced(orgs: BaseOrganisations) -> None:
    group_in(orgs.alpha, name="Nog niet gezien")
    assert hub_groups_search(q="gezien").total == 0
