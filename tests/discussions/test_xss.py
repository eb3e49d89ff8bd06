"""Every text field of discussions, replies and news posts against the XSS corpus: rich
text is cleaned on the way in, plain text escaped on the way out (API JSON and pages)."""

from __future__ import annotations

import html

import pytest

from tests.discussions.helpers import Cast, client_for
from tests.xss_payloads import XSS_PAYLOADS, markup_problems

API = "/api/v1/groups/tuinen"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_discussion_and_reply_fields_are_neutralised(public_cast: Cast, payload: str) -> None:
    client = client_for(public_cast.people["member"])
    # when the payload is sent as title, body and reply
    created = client.post(
        f"{API}/discussions/",
        {"title": payload, "body": f"<p>ok</p>{payload}"},
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    reply = client.post(
        f"{API}/discussions/{pk}/replies/",
        {"body": f"<p>ok</p>{payload}"},
        content_type="application/json",
    )
    assert reply.status_code == 201
    # then the rich text holds no runnable markup, the title is kept as typed
    assert markup_problems(created.json()["body"]) == []
    assert markup_problems(reply.json()["body"]) == []
    assert created.json()["title"] == payload
    # and the pages show the title only as text (read by a visitor: no forms of our own)
    for url in ("/groups/tuinen/discussions/", f"/groups/tuinen/discussions/{pk}/"):
        page = client_for(None).get(url).text
        assert payload not in page
        assert html.escape(payload) in page
        main = page.split('<main id="main" tabindex="-1">')[1].split("</main>")[0]
        assert markup_problems(main) == [], url


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_news_fields_are_neutralised(public_cast: Cast, payload: str) -> None:
    created = client_for(public_cast.people["member"]).post(
        f"{API}/news/",
        {"title": payload, "body": f"<p>ok</p>{payload}"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert markup_problems(created.json()["body"]) == []
    assert created.json()["title"] == payload
