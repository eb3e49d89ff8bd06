"""/manage/branding/: site admins edit, preview and publish; everyone else is kept out."""

from __future__ import annotations

from pathlib import Path

from django.test import Client

from tenant_apps.accounts.models import User
from tenant_apps.site.models import Branding, BrandingState
from tenant_apps.site.selectors import branding_cache_reset, organisation_logo_url
from tenants.models import Organisation
from tests.conftest import ALPHA_HOST, BETA_HOST
from tests.uploads import image_bytes, upload

FORM = {
    "theme": "gemeente",
    "color_primary": "#0b5e55",
    "color_secondary": "",
    "font": "verdana",
    "menu": "Contact | /contact/\nWebsite | https://www.example.nl/",
    "footer_text": "Stadhuisplein 1, Alfastad",
    "welcome_text": "Welkom bij de gemeente.",
    "default_language": "nl",
}


def _anonymous() -> Client:
    return Client(HTTP_HOST=ALPHA_HOST, HTTP_ACCEPT_LANGUAGE="en")


def test_anonymous_visitors_are_sent_to_the_login(in_alpha: Organisation) -> None:
    response = _anonymous().get("/manage/branding/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/manage/branding/"


def test_members_who_are_not_site_admins_get_a_403_page(
    in_alpha: Organisation, alpha_member: User
) -> None:
    client = _anonymous()
    client.force_login(alpha_member)
    response = client.get("/manage/branding/")
    assert response.status_code == 403
    assert "Only the site admins of this organisation can change its branding." in response.text
    assert client.post("/manage/branding/publish/").status_code == 403


def test_the_form_shows_the_draft(admin_client: Client) -> None:
    response = admin_client.get("/manage/branding/")
    assert response.status_code == 200
    assert "<h1>Branding</h1>" in response.text
    assert '<label for="id_color_primary">Primary colour:</label>' in response.text
    assert 'aria-describedby="id_color_primary_helptext"' in response.text


def test_saving_a_draft_then_previewing_it_shows_it_to_the_admin_only(
    admin_client: Client, media_root: Path
) -> None:
    # when the admin saves a draft with a logo
    response = admin_client.post(
        "/manage/branding/", {**FORM, "logo": upload(image_bytes())}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    assert response["Location"] == "/manage/branding/"
    # then visitors still see the published look
    visitor_page = _anonymous().get("/groups/").text
    assert "--plein-color-primary:#1f4e79;" in visitor_page
    assert "Stadhuisplein 1" not in visitor_page
    # when the admin starts the preview
    assert admin_client.post("/manage/branding/preview/")["Location"] == "/"
    preview = admin_client.get("/groups/").text
    # then the admin sees the whole site in the draft: theme, colour, font, menu, footer, logo
    assert "themes/gemeente/theme.css" in preview
    assert "--plein-color-primary:#0b5e55;" in preview
    assert "--plein-font-family:Verdana" in preview
    assert '<a href="/contact/">Contact</a>' in preview
    assert '<a href="https://www.example.nl/">Website</a>' in preview
    assert "Stadhuisplein 1, Alfastad" in preview
    assert 'src="/manage/branding/draft/logo/logo-' in preview
    assert "You are previewing the draft branding. Only you see this." in preview
    # and a visitor at the same moment does not
    assert "#0b5e55" not in _anonymous().get("/groups/").text


def test_publishing_shows_the_branding_to_everyone(admin_client: Client) -> None:
    admin_client.post("/manage/branding/", FORM)
    response = admin_client.post("/manage/branding/publish/")
    assert response.status_code == 302
    page = _anonymous().get("/groups/").text
    assert "themes/gemeente/theme.css" in page
    assert "--plein-color-primary:#0b5e55;" in page
    assert "Stadhuisplein 1, Alfastad" in page
    assert "previewing" not in page


def test_a_colour_failing_contrast_is_refused_on_the_page(admin_client: Client) -> None:
    response = admin_client.post("/manage/branding/", {**FORM, "color_primary": "#7fa7d1"})
    assert response.status_code == 400
    assert (
        "Primary colour #7fa7d1 with white text has contrast 2.51:1; at least 4.5:1 is needed."
        in response.text
    )
    assert 'aria-invalid="true"' in response.text
    assert Branding.objects.get(state=BrandingState.DRAFT).footer_text == ""


def test_an_svg_logo_is_refused_on_the_page(admin_client: Client, media_root: Path) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    response = admin_client.post("/manage/branding/", {**FORM, "logo": upload(svg, "l.svg")})
    assert response.status_code == 400
    assert "The logo cannot be an SVG file: SVG can carry scripts." in response.text


def test_a_menu_line_without_separator_is_refused(admin_client: Client) -> None:
    response = admin_client.post("/manage/branding/", {**FORM, "menu": "Contact /contact/"})
    assert response.status_code == 400
    assert "Write each menu item as “label | address”, one per line." in response.text


def test_published_logo_is_served_and_other_names_are_404(
    admin_client: Client, media_root: Path
) -> None:
    admin_client.post("/manage/branding/", {**FORM, "logo": upload(image_bytes("JPEG"))})
    admin_client.post("/manage/branding/publish/")
    name = Branding.objects.get(state=BrandingState.PUBLISHED).logo
    token = name.rsplit("/", 1)[-1]
    response = _anonymous().get(f"/branding/logo/{token}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    # the hub's organisation directory shows it from another origin
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert b"".join(response.streaming_content) == image_bytes("JPEG")  # type: ignore[attr-defined]
    assert _anonymous().get("/branding/logo").status_code == 200
    assert _anonymous().get("/branding/logo/logo-0000000000000000.jpg").status_code == 404
    assert _anonymous().get(f"/branding/favicon/{token}").status_code == 404
    # cross-organisation: alpha's logo name asked of beta is exactly a missing one
    beta = Client(HTTP_HOST=BETA_HOST)
    missing = beta.get("/branding/logo/logo-0000000000000000.jpg")
    crossed = beta.get(f"/branding/logo/{token}")
    assert (crossed.status_code, crossed.content) == (missing.status_code, missing.content)
    assert beta.get("/branding/logo")["Location"] == "/static/plein/logo-placeholder.svg"


def test_alpha_admin_cookies_mean_nothing_on_beta(
    beta_client_with_alpha_cookies: Client,
) -> None:
    response = beta_client_with_alpha_cookies.get("/manage/branding/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/manage/branding/"
    assert beta_client_with_alpha_cookies.post("/manage/branding/publish/").status_code == 302


def test_draft_images_are_for_site_admins_only(admin_client: Client, media_root: Path) -> None:
    admin_client.post("/manage/branding/", {**FORM, "logo": upload(image_bytes())})
    token = Branding.objects.get(state=BrandingState.DRAFT).logo.rsplit("/", 1)[-1]
    assert admin_client.get(f"/manage/branding/draft/logo/{token}").status_code == 200
    assert _anonymous().get(f"/manage/branding/draft/logo/{token}").status_code == 302
    # not published yet: the public address does not know it
    assert _anonymous().get(f"/branding/logo/{token}").status_code == 404


def test_stored_values_cannot_inject_css(in_alpha: Organisation, admin_client: Client) -> None:
    # given a published row changed behind the service's back (columns are short, so
    # only short payloads fit: the page must still refuse them)
    Branding.objects.filter(state=BrandingState.PUBLISHED).update(
        color_primary="red;}<s", font="x;}body{display:none"
    )
    branding_cache_reset()
    page = _anonymous().get("/groups/").text
    # then neither value reaches the page; the theme's tokens are used instead
    assert "red;}" not in page
    assert "display:none" not in page
    assert "--plein-color-primary:#1f4e79;" in page


def test_refusals_speak_the_admins_language(admin_client: Client) -> None:
    response = admin_client.post(
        "/manage/branding/", {**FORM, "color_primary": "#7fa7d1"}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 400
    assert (
        "Primaire kleur #7fa7d1 met witte tekst heeft contrast 2.51:1; er is minstens 4.5:1 "
        "nodig." in response.text
    )
    assert "<h1>Huisstijl</h1>" in response.text


def test_other_sites_get_a_stable_logo_address(orgs: object, in_alpha: Organisation) -> None:
    # the hub's directory can show <img src=...> without reading alpha's schema
    organisation = Organisation.objects.prefetch_related("domains").get(slug="alpha")
    assert (
        organisation_logo_url(organisation=organisation) == "http://alpha.test:8000/branding/logo"
    )
    response = _anonymous().get("/branding/logo")
    assert response.status_code == 302
    assert response["Location"] == "/static/plein/logo-placeholder.svg"
