"""Every text field of events against the XSS corpus."""

from __future__ import annotations

import html

import pytest

from tests.discussions.helpers import Cast, client_for
from tests.xss_payloads import XSS_PAYLOADS, markup_problems


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_event_fields_are_neutralised(public_cast: Cast, payload: str) -> None:
    client = client_for(public_cast.people["member"])
    created = client.post(
        "/api/v1/groups/tuinen/events/",
        {
            "title": payload,
            "description": f"<p>ok</p>{payload}",
            "location": payload,
            "starts_at": "2027-01-01T10:00:00Z",
            "ends_at": "2027-01-01T11:00:00Z",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert markup_problems(body["description"]) == []
    assert (body["title"], body["location"]) == (payload, payload)
    for url in ("/groups/tuinen/events/", f"/groups/tuinen/events/{body['id']}/"):
        page = client_for(None).get(url).text
        assert payload not in page
        assert html.escape(payload) in page
        main = page.split('<main id="main" tabindex="-1">')[1].split("</main>")[0]
        assert markup_problems(main) == [], url


@pytest.mark.parametrize("payload", [p for p in XSS_PAYLOADS if "javascript:" in p.lower()])
def test_online_links_must_be_http(public_cast: Cast, payload: str) -> None:
    response = client_for(public_cast.people["member"]).post(
        "/api/v1/groups/tuinen/events/",
        {
            "title": "x",
            "online_url": payload,
            "starts_at": "2027-01-01T10:00Z",
            "ends_at": "2027-01-01T11:00Z",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["online_url"]
