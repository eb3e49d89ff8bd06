"""Language: the visitor's choice, else the organisation's default language, else Dutch;
and a switch on every page that works without JavaScript and keeps the page."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from tenant_apps.accounts.models import User
from tenant_apps.site.services import branding_draft_update, branding_publish
from tenants.models import Organisation
from tests.conftest import ALPHA_HOST, BETA_HOST, HUB_HOST


def _english_by_default(organisation: Organisation, admin: User) -> None:
    branding_draft_update(
        actor=admin, organisation=organisation, changes={"default_language": "en"}
    )
    branding_publish(actor=admin, organisation=organisation)


def _lang(response_text: str) -> str:
    return response_text.split('<html lang="', 1)[1].split('"', 1)[0]


def test_without_any_choice_the_site_is_dutch(in_alpha: Organisation) -> None:
    assert _lang(Client(HTTP_HOST=ALPHA_HOST).get("/groups/").text) == "nl"


def test_the_organisation_default_applies_when_the_visitor_chose_nothing(
    in_alpha: Organisation, alpha_admin: User
) -> None:
    # given alpha publishes English as its default language
    _english_by_default(in_alpha, alpha_admin)
    # then a visitor without preferences (or with only unsupported ones) reads English
    assert _lang(Client(HTTP_HOST=ALPHA_HOST).get("/groups/").text) == "en"
    german = Client(HTTP_HOST=ALPHA_HOST, HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert _lang(german.get("/groups/").text) == "en"
    # and the browser's own choice still wins
    dutch = Client(HTTP_HOST=ALPHA_HOST, HTTP_ACCEPT_LANGUAGE="nl-NL,nl;q=0.9")
    assert _lang(dutch.get("/groups/").text) == "nl"
    # while beta, which chose nothing, stays Dutch
    assert _lang(Client(HTTP_HOST=BETA_HOST).get("/groups/").text) == "nl"


def test_the_switch_sets_the_choice_and_returns_to_the_same_page(
    in_alpha: Organisation, alpha_admin: User
) -> None:
    # given a visitor whose browser asks for English, on a page with a query string
    _english_by_default(in_alpha, alpha_admin)
    client = Client(HTTP_HOST=ALPHA_HOST, HTTP_ACCEPT_LANGUAGE="en")
    page = client.get("/groups/?q=water").text
    assert '<button type="submit" name="language" value="nl" lang="nl"' in page
    assert '<input type="hidden" name="next" value="/groups/?q=water">' in page
    # when they pick Dutch in the switch (a plain form POST, no JavaScript)
    response = client.post("/i18n/setlang/", {"language": "nl", "next": "/groups/?q=water"})
    # then they return to the same page, now in Dutch, over the browser and the default
    assert response.status_code == 302
    assert response["Location"] == "/groups/?q=water"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"
    assert _lang(client.get("/groups/?q=water").text) == "nl"


def test_the_switch_refuses_to_send_visitors_elsewhere(in_alpha: Organisation) -> None:
    client = Client(HTTP_HOST=ALPHA_HOST)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_hub_has_the_switch_too(orgs: object) -> None:
    client = Client(HTTP_HOST=HUB_HOST)
    assert 'action="/i18n/setlang/"' in client.get("/").text
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/organisations/"})
    assert response["Location"] == "/organisations/"
    assert _lang(client.get("/organisations/").text) == "en"


def test_the_skip_link_comes_first_and_targets_a_focusable_main(in_alpha: Organisation) -> None:
    page = Client(HTTP_HOST=ALPHA_HOST).get("/groups/").text
    body = page.split("<body", 1)[1]
    first_link = body.split("<a ", 1)[1]
    assert first_link.startswith('class="skip-link" href="#main"')
    assert '<main id="main" tabindex="-1">' in page
