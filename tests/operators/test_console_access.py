"""Who may open the operator console: operators on the hub's host, and nobody else."""

from __future__ import annotations

import pytest
from django.test import Client

from tenants.models import Organisation
from tests.conftest import ALPHA_HOST

# Every console page that answers GET, with an organisation where one is needed.
PAGES = [
    "/operator/",
    "/operator/organisations/new/",
    "/operator/organisations/alpha/",
    "/operator/organisations/alpha/delete/",
    "/operator/organisations/alpha/delete/confirm/",
    "/operator/import/",
    "/operator/audit/",
]
# Every console action (POST), each of which would change alpha if it were let through.
ACTIONS = [
    "/operator/organisations/alpha/suspend/",
    "/operator/organisations/alpha/domains/",
    "/operator/organisations/alpha/export/",
    "/operator/organisations/alpha/stats/",
    "/operator/organisations/alpha/delete/confirm/",
]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_the_hub_login(console_anonymous: Client, path: str) -> None:
    # when someone who is not logged in opens a console page
    response = console_anonymous.get(path)
    # then the hub's single sign-on login is asked for, with the way back
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={path}"


@pytest.mark.parametrize("path", ACTIONS)
def test_anonymous_posts_change_nothing(console_anonymous: Client, path: str) -> None:
    response = console_anonymous.post(path, {"domain": "www.alpha.test", "confirm_slug": "alpha"})
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    _assert_alpha_untouched()


@pytest.mark.parametrize("path", PAGES)
def test_people_who_are_not_operators_get_403(console_member: Client, path: str) -> None:
    response = console_member.get(path)
    assert response.status_code == 403
    assert "No access to the operator console" in response.text
    assert "You are logged in as max, who is not a platform operator." in response.text


@pytest.mark.parametrize("path", ACTIONS)
def test_posts_of_people_who_are_not_operators_are_403(console_member: Client, path: str) -> None:
    response = console_member.post(path, {"domain": "www.alpha.test", "confirm_slug": "alpha"})
    assert response.status_code == 403
    _assert_alpha_untouched()


@pytest.mark.parametrize("path", PAGES)
def test_operators_see_every_page(console: Client, path: str) -> None:
    response = console.get(path)
    assert response.status_code == 200
    assert '<html lang="en">' in response.text


@pytest.mark.parametrize("path", PAGES + ACTIONS)
def test_the_console_does_not_exist_on_a_subsite(console: Client, path: str) -> None:
    # given an operator signed in, asking an organisation's own host
    response = console.get(path, HTTP_HOST=ALPHA_HOST)
    # then there is no console there
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/operator/organisations/nobody/",
        "/operator/organisations/hub/",
        "/operator/organisations/hub/delete/",
        "/operator/organisations/hub/delete/confirm/",
        "/operator/jobs/999999/",
        "/operator/exports/999999/download/",
    ],
)
def test_unknown_things_and_the_hub_are_404(console: Client, path: str) -> None:
    assert console.get(path).status_code == 404


def test_the_hub_cannot_be_deleted_or_suspended(console: Client) -> None:
    # the hub is an organisation too, but the console only manages the others
    assert (
        console.post(
            "/operator/organisations/hub/delete/confirm/", {"confirm_slug": "hub"}
        ).status_code
        == 404
    )
    assert console.post("/operator/organisations/hub/suspend/").status_code == 404
    assert Client(HTTP_HOST="hub.test").get("/").status_code == 200


def test_the_console_is_dutch_when_asked(console: Client) -> None:
    response = console.get("/operator/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert '<html lang="nl">' in response.text
    assert "Organisaties" in response.text
    assert "Beheerconsole" in response.text


def _assert_alpha_untouched() -> None:
    alpha = Organisation.objects.get(slug="alpha")
    assert (alpha.status, [d.domain for d in alpha.domains.all()]) == ("active", ["alpha.test"])
