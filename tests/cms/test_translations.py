"""The pages speak the visitor's language (the editor's own text stays as written)."""

from __future__ import annotations

from django.test import Client

from tests.conftest import ALPHA_HOST, BaseOrganisations
from tests.factories import UserFactory


def test_home_page_in_dutch(orgs: BaseOrganisations) -> None:
    response = Client(HTTP_HOST=ALPHA_HOST, HTTP_ACCEPT_LANGUAGE="nl").get("/")
    assert '<html lang="nl">' in response.text
    assert '<h2 id="hero-title">Welkom bij Gemeente Alpha</h2>' in response.text
    assert "Hier ontmoeten de mensen van Gemeente Alpha elkaar in groepen" in response.text
    assert '<h2 id="home-groups">Groepen</h2>' in response.text
    assert "De groepen van deze organisatie komen hier te staan." in response.text
    assert "Alle groepen" in response.text
    assert "Welcome to" not in response.text


def test_home_page_in_english(orgs: BaseOrganisations) -> None:
    response = Client(HTTP_HOST=ALPHA_HOST, HTTP_ACCEPT_LANGUAGE="en").get("/")
    assert '<html lang="en">' in response.text
    assert '<h2 id="hero-title">Welcome to Gemeente Alpha</h2>' in response.text
    assert "Groups of this organisation will appear here." in response.text
    assert "Welkom bij" not in response.text


def test_news_index_and_admin_refusal_in_both_languages(orgs: BaseOrganisations) -> None:
    dutch = Client(HTTP_HOST=ALPHA_HOST, HTTP_ACCEPT_LANGUAGE="nl").get("/nieuws/")
    english = Client(HTTP_HOST=ALPHA_HOST, HTTP_ACCEPT_LANGUAGE="en").get("/nieuws/")
    assert "Nog geen nieuws." in dutch.text and "No news yet." in english.text

    from tenants.db import tenant_connection

    tenant_connection().set_tenant(orgs.alpha)
    member = UserFactory(username="lid")
    refused = {}
    for language in ("nl", "en"):
        client = Client(HTTP_HOST=ALPHA_HOST, HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(member)
        refused[language] = client.get("/cms/").text
    assert "<h1>Geen toegang tot het paginabeheer</h1>" in refused["nl"]
    assert "<h1>No access to page management</h1>" in refused["en"]
