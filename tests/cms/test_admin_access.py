"""Who gets into the organisation's Wagtail admin at /cms/, and what they may do there.

anonymous → the SSO login with `next`; member → 403; editor → edits pages but does not
publish or manage people; site admin (is_staff in this schema) → publishes and manages
people; superuser → everything.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group as AuthGroup
from django.test import Client
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from tenant_apps.accounts.models import User
from tenant_apps.cms.models import ContentPage
from tenant_apps.cms.services import EDITORS_GROUP, SITE_ADMINS_GROUP
from tenants.models import Organisation
from tests.cms.pages import content_page_add, home
from tests.conftest import ALPHA_HOST
from tests.factories import GroupFactory, UserFactory


def _client(user: User | None) -> Client:
    client = Client(HTTP_HOST=ALPHA_HOST, HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def _editor() -> User:
    editor = UserFactory(username="redacteur")
    editor.groups.add(AuthGroup.objects.get(name=EDITORS_GROUP))
    return editor


def _site_admin() -> User:
    return UserFactory(username="beheerder", is_staff=True)


def _about() -> ContentPage:
    return ContentPage.objects.get(slug="over-ons")


def _edit_form(page: ContentPage, **changes: Any) -> dict[str, Any]:
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": page.intro,
            "body": streamfield([]),
            "comments": inline_formset([]),
            **changes,
        }
    )


def test_anonymous_visitors_are_sent_to_the_sso_login(in_alpha: Organisation) -> None:
    response = _client(None).get("/cms/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/cms/pages/"


def test_wagtails_own_login_hands_over_to_the_sso_login(in_alpha: Organisation) -> None:
    response = _client(None).get("/cms/login/", {"next": "/cms/pages/3/"})
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=%2Fcms%2Fpages%2F3%2F"


def test_an_ordinary_member_is_refused_with_a_403_that_says_why(in_alpha: Organisation) -> None:
    response = _client(UserFactory(username="lid")).get("/cms/")
    assert response.status_code == 403
    assert "Only site administrators and editors of this organisation" in response.text


def test_an_editor_edits_pages_but_does_not_publish_or_manage_people(
    in_alpha: Organisation,
) -> None:
    # given a member whom a site admin made an editor
    editor = _editor()
    client = _client(editor)
    about = _about()
    # when the editor saves a draft of the About page
    saved = client.post(f"/cms/pages/{about.pk}/edit/", _edit_form(about, intro="Nieuwe intro"))
    # then the draft is saved (not published), and people management stays closed
    assert client.get("/cms/").status_code == 200
    assert saved.status_code == 302
    about.refresh_from_db()
    assert about.has_unpublished_changes is True
    assert about.get_latest_revision_as_object().intro == "Nieuwe intro"
    permissions = about.permissions_for_user(editor)
    assert (permissions.can_edit(), permissions.can_publish()) == (True, False)
    assert client.get("/cms/users/").status_code == 302  # Wagtail's "no permission"


def test_a_site_admin_publishes_and_manages_people(in_alpha: Organisation) -> None:
    # given a site admin of alpha (is_staff in alpha's schema)
    admin = _site_admin()
    client = _client(admin)
    about = _about()
    # when they publish a change to the About page
    published = client.post(
        f"/cms/pages/{about.pk}/edit/",
        {**_edit_form(about, intro="Gepubliceerd"), "action-publish": "publish"},
    )
    # then it is live, and people (to make editors) can be managed
    assert published.status_code == 302
    about.refresh_from_db()
    assert (about.intro, about.has_unpublished_changes) == ("Gepubliceerd", False)
    assert client.get("/cms/users/").status_code == 200
    assert home().permissions_for_user(admin).can_publish() is True


def test_a_site_admin_makes_a_member_an_editor_in_the_admin(in_alpha: Organisation) -> None:
    # given a site admin and an ordinary member
    client = _client(_site_admin())
    member = UserFactory(username="lid", email="lid@example.org")
    editors = AuthGroup.objects.get(name=EDITORS_GROUP)
    # when the admin gives the member the Editors role in Wagtail's user admin
    form = client.get(f"/cms/users/edit/{member.pk}/")
    saved = client.post(
        f"/cms/users/edit/{member.pk}/",
        {
            "username": "lid",
            "email": "lid@example.org",
            "first_name": "Lid",
            "last_name": "Een",
            "is_active": "on",
            "groups": [editors.pk],
        },
    )
    # then the member is an editor and gets into the admin
    assert (form.status_code, saved.status_code) == (200, 302)
    assert list(member.groups.values_list("name", flat=True)) == [EDITORS_GROUP]
    assert _client(member).get("/cms/").status_code == 200


def test_site_admin_role_follows_the_staff_flag(in_alpha: Organisation) -> None:
    admin = _site_admin()
    assert list(admin.groups.values_list("name", flat=True)) == [SITE_ADMINS_GROUP]
    admin.is_staff = False
    admin.save()
    assert list(admin.groups.values_list("name", flat=True)) == []
    assert _client(admin).get("/cms/").status_code == 403


def test_a_superuser_of_the_organisation_has_everything(in_alpha: Organisation) -> None:
    root = UserFactory(username="root", is_superuser=True)
    client = _client(root)
    assert client.get("/cms/sites/").status_code == 200
    assert client.get("/cms/groups/").status_code == 200


@pytest.mark.parametrize("make", [_editor, _site_admin], ids=["editor", "site-admin"])
def test_a_role_in_alpha_gives_nothing_on_beta(orgs: Any, make: Any) -> None:
    # given an editor or site admin of alpha
    from tenants.db import tenant_connection

    tenant_connection().set_tenant(orgs.alpha)
    person = make()
    client = _client(person)
    # when the same session is presented to beta's admin
    response = client.get("/cms/", HTTP_HOST="beta.test")
    # then beta does not know them: the login, as for anyone anonymous
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/cms/"


def test_logging_out_of_the_admin_goes_through_the_sites_sso_logout(
    in_alpha: Organisation,
) -> None:
    response = _client(_editor()).post("/cms/logout/")
    # 307: the browser repeats the POST, with its CSRF token, at the site's logout
    assert (response.status_code, response["Location"]) == (307, "/logout/")


def test_the_editor_forms_open_with_every_block(in_alpha: Organisation) -> None:
    # given a content page whose body holds a chosen-groups list and an events list
    group = GroupFactory(name="Fietsers", slug="fietsers")
    page = content_page_add(
        title="Blokken",
        slug="blokken",
        body=[
            {
                "type": "groups",
                "value": {"heading": "", "source": "chosen", "groups": [group.pk], "limit": 3},
            },
            {"type": "events", "value": {"heading": "", "limit": 3}},
        ],
    )
    client = _client(_editor())
    # when an editor opens it, and the form for a new content page
    edit = client.get(f"/cms/pages/{page.pk}/edit/")
    add = client.get(f"/cms/pages/add/cms/contentpage/{home().pk}/")
    # then both forms render, offering the group by name
    assert (edit.status_code, add.status_code) == (200, 200)
    assert "Fietsers" in edit.text
