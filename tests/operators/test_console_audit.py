"""The audit trail in the console: everything operators did, through the console or the
API, in one list with filters, and per organisation on its page."""

from __future__ import annotations

from django.test import Client
from rest_framework.test import APIClient


def _rows(text: str) -> int:
    return text.count("<tr>") - 1  # minus the header row


def test_console_and_api_actions_are_listed_together(console: Client, operator: APIClient) -> None:
    # given an action in the console and one through the API
    console.post("/operator/organisations/alpha/suspend/")
    operator.post("/api/v1/operator/organisations/beta/suspend/")
    # when the audit trail is opened
    response = console.get("/operator/audit/")
    # then both are there, newest first, with who did them and through what
    assert response.status_code == 200
    text = response.text
    assert _rows(text) == 2
    assert text.index("operator <small>(API)</small>") < text.index("olga <small>(Console)</small>")
    assert text.count('<th scope="row">Suspend organisation</th>') == 2


def test_the_trail_is_filtered(console: Client, operator: APIClient) -> None:
    console.post("/operator/organisations/alpha/suspend/")
    console.post("/operator/organisations/alpha/resume/")
    operator.post("/api/v1/operator/organisations/beta/suspend/")
    assert _rows(console.get("/operator/audit/", {"organisation": "alpha"}).text) == 2
    assert _rows(console.get("/operator/audit/", {"actor": "operator"}).text) == 1
    only = console.get(
        "/operator/audit/", {"action": "organisation.resume", "outcome": "succeeded"}
    )
    assert _rows(only.text) == 1
    assert '<th scope="row">Resume organisation</th>' in only.text


def test_an_unknown_filter_is_400_with_the_message(console: Client) -> None:
    response = console.get("/operator/audit/", {"outcome": "exploded"})
    assert response.status_code == 400
    assert "Select a valid choice. exploded is not one of the available choices." in response.text


def test_an_organisations_page_shows_only_its_own_entries(
    console: Client, operator: APIClient
) -> None:
    console.post("/operator/organisations/alpha/suspend/")
    operator.post("/api/v1/operator/organisations/beta/suspend/")
    page = console.get("/operator/organisations/beta/")
    assert "Latest operator actions on Provincie Beta" in page.text
    assert _rows(page.text.split('id="audit-heading"')[1]) == 1
    assert "operator <small>(API)</small>" in page.text
    assert "olga <small>(Console)</small>" not in page.text


def test_the_trail_is_dutch_when_asked(console: Client) -> None:
    console.post("/operator/organisations/alpha/suspend/")
    response = console.get("/operator/audit/", HTTP_ACCEPT_LANGUAGE="nl")
    assert "<h1>Auditlog</h1>" in response.text
    assert '<th scope="row">Organisatie opschorten</th>' in response.text
    assert "<td>Gelukt</td>" in response.text
