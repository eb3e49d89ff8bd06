"""/api/v1/site/branding/: published for everyone; draft, publish, discard for site admins."""

from __future__ import annotations

from pathlib import Path

from django.test import Client

from tenant_apps.accounts.models import User
from tenant_apps.site.models import Branding, BrandingState
from tenants.models import Organisation
from tests.conftest import ALPHA_HOST, BETA_HOST
from tests.uploads import image_bytes, upload

API = "/api/v1/site/branding/"


def test_everyone_reads_the_published_branding(in_alpha: Organisation) -> None:
    response = Client(HTTP_HOST=ALPHA_HOST).get(API)
    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in ("theme", "theme_name", "color_primary", "menu")} == {
        "theme": "default",
        "theme_name": "Plein standaard",
        "color_primary": "",
        "menu": [],
    }
    assert body["tokens"]["color-primary"] == "#1f4e79"
    assert body["logo_url"] == ""


def test_the_old_site_endpoint_still_answers(in_alpha: Organisation) -> None:
    response = Client(HTTP_HOST=ALPHA_HOST).get("/api/v1/site/")
    assert response.status_code == 200
    assert response.json()["slug"] == "alpha"


def test_anonymous_and_members_cannot_touch_the_draft(
    in_alpha: Organisation, alpha_member: User
) -> None:
    # anonymous: 401 (with the token scheme to use), as everywhere in the API
    anonymous = Client(HTTP_HOST=ALPHA_HOST)
    assert anonymous.get(API + "draft/").status_code == 401
    assert anonymous.patch(API + "draft/", {}, content_type="application/json").status_code == 401
    member = Client(HTTP_HOST=ALPHA_HOST, HTTP_ACCEPT_LANGUAGE="en")
    member.force_login(alpha_member)
    response = member.patch(API + "draft/", {"footer_text": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Only site admins can change the branding."}
    assert member.post(API + "publish/").status_code == 403
    assert Branding.objects.get(state=BrandingState.DRAFT).footer_text == ""


def test_a_site_admin_patches_publishes_and_everyone_sees_it(admin_client: Client) -> None:
    response = admin_client.patch(
        API + "draft/",
        {"theme": "rijk", "color_primary": "#0B5E55", "menu": [{"label": "A", "url": "/a/"}]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["theme"], response.json()["color_primary"]) == ("rijk", "#0b5e55")
    assert Client(HTTP_HOST=ALPHA_HOST).get(API).json()["theme"] == "default"
    published = admin_client.post(API + "publish/")
    assert published.status_code == 200
    assert published.json()["theme"] == "rijk"
    body = Client(HTTP_HOST=ALPHA_HOST).get(API).json()
    assert (body["theme"], body["color_primary"], body["menu"]) == (
        "rijk",
        "#0b5e55",
        [{"label": "A", "url": "/a/"}],
    )


def test_a_bad_patch_is_a_400_with_messages_and_changes_nothing(admin_client: Client) -> None:
    response = admin_client.patch(
        API + "draft/",
        {"color_primary": "#7fa7d1", "footer_text": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["color_primary"][0] == (
        "Primary colour #7fa7d1 with white text has contrast 2.51:1; at least 4.5:1 is needed."
    )
    assert Branding.objects.get(state=BrandingState.DRAFT).footer_text == ""


def test_a_logo_is_uploaded_as_multipart_and_removed_with_null(
    admin_client: Client, media_root: Path
) -> None:
    response = admin_client.patch(
        API + "draft/",
        _multipart({"logo": upload(image_bytes())}),
        content_type="multipart/form-data; boundary=BoUnDaRy",
    )
    assert response.status_code == 200
    assert response.json()["logo_url"].startswith("http://alpha.test/manage/branding/draft/logo/")
    removed = admin_client.patch(API + "draft/", {"logo": None}, content_type="application/json")
    assert removed.json()["logo_url"] == ""


def test_alpha_admin_cookies_are_anonymous_on_beta(
    beta_client_with_alpha_cookies: Client,
) -> None:
    response = beta_client_with_alpha_cookies.patch(
        API + "draft/", {"footer_text": "x"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert beta_client_with_alpha_cookies.post(API + "publish/").status_code == 401
    assert Client(HTTP_HOST=BETA_HOST).get(API).json()["footer_text"] == ""


def test_the_openapi_schema_describes_the_branding_api(in_alpha: Organisation) -> None:
    schema = Client(HTTP_HOST=ALPHA_HOST).get("/api/schema/", {"format": "json"}).json()
    assert set(schema["paths"][API]) == {"get"}
    assert set(schema["paths"][API + "draft/"]) == {"get", "patch"}
    assert set(schema["paths"][API + "publish/"]) == {"post"}
    assert "/api/v1/site/" in schema["paths"]


def _multipart(fields: dict[str, object]) -> bytes:
    from django.test.client import encode_multipart

    return encode_multipart("BoUnDaRy", fields)
