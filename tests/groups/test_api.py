"""The groups REST API: list, create, join, requests, invitations, members, CSV."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from tenant_apps.accounts.models import User
from tenant_apps.groups import services
from tenant_apps.groups.models import Group, JoinPolicy, Role, Visibility
from tenants.db import tenant_connection
from tests.conftest import ALPHA_HOST, BETA_HOST, BaseOrganisations
from tests.factories import GroupFactory, MembershipFactory, UserFactory

Capture = Callable[..., Any]
JSON = "application/json"


def _logged_in(user: User, host: str = ALPHA_HOST) -> Client:
    client = Client(HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_list_filters_by_text_and_tag_and_hides_secret_groups(
    in_alpha: object, alpha_client: Client
) -> None:
    # given three listed groups with tags and a secret one
    owner = UserFactory()
    services.group_create(actor=owner, name="Fietspad Noord", tags=["verkeer"])
    services.group_create(actor=owner, name="Fietspad Zuid", tags=["natuur"])
    services.group_create(actor=owner, name="Begroting", visibility=Visibility.CLOSED)
    services.group_create(actor=owner, name="Fietsgeheim", visibility=Visibility.SECRET)
    # when an anonymous visitor lists them, by text and by tag
    everything = alpha_client.get("/api/v1/groups/").json()
    by_text = alpha_client.get("/api/v1/groups/?q=fiets").json()
    by_tag = alpha_client.get("/api/v1/groups/?tag=verkeer").json()
    # then the secret group never shows
    assert [g["name"] for g in everything["results"]] == [
        "Begroting",
        "Fietspad Noord",
        "Fietspad Zuid",
    ]
    assert [g["name"] for g in by_text["results"]] == ["Fietspad Noord", "Fietspad Zuid"]
    assert [(g["name"], g["tags"]) for g in by_tag["results"]] == [("Fietspad Noord", ["verkeer"])]


def test_list_is_paginated_with_a_fixed_number_of_queries(
    in_alpha: object, alpha_client: Client, django_assert_num_queries: Capture
) -> None:
    # given 25 tagged groups
    owner = UserFactory()
    for n in range(25):
        services.group_create(actor=owner, name=f"Groep {n:02}", tags=["a", "b"])
    alpha_client.get("/api/v1/groups/")  # loads the host map once, as any warm worker has
    # when the first page is asked for: count, page, tags (no N+1 over groups or tags)
    with django_assert_num_queries(3):
        response = alpha_client.get("/api/v1/groups/?page_size=10")
    body = response.json()
    assert (body["count"], len(body["results"])) == (25, 10)
    assert body["results"][0]["tags"] == ["a", "b"]


def test_create_returns_the_group_with_the_viewer_as_owner(in_alpha: object) -> None:
    client = _logged_in(UserFactory())
    response = client.post(
        "/api/v1/groups/",
        {"name": "Nieuw", "description": "<img src=x onerror=alert(1)><b>vet</b>"},
        content_type=JSON,
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["slug"], body["description"], body["member_count"]) == (
        "nieuw",
        "<b>vet</b>",
        1,
    )
    assert body["viewer"]["role"] == "owner"


def test_create_with_bad_input_is_a_400_with_field_messages(in_alpha: object) -> None:
    client = _logged_in(UserFactory())
    response = client.post(
        "/api/v1/groups/",
        {"name": "", "visibility": "everyone", "tags": ["x" * 51]},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert set(response.json()) == {"name", "visibility", "tags"}
    assert response.json()["visibility"] == ['"everyone" is not a valid choice.']


def test_join_double_submit_is_idempotent(in_alpha: object) -> None:
    group = services.group_create(actor=UserFactory(), name="Open")
    client = _logged_in(UserFactory())
    first = client.post(f"/api/v1/groups/{group.slug}/join/")
    second = client.post(f"/api/v1/groups/{group.slug}/join/")
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json()["member_count"] == 2
    assert second.json()["viewer"]["role"] == "member"


def test_join_of_a_request_group_is_a_readable_400(in_alpha: object) -> None:
    group = GroupFactory(join_policy=JoinPolicy.REQUEST)
    response = _logged_in(UserFactory()).post(f"/api/v1/groups/{group.slug}/join/")
    assert response.status_code == 400
    assert response.json() == {"detail": ["This group cannot be joined directly."]}


def test_request_refuse_and_the_requester_sees_the_reason(in_alpha: object) -> None:
    # given a request group, its owner and someone who asks twice
    owner = UserFactory()
    group = services.group_create(actor=owner, name="Req", join_policy=JoinPolicy.REQUEST)
    person = UserFactory()
    asker = _logged_in(person)
    first = asker.post(f"/api/v1/groups/{group.slug}/requests/", {"message": "Hoi"}, JSON)
    second = asker.post(f"/api/v1/groups/{group.slug}/requests/", {"message": "Hoi"}, JSON)
    request_id = first.json()["id"]
    assert second.json()["id"] == request_id
    # when the owner refuses with a reason
    admin = _logged_in(owner)
    listed = admin.get(f"/api/v1/groups/{group.slug}/requests/?status=pending").json()
    refused = admin.post(
        f"/api/v1/groups/{group.slug}/requests/{request_id}/refuse/",
        {"reason": "Alleen voor collega's"},
        JSON,
    )
    # then the requester reads the reason in their own history
    own = asker.get(f"/api/v1/groups/{group.slug}/requests/").json()["results"]
    assert [r["id"] for r in listed["results"]] == [request_id]
    assert refused.status_code == 200
    assert [(r["status"], r["decision_reason"]) for r in own] == [
        ("refused", "Alleen voor collega's")
    ]


def test_a_non_admin_cannot_approve_and_sees_only_their_own_requests(in_alpha: object) -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="Req", join_policy=JoinPolicy.REQUEST)
    other_request = services.join_request_create(actor=UserFactory(), group=group)
    client = _logged_in(UserFactory())
    approve = client.post(f"/api/v1/groups/{group.slug}/requests/{other_request.pk}/approve/")
    listed = client.get(f"/api/v1/groups/{group.slug}/requests/").json()
    # another person's request is "not found", like a missing one
    assert approve.status_code == 404
    assert listed["results"] == []


def test_invitation_create_and_accept(
    in_alpha: object, django_capture_on_commit_callbacks: Capture
) -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="Geheim", visibility=Visibility.SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        created = _logged_in(owner).post(
            f"/api/v1/groups/{group.slug}/invitations/", {"email": "a@example.org"}, JSON
        )
    assert created.status_code == 201
    assert "token" not in created.json()
    # the token only travels by mail: take it from there
    token = mail.outbox[0].body.split("/invitations/")[1].split("/")[0]
    invitee = _logged_in(UserFactory())
    accepted = invitee.post("/api/v1/invitations/accept/", {"token": token}, JSON)
    again = invitee.post("/api/v1/invitations/accept/", {"token": token}, JSON)
    assert accepted.status_code == 200
    assert accepted.json()["viewer"]["role"] == "member"
    assert again.status_code == 400
    assert again.json() == {"token": ["This invitation has already been used."]}


def test_members_search_role_change_transfer_and_remove(in_alpha: object) -> None:
    owner = UserFactory(display_name="Olga Owner")
    group = services.group_create(actor=owner, name="G")
    anna = MembershipFactory(group=group, user=UserFactory(display_name="Anna de Vries")).user
    bert = MembershipFactory(group=group, user=UserFactory(display_name="Bert Jansen")).user
    client = _logged_in(owner)
    found = client.get(f"/api/v1/groups/{group.slug}/members/?q=vries").json()["results"]
    promoted = client.patch(
        f"/api/v1/groups/{group.slug}/members/{anna.pk}/", {"role": "admin"}, JSON
    )
    removed = client.delete(f"/api/v1/groups/{group.slug}/members/{bert.pk}/")
    transferred = client.post(
        f"/api/v1/groups/{group.slug}/transfer-ownership/", {"user_id": anna.pk}, JSON
    )
    assert [m["user"]["name"] for m in found] == ["Anna de Vries"]
    assert promoted.json()["role"] == "admin"
    assert removed.status_code == 204
    assert transferred.json()["role"] == "owner"
    roles = dict(group.memberships.values_list("user_id", "role"))
    assert roles == {owner.pk: Role.ADMIN, anna.pk: Role.OWNER}


def test_last_owner_leaving_is_a_400(in_alpha: object) -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G")
    response = _logged_in(owner).post(f"/api/v1/groups/{group.slug}/leave/")
    assert response.status_code == 400
    assert response.json() == {
        "detail": ["You are the last owner: transfer ownership before you leave."]
    }


def test_members_csv_is_streamed_and_formula_safe(in_alpha: object) -> None:
    owner = UserFactory(username="owner", display_name="Olga", email="o@example.org")
    group = services.group_create(actor=owner, name="G")
    MembershipFactory(
        group=group,
        user=UserFactory(username="evil", display_name='=HYPERLINK("http://x")', email="e@x.nl"),
    )
    response = _logged_in(owner).get(f"/api/v1/groups/{group.slug}/members.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = b"".join(response.streaming_content).decode().splitlines()  # type: ignore[attr-defined]
    assert lines[0] == "name,username,email,role,joined_at"
    assert lines[1].startswith('"\'=HYPERLINK(""http://x"")",evil,e@x.nl,member,')
    assert lines[2].startswith("Olga,owner,o@example.org,owner,")


def test_members_csv_is_for_admins_only(in_alpha: object) -> None:
    group = services.group_create(actor=UserFactory(), name="G")
    member = MembershipFactory(group=group).user
    assert _logged_in(member).get(f"/api/v1/groups/{group.slug}/members.csv").status_code == 403


def test_delete_and_restore_by_a_site_admin(in_alpha: object) -> None:
    group = services.group_create(actor=UserFactory(), name="G")
    client = _logged_in(UserFactory(is_staff=True))
    deleted = client.delete(f"/api/v1/groups/{group.slug}/")
    gone = client.get(f"/api/v1/groups/{group.slug}/")
    restored = client.post(f"/api/v1/groups/{group.slug}/restore/")
    assert (deleted.status_code, gone.status_code, restored.status_code) == (204, 404, 200)
    assert Group.objects.get(pk=group.pk).deleted_at is None


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/groups/{slug}/",
        "/api/v1/groups/{slug}/members/",
        "/api/v1/groups/{slug}/requests/",
        "/api/v1/groups/{slug}/members.csv",
    ],
)
def test_a_group_of_another_organisation_answers_like_a_missing_one(
    orgs: BaseOrganisations, path: str
) -> None:
    # given a public group in beta, and a site admin of alpha
    tenant_connection().set_tenant(orgs.beta)
    beta_group = services.group_create(actor=UserFactory(), name="Beta groep")
    tenant_connection().set_tenant(orgs.alpha)
    client = _logged_in(UserFactory(is_staff=True))
    tenant_connection().set_schema_to_public()
    # when its slug is asked for through alpha's host, and a slug that exists nowhere
    foreign = client.get(path.format(slug=beta_group.slug))
    missing = client.get(path.format(slug="no-such-group"))
    # then both answers are the same 404
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content
    # and beta itself does serve it
    assert Client(HTTP_HOST=BETA_HOST).get(f"/api/v1/groups/{beta_group.slug}/").status_code == 200


def test_secret_group_of_others_answers_like_a_missing_one(in_alpha: object) -> None:
    secret = services.group_create(actor=UserFactory(), name="S", visibility=Visibility.SECRET)
    client = _logged_in(UserFactory())
    hidden = client.post(f"/api/v1/groups/{secret.slug}/join/")
    missing = client.post("/api/v1/groups/nothing-here/join/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


def test_join_requests_filtered_by_an_unknown_status_is_a_400(
    in_alpha: object, alpha_client: object
) -> None:
    from tests.factories import GroupFactory, MembershipFactory, UserFactory

    admin = UserFactory()
    group = GroupFactory()
    MembershipFactory(group=group, user=admin, role="owner")
    alpha_client.force_login(admin)  # type: ignore[attr-defined]
    response = alpha_client.get(f"/api/v1/groups/{group.slug}/requests/", {"status": "maybe"})  # type: ignore[attr-defined]
    assert response.status_code == 400
    assert response.json() == {"status": "Choose one of: pending, approved, refused, withdrawn."}
