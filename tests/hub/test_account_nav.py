"""The hub's header: log in, or who is logged in, log out, and the console for operators."""

from __future__ import annotations

from django.test import Client

from tests.conftest import BaseOrganisations
from tests.factories import UserFactory


def test_anonymous_visitors_get_a_login_link_back_to_the_page(
    orgs: BaseOrganisations, hub_client: Client
) -> None:
    page = hub_client.get("/organisations/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/login/?next=/organisations/"' in page
    assert 'action="/logout/"' not in page


def test_a_logged_in_person_sees_their_profile_and_can_log_out(
    orgs: BaseOrganisations, hub_client: Client
) -> None:
    person = UserFactory(display_name="Anna de Vries")
    hub_client.force_login(person)
    page = hub_client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<a href="/account/profile/">Anna de Vries</a>' in page
    assert 'action="/logout/"' in page
    assert 'href="/operator/"' not in page


def test_operators_get_a_link_to_the_console(orgs: BaseOrganisations, hub_client: Client) -> None:
    hub_client.force_login(UserFactory(is_staff=True))
    page = hub_client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<a href="/operator/">Operator console</a>' in page
