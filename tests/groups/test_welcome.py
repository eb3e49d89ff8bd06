"""The welcome message reaches a person right after they join: as a site message on the
page they land on, and in the API's answer to join."""

from __future__ import annotations

from tenant_apps.groups import services
from tenant_apps.groups.models import Visibility
from tests.factories import UserFactory
from tests.groups.clients import api, browser, csrf_post

WELCOME = "<h2>Hallo!</h2><p>Lees eerst <a href='https://example.org/regels'>de regels</a>.</p>"
WELCOME_INLINE = (
    'Hallo!<br>Lees eerst <a href="https://example.org/regels" '
    'rel="noopener noreferrer nofollow">de regels</a>.'
)


def _messages(text: str) -> str:
    return text.split('<div class="messages" role="status">')[1].split("</div>")[0]


def test_joining_on_the_page_shows_the_welcome_message_once(in_alpha: object) -> None:
    # given an open group with a welcome message
    group = services.group_create(
        actor=UserFactory(), name="Open", welcome_message=WELCOME, visibility=Visibility.CLOSED
    )
    client = browser(UserFactory())
    page = f"/groups/{group.slug}/"
    # when someone joins, and (double submit) joins again
    csrf_post(client, page, f"/groups/{group.slug}/join/")
    first = client.get(page)
    csrf_post(client, page, f"/groups/{group.slug}/join/")
    second = client.get(page)
    # then the first landing shows the welcome, inside one paragraph, and the second not
    assert [line.strip() for line in _messages(first.text).strip().splitlines()] == [
        '<p class="message message-success">You are now a member of this group.</p>',
        f'<p class="message message-info">{WELCOME_INLINE}</p>',
    ]
    assert "message-info" not in _messages(second.text)


def test_no_welcome_message_no_extra_message(in_alpha: object) -> None:
    group = services.group_create(actor=UserFactory(), name="Open")
    client = browser(UserFactory())
    csrf_post(client, f"/groups/{group.slug}/", f"/groups/{group.slug}/join/")
    assert "message-info" not in _messages(client.get(f"/groups/{group.slug}/").text)


def test_a_refused_join_shows_no_welcome(in_alpha: object) -> None:
    group = services.group_create(
        actor=UserFactory(), name="Req", welcome_message=WELCOME, join_policy="request"
    )
    client = browser(UserFactory())
    csrf_post(client, f"/groups/{group.slug}/", f"/groups/{group.slug}/join/")
    shown = _messages(client.get(f"/groups/{group.slug}/").text)
    assert "This group cannot be joined directly." in shown
    assert "Hallo" not in shown


def test_accepting_an_invitation_shows_the_welcome_message(in_alpha: object) -> None:
    owner = UserFactory()
    group = services.group_create(
        actor=owner, name="Geheim", visibility=Visibility.SECRET, welcome_message=WELCOME
    )
    token = services.invitation_create(actor=owner, group=group, email="a@example.org").token
    client = browser(UserFactory())
    client.get(f"/invitations/{token}/")
    accepted = csrf_post(client, "/invitations/accept/", "/invitations/accept/")
    landing = client.get(accepted["Location"])
    assert f'<p class="message message-info">{WELCOME_INLINE}</p>' in landing.text


def test_the_api_join_answer_carries_the_welcome_message(in_alpha: object) -> None:
    group = services.group_create(
        actor=UserFactory(), name="Open", welcome_message=WELCOME, visibility=Visibility.CLOSED
    )
    before = api(UserFactory()).get(f"/api/v1/groups/{group.slug}/").json()
    joined = api(UserFactory()).post(f"/api/v1/groups/{group.slug}/join/")
    assert before["welcome_message"] == ""
    assert joined.status_code == 200
    assert joined.json()["welcome_message"] == (
        '<h2>Hallo!</h2><p>Lees eerst <a href="https://example.org/regels" '
        'rel="noopener noreferrer nofollow">de regels</a>.</p>'
    )


def test_xss_in_the_welcome_message_never_reaches_the_site_message(in_alpha: object) -> None:
    group = services.group_create(
        actor=UserFactory(),
        name="Open",
        welcome_message='<p onclick="x()">Hoi<img src=x onerror=alert(1)></p><script>a()</script>',
    )
    client = browser(UserFactory())
    csrf_post(client, f"/groups/{group.slug}/", f"/groups/{group.slug}/join/")
    shown = _messages(client.get(f"/groups/{group.slug}/").text)
    assert '<p class="message message-info">Hoi</p>' in shown
