"""The discussion and news API: create, list, read, edit, delete, restore, and bad input."""

from __future__ import annotations

import pytest
from django.test import Client

from tenant_apps.discussions import services
from tenant_apps.discussions.models import Discussion, Reply
from tests.conftest import BaseOrganisations
from tests.discussions.helpers import Cast, cast_make, client_for, in_schema

API = "/api/v1/groups/tuinen"


def test_member_starts_a_discussion_and_everyone_reads_it(public_cast: Cast) -> None:
    # given a member of a public group
    member = client_for(public_cast.people["member"])
    # when they start a discussion
    created = member.post(
        f"{API}/discussions/",
        {"title": "Paden", "body": "<p>Grind?</p><script>x</script>"},
        content_type="application/json",
    )
    # then it is stored cleaned, with its author
    assert created.status_code == 201
    body = created.json()
    assert {k: body[k] for k in ("title", "body", "reply_count", "deleted_at")} == {
        "title": "Paden",
        "body": "<p>Grind?</p>",
        "reply_count": 0,
        "deleted_at": None,
    }
    assert body["author"] == {"id": public_cast.people["member"].pk, "name": "Member"}  # type: ignore[union-attr]
    # and an anonymous visitor of the public group reads it in the list and alone
    anonymous = client_for(None)
    listing = anonymous.get(f"{API}/discussions/")
    assert listing.status_code == 200
    assert listing.json()["count"] == 1
    assert [d["id"] for d in listing.json()["results"]] == [body["id"]]
    assert anonymous.get(f"{API}/discussions/{body['id']}/").json()["title"] == "Paden"


def test_missing_fields_are_400_with_field_messages(public_cast: Cast) -> None:
    response = client_for(public_cast.people["member"]).post(
        f"{API}/discussions/", {"title": ""}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "title": ["This field may not be blank."],
        "body": ["This field is required."],
    }


