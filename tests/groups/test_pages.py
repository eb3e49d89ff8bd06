"""The HTML pages of groups: list, group page, join/request/invite/accept, members."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from tenant_apps.accounts.models import User
from tenant_apps.groups import services
from tenant_apps.groups.models import JoinPolicy, JoinRequestStatus, Membership, Visibility
from tenants.db import tenant_connection
from tests.conftest import ALPHA_HOST, BaseOrganisations
from tests.factories import UserFactory

Capture = Callable[..., Any]


def _logged_in(user: User, language: str = "en") -> Client:
    client = Client(HTTP_HOST=ALPHA_HOST, HTTP_ACCEPT_LANGUAGE=language, enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _csrf_post(client: Client, page: str, action: str, data: dict[str, str] | None = None) -> Any:
    """Post as a browser does: with the CSRF token of the page that holds the form."""
    client.get(page)
    token = client.cookies["csrftoken"].value
    return client.post(action, {**(data or {}), "csrfmiddlewaretoken": token})


def test_group_list_page_in_english_and_dutch(
    in_alpha: object, django_assert_max_num_queries: Capture
) -> None:
    owner = UserFactory()
    for n in range(3):
        services.group_create(actor=owner, name=f"Groep {n}", tags=["wijk"])
    client = Client(HTTP_HOST=ALPHA_HOST)
    client.get("/groups/")  # warm host map
    with django_assert_max_num_queries(3):
        english = client.get("/groups/", HTTP_ACCEPT_LANGUAGE="en")
    dutch = client.get("/groups/", HTTP_ACCEPT_LANGUAGE="nl")
    assert english.status_code == 200
    assert "<h1>Groups</h1>" in english.text
    assert english.text.count("1 member") == 3
    assert "<h1>Groepen</h1>" in dutch.text
    assert '<nav class="site-nav" aria-label="Hoofdnavigatie">' in dutch.text
    assert "Openbaar: iedereen ziet de groep en de inhoud" in dutch.text
    assert dutch.text.count("1 lid") == 3


def test_xss_in_description_and_name_is_neutralised(in_alpha: object) -> None:
    owner = UserFactory()
    group = services.group_create(
        actor=owner,
        name="<script>alert('name')</script>",
        description="<p>ok</p><script>alert('x')</script><img src=x onerror=alert(1)>",
    )
    page = Client(HTTP_HOST=ALPHA_HOST).get(f"/groups/{group.slug}/")
    assert page.status_code == 200
    assert "<script>" not in page.text
    assert "onerror" not in page.text
    assert "&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;" in page.text
    assert '<div class="group-description"><p>ok</p></div>' in page.text


def test_anonymous_visitor_is_asked_to_log_in(in_alpha: object) -> None:
    group = services.group_create(actor=UserFactory(), name="Open")
    client = Client(HTTP_HOST=ALPHA_HOST, HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(f"/groups/{group.slug}/")
    join = client.post(f"/groups/{group.slug}/join/")
    assert f'href="/login/?next=/groups/{group.slug}/"' in page.text
    assert join["Location"] == f"/login/?next=/groups/{group.slug}/join/"


def test_join_twice_through_the_page_with_csrf(in_alpha: object) -> None:
    group = services.group_create(actor=UserFactory(), name="Open")
    client = _logged_in(UserFactory())
    page = f"/groups/{group.slug}/"
    first = _csrf_post(client, page, f"/groups/{group.slug}/join/")
    second = _csrf_post(client, page, f"/groups/{group.slug}/join/")
    after = client.get(page)
    assert (first.status_code, second.status_code) == (302, 302)
    assert "You are a member of this group (member)." in after.text
    assert "2 members" in after.text


def test_post_without_csrf_token_is_refused(in_alpha: object) -> None:
    group = services.group_create(actor=UserFactory(), name="Open")
    response = _logged_in(UserFactory()).post(f"/groups/{group.slug}/join/")
    assert response.status_code == 403
    assert Membership.objects.filter(group=group).count() == 1


def test_request_and_refusal_through_pages(in_alpha: object) -> None:
    # given a request group
    owner = UserFactory()
    group = services.group_create(actor=owner, name="Req", join_policy=JoinPolicy.REQUEST)
    asker = _logged_in(UserFactory())
    page = f"/groups/{group.slug}/"
    # when someone asks and the owner refuses with a reason on the members page
    _csrf_post(asker, page, f"/groups/{group.slug}/request/", {"message": "Mag ik?"})
    admin = _logged_in(owner)
    members_page = admin.get(f"/groups/{group.slug}/members/")
    join_request = group.join_requests.get()
    refused = _csrf_post(
        admin,
        f"/groups/{group.slug}/members/",
        f"/groups/{group.slug}/requests/{join_request.pk}/refuse/",
        {"reason": "Alleen collega's"},
    )
    # then the requester sees the reason on the group page
    assert "Mag ik?" in members_page.text
    assert refused["Location"] == f"/groups/{group.slug}/members/"
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.REFUSED
    assert "Refused — Alleen collega&#x27;s" in asker.get(page).text


def test_invitation_survives_the_first_login(
    in_alpha: object, django_capture_on_commit_callbacks: Capture
) -> None:
    # given an invitation to a secret group sent by e-mail
    owner = UserFactory()
    group = services.group_create(actor=owner, name="Geheim", visibility=Visibility.SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        _csrf_post(
            _logged_in(owner),
            f"/groups/{group.slug}/members/",
            f"/groups/{group.slug}/invite/",
            {"email": "nieuw@example.org", "role": "member"},
        )
    link = mail.outbox[0].body.split("https://alpha.test")[1].split()[0]
    # when someone without a session opens the link
    browser = Client(HTTP_HOST=ALPHA_HOST, HTTP_ACCEPT_LANGUAGE="en", enforce_csrf_checks=True)
    opened = browser.get(link)
    asked = browser.get("/invitations/accept/")
    # then the token leaves the URL for the session and they are asked to log in
    assert opened["Location"] == "/invitations/accept/"
    assert 'href="/login/?next=/invitations/accept/"' in asked.text
    # and after their first login (an account made by SSO) the invitation is still there
    newcomer = UserFactory(email="nieuw@example.org")
    browser.force_login(newcomer)
    accepted = _csrf_post(browser, "/invitations/accept/", "/invitations/accept/")
    assert accepted["Location"] == f"/groups/{group.slug}/"
    assert Membership.objects.filter(group=group, user=newcomer).exists()
    assert browser.get("/invitations/accept/").status_code == 404


def test_used_invitation_shows_a_clear_error(in_alpha: object) -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G")
    token = services.invitation_create(actor=owner, group=group, email="a@example.org").token
    services.invitation_accept(actor=UserFactory(), token=token)
    browser = _logged_in(UserFactory())
    browser.get(f"/invitations/{token}/")
    response = _csrf_post(browser, "/invitations/accept/", "/invitations/accept/")
    assert response.status_code == 400
    assert '<p role="alert">This invitation has already been used.</p>' in response.text


@pytest.mark.parametrize("path", ["/groups/{slug}/", "/groups/{slug}/members/"])
def test_a_group_of_another_organisation_is_a_plain_404_page(
    orgs: BaseOrganisations, path: str
) -> None:
    tenant_connection().set_tenant(orgs.beta)
    beta_group = services.group_create(actor=UserFactory(), name="Beta groep")
    tenant_connection().set_schema_to_public()
    client = Client(HTTP_HOST=ALPHA_HOST)
    foreign = client.get(path.format(slug=beta_group.slug))
    missing = client.get(path.format(slug="no-such-group"))
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content


def test_create_group_page(in_alpha: object) -> None:
    client = _logged_in(UserFactory())
    response = _csrf_post(
        client,
        "/groups/new/",
        "/groups/new/",
        {
            "name": "Buurtpreventie",
            "visibility": "closed",
            "join_policy": "request",
            "tags": "a, b",
        },
    )
    assert response["Location"] == "/groups/buurtpreventie/"
