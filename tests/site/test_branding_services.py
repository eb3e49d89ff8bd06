"""Saving, publishing and discarding the branding: checks first, nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenant_apps.accounts.models import User
from tenant_apps.site.models import Branding, BrandingState
from tenant_apps.site.selectors import branding_draft, branding_published
from tenant_apps.site.services import (
    BrandingInputError,
    ImageChange,
    branding_draft_discard,
    branding_draft_update,
    branding_publish,
)
from tenants.models import Organisation
from tests.uploads import image_bytes, upload


def _row(state: str) -> Branding:
    return Branding.objects.get(state=state)


def test_a_new_organisation_has_a_draft_and_a_published_branding(in_alpha: Organisation) -> None:
    # given alpha, copied from the template schema
    # then both versions are there, with the theme's own colours
    assert sorted(Branding.objects.values_list("state", flat=True)) == ["draft", "published"]
    published = branding_published(organisation=in_alpha)
    assert (published.theme, published.color_primary, published.logo) == ("default", "", "")


def test_saving_the_draft_leaves_the_published_branding_alone(
    in_alpha: Organisation, alpha_admin: User
) -> None:
    # when a site admin saves colours, a font, a menu and texts
    branding_draft_update(
        actor=alpha_admin,
        organisation=in_alpha,
        changes={
            "theme": "gemeente",
            "color_primary": "#0B5E55",
            "font": "verdana",
            "menu": [{"label": "Contact", "url": "/contact/"}],
            "footer_text": "Stadhuisplein 1",
            "welcome_text": "Welkom!",
            "default_language": "en",
        },
    )
    # then the draft has them (colour normalised) and the published branding does not
    draft = branding_draft(organisation=in_alpha)
    assert (draft.theme, draft.color_primary, draft.font) == ("gemeente", "#0b5e55", "verdana")
    assert [(item.label, item.url) for item in draft.menu] == [("Contact", "/contact/")]
    assert (draft.footer_text, draft.welcome_text, draft.default_language) == (
        "Stadhuisplein 1",
        "Welkom!",
        "en",
    )
    published = _row(BrandingState.PUBLISHED)
    assert (published.color_primary, published.menu, published.footer_text) == ("", [], "")


def test_a_colour_failing_contrast_is_refused_with_the_pair_and_ratio(
    in_alpha: Organisation, alpha_admin: User
) -> None:
    # when a light blue is chosen as primary colour
    with pytest.raises(BrandingInputError) as refused:
        branding_draft_update(
            actor=alpha_admin,
            organisation=in_alpha,
            changes={"color_primary": "#7fa7d1", "footer_text": "changed"},
        )
    # then both pairs it would be drawn in are named, with ratio and requirement
    assert refused.value.problems == {
        "color_primary": [
            "Primary colour #7fa7d1 with white text has contrast 2.51:1; at least 4.5:1 is needed.",
            "Primary colour #7fa7d1 as link text on the page background (white) has "
            "contrast 2.51:1; at least 4.5:1 is needed.",
        ],
        "color_secondary": [
            "Primary colour #7fa7d1 as link text on secondary colour #e8f0f7 has "
            "contrast 2.18:1; at least 4.5:1 is needed.",
        ],
    }
    # and nothing of the change was saved
    assert _row(BrandingState.DRAFT).footer_text == ""


def test_a_dark_secondary_colour_is_refused(in_alpha: Organisation, alpha_admin: User) -> None:
    with pytest.raises(BrandingInputError) as refused:
        branding_draft_update(
            actor=alpha_admin, organisation=in_alpha, changes={"color_secondary": "#333333"}
        )
    assert refused.value.problems["color_secondary"][0] == (
        "Text colour #1a1a1a on secondary colour #333333 has contrast 1.37:1; "
        "at least 4.5:1 is needed."
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"color_primary": "red;}</style>"},
            "color_primary",
            "Give a colour as #rrggbb (for example #1f4e79), not 'red;}</style>'.",
        ),
        (
            {"theme": "nope"},
            "theme",
            "Unknown theme 'nope'; choose one of: default, gemeente, rijk.",
        ),
        (
            {"font": "Comic Sans"},
            "font",
            "Unknown font 'Comic Sans'; choose one of: theme, system-ui, humanist, "
            "geometric, verdana, transitional.",
        ),
        (
            {"menu": [{"label": "Evil", "url": "javascript:alert(1)"}]},
            "menu",
            "Menu item 1: the URL must be a path on this site (starting with /) or an "
            "https:// address.",
        ),
        (
            {"menu": [{"label": "Away", "url": "//evil.example/"}]},
            "menu",
            "Menu item 1: the URL must be a path on this site (starting with /) or an "
            "https:// address.",
        ),
        (
            {"menu": [{"label": "", "url": "/x/"}]},
            "menu",
            "Menu item 1 needs a label of 1 to 40 characters.",
        ),
        (
            {"menu": [{"label": f"Item {n}", "url": "/x/"} for n in range(9)]},
            "menu",
            "The menu can have at most 8 items.",
        ),
        ({"default_language": "de"}, "default_language", "Choose one of: nl, en."),
        ({"footer_text": "x" * 1001}, "footer_text", "At most 1000 characters."),
        ({"logo": "../../etc/passwd"}, "logo", "Not a field that can be changed."),
    ],
)
def test_bad_input_is_refused_with_a_message(
    in_alpha: Organisation,
    alpha_admin: User,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    before = _row(BrandingState.DRAFT).updated_at
    with pytest.raises(BrandingInputError) as refused:
        branding_draft_update(actor=alpha_admin, organisation=in_alpha, changes=changes)
    assert refused.value.problems[field] == [message]
    assert _row(BrandingState.DRAFT).updated_at == before


def test_https_and_internal_menu_links_are_accepted(
    in_alpha: Organisation, alpha_admin: User
) -> None:
    menu = [
        {"label": "Contact", "url": "/contact/?from=menu#top"},
        {"label": "Website", "url": "https://www.example.nl/over-ons"},
    ]
    branding_draft_update(actor=alpha_admin, organisation=in_alpha, changes={"menu": menu})
    assert _row(BrandingState.DRAFT).menu == menu


def test_a_logo_is_stored_under_a_fresh_name(
    in_alpha: Organisation, alpha_admin: User, media_root: Path
) -> None:
    branding_draft_update(
        actor=alpha_admin,
        organisation=in_alpha,
        changes={},
        images=(ImageChange(kind="logo", upload=upload(image_bytes("WEBP"), "../../x.svg")),),
    )
    name = _row(BrandingState.DRAFT).logo
    assert name.startswith("branding/logo-") and name.endswith(".webp")
    assert (media_root / "org_alpha" / name).read_bytes() == image_bytes("WEBP")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)'
            b"</script></svg>",
            "The logo cannot be an SVG file: SVG can carry scripts. Upload a PNG, JPEG or "
            "WebP image.",
        ),
        (b"GIF89a" + b"\x00" * 40, "The logo must be a PNG, JPEG or WebP image."),
        (image_bytes("PNG")[:40], "The logo is damaged or not really an image."),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "The logo is damaged or not really an image."),
        (image_bytes("PNG") + b"\x00" * (1024 * 1024), "The logo can be at most 1024 KB."),
        (image_bytes("PNG", (5000, 2)), "The logo can be at most 4096 pixels wide and high."),
    ],
)
def test_a_bad_logo_is_refused_and_nothing_is_stored(
    in_alpha: Organisation,
    alpha_admin: User,
    media_root: Path,
    content: bytes,
    message: str,
) -> None:
    with pytest.raises(BrandingInputError) as refused:
        branding_draft_update(
            actor=alpha_admin,
            organisation=in_alpha,
            changes={"footer_text": "with a logo"},
            images=(ImageChange(kind="logo", upload=upload(content)),),
        )
    assert refused.value.problems == {"logo": [message]}
    assert _row(BrandingState.DRAFT).footer_text == ""
    assert not (media_root / "org_alpha" / "branding").exists()


def test_publishing_makes_the_draft_public_and_moves_the_theme(
    in_alpha: Organisation, alpha_admin: User, media_root: Path
) -> None:
    # given a draft with another theme, a colour and a logo
    branding_draft_update(
        actor=alpha_admin,
        organisation=in_alpha,
        changes={"theme": "rijk", "color_primary": "#0b5e55", "footer_text": "Voet"},
        images=(ImageChange(kind="logo", upload=upload(image_bytes())),),
    )
    # when it is published
    registry = branding_publish(actor=alpha_admin, organisation=in_alpha)
    # then the organisation's theme (the public registry) and its published branding follow
    assert Organisation.objects.get(pk=in_alpha.pk).theme == "rijk"
    published = branding_published(organisation=registry)
    assert (published.theme, published.color_primary, published.footer_text) == (
        "rijk",
        "#0b5e55",
        "Voet",
    )
    assert published.logo == _row(BrandingState.DRAFT).logo != ""
    # and the draft now simply follows the organisation's theme
    assert _row(BrandingState.DRAFT).theme == ""


def test_the_published_branding_is_read_once_per_process(
    in_alpha: Organisation, alpha_admin: User, django_assert_num_queries: object
) -> None:
    # given alpha's published branding read once
    branding_published(organisation=in_alpha)
    # then reading it again costs no SQL
    with django_assert_num_queries(0):  # type: ignore[operator]
        branding_published(organisation=in_alpha)
    # and after a publication the organisation's new stamp makes it read again
    branding_draft_update(
        actor=alpha_admin, organisation=in_alpha, changes={"welcome_text": "Nieuw"}
    )
    registry = branding_publish(actor=alpha_admin, organisation=in_alpha)
    assert branding_published(organisation=registry).welcome_text == "Nieuw"


def test_replacing_a_published_logo_deletes_the_old_file_after_publishing(
    in_alpha: Organisation,
    alpha_admin: User,
    media_root: Path,
    django_capture_on_commit_callbacks: object,
) -> None:
    def save_logo() -> str:
        with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
            branding_draft_update(
                actor=alpha_admin,
                organisation=in_alpha,
                changes={},
                images=(ImageChange(kind="logo", upload=upload(image_bytes())),),
            )
            branding_publish(actor=alpha_admin, organisation=in_alpha)
        return _row(BrandingState.PUBLISHED).logo

    first = save_logo()
    second = save_logo()
    assert first != second
    assert not (media_root / "org_alpha" / first).exists()
    assert (media_root / "org_alpha" / second).exists()


def test_discarding_the_draft_brings_back_the_published_branding(
    in_alpha: Organisation, alpha_admin: User
) -> None:
    branding_draft_update(
        actor=alpha_admin, organisation=in_alpha, changes={"footer_text": "Concept"}
    )
    branding_draft_discard(actor=alpha_admin, organisation=in_alpha)
    assert _row(BrandingState.DRAFT).footer_text == ""
