"""The subsite speaks the visitor's language: Dutch by default and on request, English on request.

Needs the compiled catalogue (`make messages`, run by `make test`).
"""

from __future__ import annotations

from django.test import Client


def test_subsite_in_dutch_when_asked(alpha_client: Client) -> None:
    # given the alpha organisation, a municipality
    # when its home page is asked for in Dutch
    response = alpha_client.get("/", HTTP_ACCEPT_LANGUAGE="nl")
    # then the page, the skip link and the kind label are Dutch
    assert response.status_code == 200
    assert '<html lang="nl">' in response.text
    assert "Naar de inhoud" in response.text
    assert '<p class="kind">Gemeente</p>' in response.text
    assert "Groepen" in response.text
    assert "Skip to content" not in response.text


def test_subsite_in_english_when_asked(alpha_client: Client) -> None:
    # when the same page is asked for in English
    response = alpha_client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    # then it is English throughout
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "Skip to content" in response.text
    assert '<p class="kind">Municipality</p>' in response.text
    assert "Naar de inhoud" not in response.text
