"""Cover images: sniffed, size-limited, stored per organisation, served behind the group's
access check, through services, the API and the pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.test.client import encode_multipart

from tenant_apps.groups import services
from tenant_apps.groups.covers import COVER_MAX_BYTES
from tenant_apps.groups.models import Group, Visibility
from tenants.db import tenant_connection
from tests.conftest import ALPHA_HOST, BETA_HOST, BaseOrganisations
from tests.factories import MembershipFactory, UserFactory
from tests.groups.clients import api, browser, csrf_post
from tests.uploads import SVG, image_bytes, upload

Capture = Callable[..., Any]
BOUNDARY = "CoverBoundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


def _stored(media_root: Path) -> list[str]:
    """Cover files in the folder of the organisation the test works in."""
    folder = media_root / tenant_connection().schema_name / "group-covers"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(("kind", "extension"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_a_jpeg_png_or_webp_cover_is_stored_in_the_organisations_folder(
    in_alpha: object, media_root: Path, kind: str, extension: str
) -> None:
    # given a real image of an accepted type, named as something else
    cover = upload(image_bytes(kind), name="holiday.gif")
    # when a group is created with it
    group = services.group_create(actor=UserFactory(), name="Met plaatje", cover=cover)
    # then it is stored under a fresh name with the sniffed type's extension, in alpha's folder
    stored = Group.objects.get(pk=group.pk).cover.name
    assert stored.startswith(f"group-covers/{group.pk}-")
    assert stored.endswith(f".{extension}")
    assert _stored(media_root) == [stored.removeprefix("group-covers/")]
    assert (media_root / "org_alpha" / stored).read_bytes() == image_bytes(kind)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (SVG, "The cover image must be a JPEG, PNG or WebP image."),
        (image_bytes("GIF"), "The cover image must be a JPEG, PNG or WebP image."),
        (
            b"<html><script>alert(1)</script></html>",
            "The cover image must be a JPEG, PNG or WebP image.",
        ),
        (
            image_bytes("PNG")[:40] + b"<script>alert(1)</script>" * 4,
            "The cover image is damaged or not really an image.",
        ),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * COVER_MAX_BYTES, "The cover image can be at most 5 MB."),
    ],
    ids=["svg", "gif", "html", "png-header-only", "too-big"],
)
def test_a_refused_cover_writes_nothing(
    in_alpha: object, media_root: Path, content: bytes, message: str
) -> None:
    # when a group is created with a file that is not an acceptable cover
    with pytest.raises(services.GroupError) as error:
        services.group_create(actor=UserFactory(), name="Nee", cover=upload(content))
    # then the reason names the cover, and neither a group nor a file was written
    assert (error.value.field, error.value.message) == ("cover", message)
    assert Group.objects.filter(name="Nee").count() == 0
    assert _stored(media_root) == []


def test_a_cover_of_exactly_the_limit_is_accepted_by_size(
    in_alpha: object, media_root: Path
) -> None:
    # a JPEG padded to exactly 5 MB (trailing bytes after the image end are ignored)
    content = image_bytes("JPEG")
    content += b"\0" * (COVER_MAX_BYTES - len(content))
    group = services.group_create(actor=UserFactory(), name="Groot", cover=upload(content))
    assert group.cover.name.endswith(".jpg")


def test_replacing_a_cover_removes_the_old_file_after_commit(
    in_alpha: object, media_root: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G", cover=upload(image_bytes("PNG")))
    old = group.cover.name
    with django_capture_on_commit_callbacks(execute=True):
        services.group_update(
            actor=owner,
            group=group,
            changes=services.GroupChanges(cover=upload(image_bytes("WEBP"))),
        )
    new = Group.objects.get(pk=group.pk).cover.name
    assert new.endswith(".webp")
    assert _stored(media_root) == [new.removeprefix("group-covers/")]
    assert old != new


def test_removing_a_cover_deletes_its_file(
    in_alpha: object, media_root: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G", cover=upload(image_bytes("PNG")))
    with django_capture_on_commit_callbacks(execute=True):
        services.group_update(
            actor=owner, group=group, changes=services.GroupChanges(cover_remove=True)
        )
    assert Group.objects.get(pk=group.pk).cover.name == ""
    assert _stored(media_root) == []


def test_a_member_cannot_change_the_cover(in_alpha: object, media_root: Path) -> None:
    group = services.group_create(actor=UserFactory(), name="G")
    member = MembershipFactory(group=group).user
    with pytest.raises(services.GroupPermissionDenied):
        services.group_update(
            actor=member, group=group, changes=services.GroupChanges(cover=upload(image_bytes()))
        )
    assert _stored(media_root) == []


def test_api_create_with_a_cover_and_serve_it(in_alpha: object, media_root: Path) -> None:
    # given a multipart create with a cover and tags
    client = api(UserFactory())
    created = client.post(
        "/api/v1/groups/",
        {"name": "Fotoclub", "tags": ["foto", "hobby"], "cover": upload(image_bytes("PNG"))},
    )
    # when the cover URL it answers with is fetched anonymously
    body = created.json()
    image = Client(HTTP_HOST=ALPHA_HOST).get(body["cover_url"])
    # then the picture comes back as a PNG the browser may not sniff or run
    version = Group.objects.get(slug="fotoclub").cover.name.split("/")[1].split(".")[0]
    assert created.status_code == 201
    assert (body["tags"], body["cover_url"]) == (
        ["foto", "hobby"],
        f"/api/v1/groups/fotoclub/cover/?v={version}",
    )
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert image["Cache-Control"] == "private, max-age=300"
    assert image["Cross-Origin-Resource-Policy"] == "same-origin"
    assert b"".join(image.streaming_content) == image_bytes("PNG")  # type: ignore[attr-defined]


def test_api_refused_cover_is_a_400_on_the_cover_field(in_alpha: object, media_root: Path) -> None:
    client = api(UserFactory())
    response = client.post("/api/v1/groups/", {"name": "Svg", "cover": upload(SVG, "x.svg")})
    assert response.status_code == 400
    assert response.json() == {"cover": ["The cover image must be a JPEG, PNG or WebP image."]}
    assert Group.objects.filter(name="Svg").count() == 0


def test_api_patch_accepts_a_multipart_cover(in_alpha: object, media_root: Path) -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G")
    response = api(owner).patch(
        f"/api/v1/groups/{group.slug}/",
        encode_multipart(BOUNDARY, {"name": "G2", "cover": upload(image_bytes("JPEG"))}),
        content_type=MULTIPART,
    )
    assert response.status_code == 200
    assert response.json()["name"] == "G2"
    assert Group.objects.get(pk=group.pk).cover.name.endswith(".jpg")


def test_api_cover_endpoint_put_and_delete(
    in_alpha: object, media_root: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G")
    client = api(owner)
    url = f"/api/v1/groups/{group.slug}/cover/"
    missing = client.get(url)
    put = client.put(
        url,
        encode_multipart(BOUNDARY, {"cover": upload(image_bytes("WEBP"))}),
        content_type=MULTIPART,
    )
    shown = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        deleted = client.delete(url)
    assert missing.status_code == 404
    assert put.status_code == 200
    assert put.json()["cover_url"].startswith(f"{url}?v=")
    assert (shown.status_code, shown["Content-Type"]) == (200, "image/webp")
    assert deleted.status_code == 204
    assert client.get(url).status_code == 404
    assert _stored(media_root) == []


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("member", 403)])
def test_api_cover_put_needs_a_group_admin(
    in_alpha: object, media_root: Path, who: str, status: int
) -> None:
    group = services.group_create(actor=UserFactory(), name="G")
    user = MembershipFactory(group=group).user if who == "member" else None
    response = api(user).put(
        f"/api/v1/groups/{group.slug}/cover/",
        encode_multipart(BOUNDARY, {"cover": upload(image_bytes())}),
        content_type=MULTIPART,
    )
    assert response.status_code == status
    assert _stored(media_root) == []


def test_cover_of_a_secret_group_answers_like_a_missing_one(
    in_alpha: object, media_root: Path
) -> None:
    owner = UserFactory()
    group = services.group_create(
        actor=owner, name="S", visibility=Visibility.SECRET, cover=upload(image_bytes())
    )
    outsider = api(UserFactory())
    hidden = outsider.get(f"/api/v1/groups/{group.slug}/cover/")
    missing = outsider.get("/api/v1/groups/no-such-group/cover/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert api(owner).get(f"/api/v1/groups/{group.slug}/cover/").status_code == 200


def test_cover_of_another_organisation_answers_like_a_missing_one(
    orgs: BaseOrganisations, media_root: Path
) -> None:
    tenant_connection().set_tenant(orgs.beta)
    beta_group = services.group_create(actor=UserFactory(), name="B", cover=upload(image_bytes()))
    tenant_connection().set_schema_to_public()
    foreign = Client(HTTP_HOST=ALPHA_HOST).get(f"/api/v1/groups/{beta_group.slug}/cover/")
    missing = Client(HTTP_HOST=ALPHA_HOST).get("/api/v1/groups/no-such-group/cover/")
    own = Client(HTTP_HOST=BETA_HOST).get(f"/api/v1/groups/{beta_group.slug}/cover/")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content
    assert own.status_code == 200
    # and beta's file sits in beta's own folder
    assert (media_root / orgs.beta.schema_name / beta_group.cover.name).exists()
    assert not (media_root / orgs.alpha.schema_name).exists()


def test_create_page_with_a_cover_and_the_group_page_shows_it(
    in_alpha: object, media_root: Path
) -> None:
    client = browser(UserFactory())
    created = csrf_post(
        client,
        "/groups/new/",
        "/groups/new/",
        {
            "name": "Buurtfoto",
            "visibility": "public",
            "join_policy": "open",
            "tags": "",
            "cover": upload(image_bytes("JPEG")),
        },
    )
    page = client.get("/groups/buurtfoto/")
    version = Group.objects.get(slug="buurtfoto").cover.name.split("/")[1].split(".")[0]
    assert created["Location"] == "/groups/buurtfoto/"
    assert (
        f'<img src="/api/v1/groups/buurtfoto/cover/?v={version}" alt="" class="group-cover">'
        in page.text
    )


def test_create_page_with_a_refused_cover_shows_the_reason(
    in_alpha: object, media_root: Path
) -> None:
    client = browser(UserFactory())
    response = csrf_post(
        client,
        "/groups/new/",
        "/groups/new/",
        {"name": "Svg", "visibility": "public", "join_policy": "open", "cover": upload(SVG)},
    )
    assert response.status_code == 200
    assert "The cover image must be a JPEG, PNG or WebP image." in response.text
    assert Group.objects.filter(name="Svg").count() == 0


def test_the_openapi_schema_describes_covers_and_invitations(alpha_client: Client) -> None:
    schema = alpha_client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    cover = paths["/api/v1/groups/{slug}/cover/"]
    assert sorted(cover) == ["delete", "get", "put"]
    assert list(cover["put"]["requestBody"]["content"]) == ["multipart/form-data"]
    assert list(cover["get"]["responses"]["200"]["content"]) == ["image/*"]
    assert sorted(paths["/api/v1/groups/{slug}/invitations/"]) == ["get", "post"]
    assert sorted(paths["/api/v1/groups/{slug}/invitations/{invitation_id}/"]) == ["delete"]
    components = schema["components"]["schemas"]
    for name in ("GroupWrite", "PatchedGroupWrite", "Cover"):
        field = components[name]["properties"]["cover"]
        assert (field["type"], field["format"]) == ("string", "binary")


def test_a_cover_whose_file_is_gone_is_a_404_not_a_500(in_alpha: object, media_root: Path) -> None:
    group = services.group_create(actor=UserFactory(), name="G", cover=upload(image_bytes()))
    (media_root / tenant_connection().schema_name / group.cover.name).unlink()
    response = Client(HTTP_HOST=ALPHA_HOST).get(f"/api/v1/groups/{group.slug}/cover/")
    assert response.status_code == 404
