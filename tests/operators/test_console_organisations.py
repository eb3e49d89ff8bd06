"""The console's organisation list and detail page: search, filters, size, domains,
suspend and resume."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shared_apps.operators.models import AuditEntry, OrganisationStats
from tenants.models import Organisation
from tenants.services import domain_add, organisation_create
from tests.conftest import ALPHA_HOST, BaseOrganisations


def _names(response_text: str, names: list[str]) -> list[str]:
    return [name for name in names if f">{name}</a>" in response_text]


NAMES = ["Gemeente Alpha", "Provincie Beta", "Waterschap Delta"]


@pytest.fixture
def delta(orgs: BaseOrganisations) -> Organisation:
    organisation = organisation_create(
        name="Waterschap Delta", domain="delta.test", slug="delta", kind="water_board"
    ).organisation
    domain_add(slug="delta", domain="www.waterdelta.test")
    return organisation


def test_the_list_shows_every_organisation_but_the_hub(
    console: Client, delta: Organisation
) -> None:
    response = console.get("/operator/")
    assert response.status_code == 200
    assert _names(response.text, NAMES) == NAMES
    assert ">Plein</a>" not in response.text
    assert "<caption>3 organisations</caption>" in response.text
    assert "www.waterdelta.test" in response.text
    assert "Water board" in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "beta"}, ["Provincie Beta"]),  # name and slug
        ({"q": "WATERDELTA"}, ["Waterschap Delta"]),  # an alias domain, any case
        ({"q": "alpha.test"}, ["Gemeente Alpha"]),  # the primary domain
        ({"kind": "water_board"}, ["Waterschap Delta"]),
        ({"status": "suspended"}, ["Provincie Beta"]),
        ({"status": "active", "kind": "municipality"}, ["Gemeente Alpha"]),
        ({"q": "nothing-like-this"}, []),
    ],
)
def test_search_and_filters(
    console: Client, delta: Organisation, query: dict[str, str], expected: list[str]
) -> None:
    # given beta suspended
    Organisation.objects.filter(slug="beta").update(status="suspended")
    response = console.get("/operator/", query)
    assert response.status_code == 200
    assert _names(response.text, NAMES) == expected


def test_an_unknown_filter_is_400_with_a_message_and_everything_shown(console: Client) -> None:
    response = console.get("/operator/", {"kind": "castle"})
    assert response.status_code == 400
    assert "Select a valid choice. castle is not one of the available choices." in response.text
    assert _names(response.text, NAMES) == ["Gemeente Alpha", "Provincie Beta"]


def test_the_list_shows_stored_sizes_and_when_they_were_measured(
    console: Client, orgs: BaseOrganisations
) -> None:
    OrganisationStats.objects.create(
        organisation=orgs.alpha,
        members=12,
        groups=3,
        database_bytes=2 * 1024 * 1024,
        media_bytes=1024 * 1024,
        measured_at=datetime(2026, 11, 30, 10, 15, tzinfo=UTC),
    )
    response = console.get("/operator/")
    assert "<td>12</td><td>3</td>" in response.text
    assert "3.0\xa0MB" in response.text
    assert "measured 11/30/2026 11:15 a.m." in response.text
    assert "Not measured yet" in response.text  # beta


def test_the_list_costs_the_same_few_queries_for_many_organisations(
    console: Client, orgs: BaseOrganisations
) -> None:
    # given one page of the list with the two base organisations, measured
    for organisation in (orgs.alpha, orgs.beta):
        OrganisationStats.objects.create(
            organisation=organisation, measured_at=datetime(2026, 11, 30, tzinfo=UTC)
        )
    with CaptureQueriesContext(connection) as few:
        assert console.get("/operator/").status_code == 200
    # when eight more organisations with two domains each and statistics are added
    for number in range(8):
        made = organisation_create(
            name=f"Gemeente {number}", domain=f"g{number}.test", slug=f"g{number}"
        ).organisation
        domain_add(slug=f"g{number}", domain=f"www.g{number}.test")
        OrganisationStats.objects.create(
            organisation=made, measured_at=datetime(2026, 11, 30, tzinfo=UTC)
        )
    with CaptureQueriesContext(connection) as many:
        response = console.get("/operator/")
    # then the page shows them all with the same number of queries, and no schema is read
    assert "<caption>10 organisations</caption>" in response.text
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(many.captured_queries) <= 6
    assert not any('"org_' in query["sql"] for query in many.captured_queries)


def test_the_list_is_paginated(console: Client, orgs: BaseOrganisations) -> None:
    for number in range(26):
        Organisation.objects.create(
            schema_name=f"org_p{number:02}", name=f"Pagina {number:02}", slug=f"p{number:02}"
        )
    first = console.get("/operator/", {"q": "pagina"})
    second = console.get("/operator/", {"q": "pagina", "page": 2})
    assert "<caption>26 organisations</caption>" in first.text
    assert ">Pagina 24</a>" in first.text
    assert ">Pagina 25</a>" not in first.text
    assert 'href="?q=pagina&amp;page=2"' in first.text
    assert ">Pagina 25</a>" in second.text
    assert ">Pagina 24</a>" not in second.text


def test_the_detail_page_shows_domains_status_and_size(
    console: Client, delta: Organisation
) -> None:
    response = console.get("/operator/organisations/delta/")
    assert response.status_code == 200
    assert "<h1>Waterschap Delta</h1>" in response.text
    assert '<th scope="row">delta.test</th>' in response.text
    assert '<th scope="row">www.waterdelta.test</th>' in response.text
    assert "Make www.waterdelta.test primary" in response.text
    assert "Not measured yet." in response.text


def test_measuring_now_stores_the_size_and_audits_it(
    console: Client, orgs: BaseOrganisations
) -> None:
    response = console.post("/operator/organisations/alpha/stats/", follow=True)
    assert response.status_code == 200
    assert "The size was measured just now." in response.text
    stats = OrganisationStats.objects.get(organisation__slug="alpha")
    assert stats.database_bytes > 0
    assert AuditEntry.objects.values_list(
        "actor", "source", "action", "organisation_slug", "outcome"
    ).get() == (
        "olga",
        "console",
        "stats.refresh",
        "alpha",
        "succeeded",
    )


def test_domains_are_added_made_primary_and_removed(console: Client) -> None:
    path = "/operator/organisations/alpha/domains/"
    added = console.post(path, {"domain": "www.alpha.test"}, follow=True)
    assert "Domain www.alpha.test added." in added.text
    primary = console.post(path, {"domain": "www.alpha.test", "action": "primary"}, follow=True)
    assert "www.alpha.test is now the primary domain." in primary.text
    assert Client(HTTP_HOST=ALPHA_HOST).get("/").status_code == 301
    removed = console.post(path, {"domain": "alpha.test", "action": "remove"}, follow=True)
    assert "Domain alpha.test removed." in removed.text
    alpha = Organisation.objects.get(slug="alpha")
    assert [(d.domain, d.is_primary) for d in alpha.domains.all()] == [("www.alpha.test", True)]
    assert list(AuditEntry.objects.order_by("id").values_list("action", "details", "outcome")) == [
        ("domain.add", {"domain": "www.alpha.test", "primary": False}, "succeeded"),
        ("domain.primary", {"domain": "www.alpha.test"}, "succeeded"),
        ("domain.remove", {"domain": "alpha.test"}, "succeeded"),
    ]


def test_a_taken_domain_is_shown_beside_the_field(console: Client) -> None:
    response = console.post("/operator/organisations/alpha/domains/", {"domain": "beta.test"})
    assert response.status_code == 400
    assert 'id="id_domain_error">&#x27;beta.test&#x27; is already in use.</strong>' in response.text
    assert 'aria-invalid="true"' in response.text
    assert [d.domain for d in Organisation.objects.get(slug="alpha").domains.all()] == [
        "alpha.test"
    ]
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.message) == (
        "domain.add",
        "failed",
        "domain: 'beta.test' is already in use.",
    )


def test_removing_the_primary_domain_is_refused_with_a_message(console: Client) -> None:
    response = console.post(
        "/operator/organisations/alpha/domains/",
        {"domain": "alpha.test", "action": "remove"},
        follow=True,
    )
    assert (
        "The primary domain cannot be removed; make another domain primary first." in response.text
    )
    assert [d.domain for d in Organisation.objects.get(slug="alpha").domains.all()] == [
        "alpha.test"
    ]


def test_another_organisations_domain_answers_like_a_missing_one(console: Client) -> None:
    # beta's domain, sent to alpha's page, is "not a domain of alpha", exactly as an unknown one
    for domain in ("beta.test", "unknown.test"):
        response = console.post(
            "/operator/organisations/alpha/domains/",
            {"domain": domain, "action": "remove"},
            follow=True,
        )
        assert f"&#x27;{domain}&#x27; is not a domain of &#x27;alpha&#x27;." in response.text
    assert [d.domain for d in Organisation.objects.get(slug="beta").domains.all()] == ["beta.test"]


def test_suspend_and_resume(console: Client) -> None:
    suspended = console.post("/operator/organisations/alpha/suspend/", follow=True)
    assert "The organisation is suspended: its site answers 503." in suspended.text
    assert Client(HTTP_HOST=ALPHA_HOST).get("/").status_code == 503
    resumed = console.post("/operator/organisations/alpha/resume/", follow=True)
    assert "The organisation is active again." in resumed.text
    assert Client(HTTP_HOST=ALPHA_HOST).get("/").status_code == 200
    assert list(AuditEntry.objects.order_by("id").values_list("action", "organisation_slug")) == [
        ("organisation.suspend", "alpha"),
        ("organisation.resume", "alpha"),
    ]


def test_actions_need_post(console: Client) -> None:
    assert console.get("/operator/organisations/alpha/suspend/").status_code == 405
    assert Organisation.objects.get(slug="alpha").status == "active"
