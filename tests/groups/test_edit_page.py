"""The edit page of a group: for its admins (and site admins), through group_update."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tenant_apps.groups import services
from tenant_apps.groups.events import GroupChanged, group_changed_subscribe
from tenant_apps.groups.models import Group, JoinPolicy, Role, Visibility
from tests.conftest import ALPHA_HOST
from tests.factories import MembershipFactory, UserFactory
from tests.groups.clients import browser, csrf_post
from tests.uploads import SVG, image_bytes, upload

Capture = Callable[..., Any]


def test_edit_page_shows_the_current_values(in_alpha: object) -> None:
    owner = UserFactory()
    group = services.group_create(
        actor=owner,
        name="Wijkraad",
        welcome_message="<p>Hallo</p>",
        visibility=Visibility.CLOSED,
        tags=["wijk", "buurt"],
    )
    page = browser(owner).get(f"/groups/{group.slug}/edit/")
    assert page.status_code == 200
    assert "<h1>Edit Wijkraad</h1>" in page.text
    assert 'name="name" value="Wijkraad"' in page.text
    assert 'name="tags" value="buurt, wijk"' in page.text
    assert '<option value="closed" selected>' in page.text
    assert "&lt;p&gt;Hallo&lt;/p&gt;</textarea>" in page.text
    assert 'enctype="multipart/form-data"' in page.text
    assert '<label for="id_cover">Cover image:</label>' in page.text


def test_an_admin_saves_every_field_and_the_hub_hears_of_it(
    in_alpha: object, media_root: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    # given a group and one of its admins
    group = services.group_create(actor=UserFactory(), name="Oud")
    admin = MembershipFactory(group=group, role=Role.ADMIN).user
    heard: list[GroupChanged] = []
    unsubscribe = group_changed_subscribe(heard.append)
    # when the admin saves the edit form
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = csrf_post(
                browser(admin),
                f"/groups/{group.slug}/edit/",
                f"/groups/{group.slug}/edit/",
                {
                    "name": "Nieuw",
                    "description": "<p>Over <b>ons</b></p><script>x()</script>",
                    "welcome_message": "<p>Welkom!</p>",
                    "visibility": "secret",
                    "join_policy": "invitation",
                    "tags": "a, b",
                    "cover": upload(image_bytes("PNG")),
                },
            )
    finally:
        unsubscribe()
    # then all of it is saved (sanitised), and the hub is told the visibility changed
    group.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"/groups/{group.slug}/"
    assert (group.name, group.description, group.welcome_message) == (
        "Nieuw",
        "<p>Over <b>ons</b></p>",
        "<p>Welkom!</p>",
    )
    assert (group.visibility, group.join_policy) == (Visibility.SECRET, JoinPolicy.INVITATION)
    assert sorted(t.name for t in group.tags.all()) == ["a", "b"]
    assert group.cover.name.endswith(".png")
    assert [event.kind for event in heard] == ["visibility_changed"]


def test_a_refused_cover_keeps_everything_as_it_was(in_alpha: object, media_root: Path) -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="Oud")
    response = csrf_post(
        browser(owner),
        f"/groups/{group.slug}/edit/",
        f"/groups/{group.slug}/edit/",
        {"name": "Nieuw", "visibility": "public", "join_policy": "open", "cover": upload(SVG)},
    )
    assert response.status_code == 400
    assert "The cover image must be a JPEG, PNG or WebP image." in response.text
    assert '<p role="alert">' in response.text
    assert Group.objects.get(pk=group.pk).name == "Oud"


def test_the_cover_can_be_removed_on_the_edit_page(in_alpha: object, media_root: Path) -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G", cover=upload(image_bytes()))
    edit = f"/groups/{group.slug}/edit/"
    client = browser(owner)
    form = client.get(edit)
    response = csrf_post(
        client,
        edit,
        edit,
        {"name": "G", "visibility": "public", "join_policy": "open", "cover_remove": "on"},
    )
    assert '<img src="/api/v1/groups/g/cover/?v=' in form.text
    assert response.status_code == 302
    assert Group.objects.get(pk=group.pk).cover.name == ""


def test_the_group_page_links_to_the_edit_page_for_admins_only(in_alpha: object) -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G")
    member = MembershipFactory(group=group).user
    link = f'<a href="/groups/{group.slug}/edit/">Edit group</a>'
    assert link in browser(owner).get(f"/groups/{group.slug}/").text
    assert link not in browser(member).get(f"/groups/{group.slug}/").text


@pytest.mark.parametrize(
    ("who", "status"),
    [("member", 403), ("outsider", 403), ("site_admin", 200), ("outsider_secret", 404)],
)
def test_who_may_open_the_edit_page(in_alpha: object, who: str, status: int) -> None:
    visibility = Visibility.SECRET if who == "outsider_secret" else Visibility.PUBLIC
    group = services.group_create(actor=UserFactory(), name="G", visibility=visibility)
    user = {
        "member": lambda: MembershipFactory(group=group).user,
        "site_admin": lambda: UserFactory(is_staff=True),
    }.get(who, UserFactory)()
    page = browser(user).get(f"/groups/{group.slug}/edit/")
    assert page.status_code == status


def test_a_member_cannot_save_the_edit_form(in_alpha: object) -> None:
    group = services.group_create(actor=UserFactory(), name="G")
    member = MembershipFactory(group=group).user
    client = browser(member)
    client.get(f"/groups/{group.slug}/")
    response = client.post(
        f"/groups/{group.slug}/edit/",
        {
            "name": "Gekaapt",
            "visibility": "public",
            "join_policy": "open",
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )
    assert response.status_code == 403
    assert Group.objects.get(pk=group.pk).name == "G"


def test_an_anonymous_visitor_is_sent_to_log_in(in_alpha: object) -> None:
    group = services.group_create(actor=UserFactory(), name="G")
    response = Client(HTTP_HOST=ALPHA_HOST).get(f"/groups/{group.slug}/edit/")
    assert response["Location"] == f"/login/?next=/groups/{group.slug}/edit/"


def test_edit_page_in_dutch(in_alpha: object) -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G")
    page = browser(owner, language="nl").get(f"/groups/{group.slug}/edit/")
    assert "<h1>G bewerken</h1>" in page.text
    assert '<label for="id_cover">Omslagafbeelding:</label>' in page.text
    assert '<label for="id_welcome_message">Welkomstbericht:</label>' in page.text