def test_author_edits_and_the_editor_is_kept(public_cast: Cast) -> None:
    member = client_for(public_cast.people["member"])
    pk = member.post(
        f"{API}/discussions/", {"title": "a", "body": "b"}, content_type="application/json"
    ).json()["id"]
    response = member.patch(
        f"{API}/discussions/{pk}/", {"body": "<p>beter</p>"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["body"] == "<p>beter</p>"
    assert response.json()["title"] == "a"
    assert response.json()["last_edited_by"]["id"] == public_cast.people["member"].pk  # type: ignore[union-attr]
    assert response.json()["last_edited_at"] is not None


def test_delete_is_soft_and_admins_restore(public_cast: Cast) -> None:
    # given a discussion by a member
    member = client_for(public_cast.people["member"])
    admin = client_for(public_cast.people["group_admin"])
    pk = member.post(
        f"{API}/discussions/", {"title": "a", "body": "b"}, content_type="application/json"
    ).json()["id"]
    # when its author deletes it
    assert member.delete(f"{API}/discussions/{pk}/").status_code == 204
    # then members no longer find it (exactly as a missing one), admins still do
    gone = member.get(f"{API}/discussions/{pk}/")
    missing = member.get(f"{API}/discussions/999999/")
    assert (gone.status_code, gone.json()) == (missing.status_code, missing.json())
    assert gone.status_code == 404
    assert member.get(f"{API}/discussions/").json()["count"] == 0
    assert admin.get(f"{API}/discussions/{pk}/").json()["deleted_at"] is not None
    # and an admin restores it
    restored = admin.post(f"{API}/discussions/{pk}/restore/")
    assert restored.status_code == 200
    assert restored.json()["deleted_at"] is None
    assert member.get(f"{API}/discussions/").json()["count"] == 1
    assert Discussion.objects.get(pk=pk).deleted_by is None


def test_replies_are_listed_and_counted(public_cast: Cast) -> None:
    member = client_for(public_cast.people["member"])
    pk = member.post(
        f"{API}/discussions/", {"title": "a", "body": "b"}, content_type="application/json"
    ).json()["id"]
    for text in ("een", "twee"):
        reply = member.post(
            f"{API}/discussions/{pk}/replies/", {"body": text}, content_type="application/json"
        )
        assert reply.status_code == 201
    listing = member.get(f"{API}/discussions/{pk}/replies/")
    assert [r["body"] for r in listing.json()["results"]] == ["een", "twee"]
    assert member.get(f"{API}/discussions/{pk}/").json()["reply_count"] == 2
    # a reply to a discussion that does not exist is a 404, whatever the body
    assert member.post(f"{API}/discussions/999999/replies/", {}).status_code == 404


def test_a_reply_is_only_found_under_its_own_discussion(public_cast: Cast) -> None:
    member = client_for(public_cast.people["member"])
    first, second = (
        member.post(
            f"{API}/discussions/", {"title": t, "body": "b"}, content_type="application/json"
        ).json()["id"]
        for t in ("a", "b")
    )
    reply = member.post(
        f"{API}/discussions/{first}/replies/", {"body": "x"}, content_type="application/json"
    ).json()["id"]
    assert member.get(f"{API}/discussions/{first}/replies/{reply}/").status_code == 200
    assert member.get(f"{API}/discussions/{second}/replies/{reply}/").status_code == 404
    assert Reply.objects.count() == 1


def test_news_posts_round_trip(public_cast: Cast) -> None:
    admin = client_for(public_cast.people["group_admin"])
    created = admin.post(
        f"{API}/news/", {"title": "Open dag", "body": "<p>Za</p>"}, content_type="application/json"
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert client_for(None).get(f"{API}/news/").json()["results"][0]["title"] == "Open dag"
    assert admin.delete(f"{API}/news/{pk}/").status_code == 204
    assert client_for(None).get(f"{API}/news/{pk}/").status_code == 404


def test_list_is_paginated(public_cast: Cast) -> None:
    access = public_cast.access("group_admin")
    for number in range(55):
        services.discussion_create(
            access=access, actor=public_cast.owner, title=f"d{number}", body="x"
        )
    page = client_for(None).get(f"{API}/discussions/").json()
    assert (page["count"], len(page["results"])) == (55, 50)
    assert page["next"] == "http://alpha.test/api/v1/groups/tuinen/discussions/?page=2"
    second = client_for(None).get(f"{API}/discussions/?page=2").json()
    assert len(second["results"]) == 5


@pytest.mark.parametrize("items", [1, 8])
def test_list_costs_the_same_queries_for_any_number_of_items(
    public_cast: Cast, django_assert_num_queries: object, items: int
) -> None:
    # given discussions by different authors, some edited
    access = public_cast.access("group_admin")
    for number in range(items):
        author = [public_cast.owner, public_cast.people["member"]][number % 2]
        discussion = services.discussion_create(
            access=access,
            actor=author,
            title=f"d{number}",
            body="x",  # type: ignore[arg-type]
        )
        services.discussion_update(actor=public_cast.owner, discussion=discussion, title="e")
    client = client_for(public_cast.people["member"])
    client.get(f"{API}/discussions/")  # warm the host map
    # when the list is read, then the query count does not grow with the items:
    # session, user, group, membership, count, page
    with django_assert_num_queries(6):  # type: ignore[operator]
        response = client.get(f"{API}/discussions/")
    assert len(response.json()["results"]) == items


def test_ids_and_slugs_of_another_organisation_are_missing(orgs: BaseOrganisations) -> None:
    # given beta with a discussion, a reply and a news post in a group "tuinen", and alpha
    # with a public group of the same slug but no content, and beta's "eigen" group
    with in_schema(orgs.beta):
        beta = cast_make(visibility="public", prefix="b")
        access = beta.access("group_admin")
        discussion = services.discussion_create(
            access=access, actor=beta.owner, title="beta", body="x"
        )
        reply = services.reply_create(
            access=access, actor=beta.owner, discussion=discussion, body="y"
        )
        news = services.news_post_create(access=access, actor=beta.owner, title="b", body="z")
        cast_make(visibility="public", slug="eigen", prefix="e")
    with in_schema(orgs.alpha):
        alpha = cast_make(visibility="public")
        client = client_for(alpha.people["site_admin"])
    # when beta's ids and slug are asked through alpha's host
    # then every answer is exactly that of a missing id or group
    d, r, n = discussion.pk, reply.pk, news.pk
    pairs = [
        (f"{API}/discussions/{d}/", f"{API}/discussions/999998/"),
        (f"{API}/discussions/{d}/replies/", f"{API}/discussions/999998/replies/"),
        (f"{API}/discussions/{d}/replies/{r}/", f"{API}/discussions/999998/replies/999998/"),
        (f"{API}/discussions/{d}/restore/", f"{API}/discussions/999998/restore/"),
        (f"{API}/news/{n}/", f"{API}/news/999998/"),
        ("/api/v1/groups/eigen/discussions/", "/api/v1/groups/nergens/discussions/"),
        ("/api/v1/groups/eigen/news/", "/api/v1/groups/nergens/news/"),
        ("/groups/eigen/discussions/", "/groups/nergens/discussions/"),
        (f"/groups/tuinen/discussions/{d}/", "/groups/tuinen/discussions/999998/"),
    ]
    for beta_url, missing_url in pairs:
        method = "post" if beta_url.endswith("restore/") else "get"
        theirs = getattr(client, method)(beta_url)
        missing = getattr(client, method)(missing_url)
        assert theirs.status_code == 404, beta_url
        assert theirs.content == missing.content, beta_url
    deleting = client.delete(f"{API}/discussions/{d}/")
    assert (deleting.status_code, deleting.content) == (
        404,
        client.delete(f"{API}/discussions/999998/").content,
    )


def test_the_openapi_schema_describes_the_endpoints(alpha_client: Client) -> None:
    schema = alpha_client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/v1/groups/{slug}/discussions/",
        "/api/v1/groups/{slug}/discussions/{id}/",
        "/api/v1/groups/{slug}/discussions/{discussion_pk}/replies/",
        "/api/v1/groups/{slug}/news/",
    ):
        assert path in paths, path
