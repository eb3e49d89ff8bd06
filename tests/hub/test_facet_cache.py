"""Search speed: one statement per search, and facet counts of searches without words
cached under the index's version, which every facet-relevant write replaces at once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from pytest_django import DjangoAssertNumQueries

from shared_apps.hub.facet_cache import facet_cache_clear_local
from shared_apps.hub.models import HubGroup
from shared_apps.hub.selectors import FacetValue, hub_groups_search, hub_organisations
from shared_apps.hub.services import hub_organisation_remove
from tenants.services import organisation_suspend
from tests.conftest import BaseOrganisations
from tests.hub.helpers import indexed


@pytest.fixture(autouse=True)
def _cold_process_cache() -> Iterator[None]:
    facet_cache_clear_local()
    yield
    facet_cache_clear_local()


def _version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version::text FROM hub_facets_version")
        row = cursor.fetchone()
    return str(row[0])


def _organisations(**filters: str) -> list[tuple[str, int]]:
    return [(f.value, f.count) for f in hub_groups_search(**filters).facets["organisation"]]


@pytest.fixture
def two(orgs: BaseOrganisations) -> BaseOrganisations:
    indexed(orgs.alpha, name="Wegen", tags=("verkeer",))
    indexed(orgs.beta, name="Dijken", tags=("water",))
    return orgs


def test_a_search_with_words_is_one_statement(
    two: BaseOrganisations, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    hub_groups_search(q="wegen")  # the connection has set its search path
    with django_assert_num_queries(1):
        result = hub_groups_search(q="wegen", sort="members")
    assert (result.total, [i.name for i in result.items]) == (1, ["Wegen"])
    assert result.facets["tag"] == [FacetValue("verkeer", "verkeer", 1)]


def test_without_words_the_counts_are_cached_until_the_index_changes(
    two: BaseOrganisations, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # given the counts of the front page, computed once (version key + search)
    with django_assert_num_queries(3):  # search path, key, page with counts
        assert _organisations() == [("alpha", 1), ("beta", 1)]
    # then the next search reads them from the cache: key, and the page alone
    with django_assert_num_queries(2):
        result = hub_groups_search(sort="members")
    assert (result.total, [f.value for f in result.facets["tag"]]) == (2, ["verkeer", "water"])
    # when a group enters the index
    indexed(two.alpha, name="Fietsen", tags=("verkeer",))
    # then the counts are new at once
    assert _organisations() == [("alpha", 2), ("beta", 1)]
    assert hub_groups_search().facets["tag"] == [
        FacetValue("verkeer", "verkeer", 2),
        FacetValue("water", "water", 1),
    ]


def test_filters_are_cached_apart(two: BaseOrganisations) -> None:
    assert _organisations(tag="water") == [("beta", 1)]
    assert _organisations(tag="verkeer") == [("alpha", 1)]
    assert _organisations(kind="province") == [("beta", 1)]
    assert _organisations() == [("alpha", 1), ("beta", 1)]


def test_a_suspended_organisation_leaves_the_cached_counts_at_once(
    two: BaseOrganisations,
) -> None:
    assert _organisations() == [("alpha", 1), ("beta", 1)]
    organisation_suspend(slug="beta")
    assert _organisations() == [("alpha", 1)]
    assert hub_groups_search().total == 1


def test_removed_rows_change_the_version(two: BaseOrganisations) -> None:
    before = _version()
    assert hub_organisation_remove(organisation=two.beta) == 1
    assert _version() != before
    assert _organisations() == [("alpha", 1)]


def test_activity_and_member_counts_keep_the_version(two: BaseOrganisations) -> None:
    # they count in no facet and change all the time: the cache must survive them
    before = _version()
    HubGroup.objects.update(member_count=42)
    assert _version() == before
    HubGroup.objects.update(tags=["anders"])
    assert _version() != before


def test_an_emptied_index_changes_the_version(two: BaseOrganisations) -> None:
    assert hub_groups_search().total == 2
    with connection.cursor() as cursor:
        # (the foreign keys' deferred checks of this test's inserts must run first)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE hub_hubgroup")
    assert hub_groups_search().total == 0


def test_the_directory_counts_come_from_the_cached_search(
    two: BaseOrganisations, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # given the unfiltered search has run (the front page)
    hub_groups_search()
    # then the directory costs three queries however many organisations there are:
    # the organisations with their domains, the cache key, a one-row page
    with django_assert_num_queries(3):
        found = hub_organisations()
    assert [(o.slug, o.group_count, o.url) for o in found] == [
        ("alpha", 1, "http://alpha.test:8000/"),
        ("beta", 1, "http://beta.test:8000/"),
    ]
