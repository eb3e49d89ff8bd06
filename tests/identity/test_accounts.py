"""Accounts at the provider: register and verify, reset and change the password, profile,
and login throttling that leaves every other site alone."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shared_apps.identity.models import Profile
from tenant_apps.accounts.models import User
from tests.conftest import ALPHA_HOST, HUB_HOST, BaseOrganisations
from tests.identity.helpers import PASSWORD, code_flow, login, person_create, verified_claims
from tests.uploads import image_bytes

PNG = image_bytes("PNG")


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"http://hub\.test:8000(/account/\S+)", str(message.body))
    assert found is not None, message.body
    return found.group(1)


def test_registration_sends_a_verification_mail_whose_link_verifies(
    hub_client: Client, orgs: BaseOrganisations, django_capture_on_commit_callbacks: object
) -> None:
    # when someone registers
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = hub_client.post(
            "/account/register/",
            {
                "email": "Bert@Example.org",
                "first_name": "Bert",
                "last_name": "Jansen",
                "password": PASSWORD,
            },
        )
    # then the account exists with an opaque subject of this issuer, unverified
    assert response.status_code == 201
    user = User.objects.get(username="bert@example.org")
    assert user.oidc_issuer == "http://hub.test:8000/oidc"
    assert re.fullmatch(r"[0-9a-f-]{36}", user.oidc_subject)
    assert Profile.objects.get(user=user).email_verified is False
    # and one mail went out (through the Celery task) with a verification link
    assert [message.to for message in mail.outbox] == [["bert@example.org"]]
    # when the link is opened, the address is verified
    assert hub_client.get(_link(mail.outbox[0])).status_code == 200
    assert Profile.objects.get(user=user).email_verified is True


def test_a_tampered_verification_link_is_refused(
    hub_client: Client, orgs: BaseOrganisations
) -> None:
    response = hub_client.get("/account/verify/not-a-real-token/")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "anna@example.org", "password": PASSWORD}, "email"),
        ({"email": "new@example.org", "password": "12345678"}, "password"),
        ({"email": "not-an-address", "password": PASSWORD}, "email"),
    ],
    ids=["taken", "weak-password", "bad-email"],
)
def test_bad_registrations_are_refused_with_a_message_and_write_nothing(
    hub_client: Client, orgs: BaseOrganisations, data: dict[str, str], field: str
) -> None:
    person_create()
    before = User.objects.count()
    response = hub_client.post("/account/register/", data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert User.objects.count() == before
    assert mail.outbox == []


def test_password_reset_mail_and_new_password(
    hub_client: Client, orgs: BaseOrganisations, django_capture_on_commit_callbacks: object
) -> None:
    person_create()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = hub_client.post("/account/password-reset/", {"email": "anna@example.org"})
    assert response.status_code == 200
    assert [message.to for message in mail.outbox] == [["anna@example.org"]]
    link = _link(mail.outbox[0])
    response = hub_client.post(
        link, {"new_password1": "Another-Long-Phrase-7", "new_password2": "Another-Long-Phrase-7"}
    )
    assert response.status_code == 302
    assert login(Client(HTTP_HOST=HUB_HOST), password="Another-Long-Phrase-7").status_code == 302
    # and the link works once
    assert hub_client.get(link).status_code == 400


def test_a_reset_for_an_unknown_address_answers_the_same_and_sends_nothing(
    hub_client: Client, orgs: BaseOrganisations, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = hub_client.post("/account/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 200
    assert mail.outbox == []


def test_password_change_needs_the_old_password(
    hub_client: Client, orgs: BaseOrganisations
) -> None:
    person_create()
    login(hub_client)
    wrong = hub_client.post(
        "/account/password/",
        {
            "old_password": "wrong",
            "new_password1": "Fresh-Phrase-99x",
            "new_password2": "Fresh-Phrase-99x",
        },
    )
    assert wrong.status_code == 400
    right = hub_client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Fresh-Phrase-99x",
            "new_password2": "Fresh-Phrase-99x",
        },
    )
    assert right.status_code == 302
    assert User.objects.get(username="anna@example.org").check_password("Fresh-Phrase-99x")


def test_profile_update_with_a_picture_that_becomes_the_picture_claim(
    hub_client: Client, orgs: BaseOrganisations
) -> None:
    anna = person_create()
    login(hub_client)
    response = hub_client.post(
        "/account/profile/",
        {
            "first_name": "Anna",
            "last_name": "de Vries",
            "language": "en",
            "avatar": SimpleUploadedFile("me.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    anna.refresh_from_db()
    assert (anna.get_full_name(), anna.language) == ("Anna de Vries", "en")
    picture = hub_client.get(f"/account/picture/{anna.oidc_subject}/")
    assert picture.status_code == 200
    assert picture["Content-Type"] == "image/png"
    assert b"".join(picture.streaming_content) == PNG  # type: ignore[attr-defined]
    # and relying parties get its address in the `picture` claim
    claims = verified_claims(code_flow(hub_client, slug="alpha", domain=ALPHA_HOST)["id_token"])
    assert claims["picture"] == f"http://hub.test:8000/account/picture/{anna.oidc_subject}/"
    assert claims["locale"] == "en"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("me.png", b"<svg onload=alert(1)>", content_type="image/png"),
            "The picture must be a PNG, JPEG or WebP image.",
        ),
        (
            SimpleUploadedFile("me.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
            "The picture is damaged or not really an image.",
        ),
        (
            SimpleUploadedFile("big.png", PNG + b"\x00" * 1024 * 1024, content_type="image/png"),
            "The picture is larger than 1 MB.",
        ),
    ],
    ids=["not-an-image", "png-magic-only", "too-large"],
)
def test_a_bad_picture_is_refused_and_nothing_changes(
    hub_client: Client, orgs: BaseOrganisations, upload: SimpleUploadedFile, message: str
) -> None:
    anna = person_create()
    login(hub_client)
    response = hub_client.post(
        "/account/profile/",
        {"first_name": "Changed", "last_name": "", "language": "", "avatar": upload},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["form"].errors["avatar"] == [message]
    anna.refresh_from_db()
    assert anna.first_name == "Anna"
    assert not Profile.objects.get(user=anna).avatar


def test_profile_pages_need_a_login(hub_client: Client, orgs: BaseOrganisations) -> None:
    response = hub_client.get("/account/profile/")
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=%2Faccount%2Fprofile%2F"


def test_repeated_failures_lock_the_username_from_this_address_with_a_clear_message(
    hub_client: Client, orgs: BaseOrganisations
) -> None:
    person_create()
    person_create(email="bob@example.org")
    # when five wrong passwords are tried for anna from one address
    statuses = [login(hub_client, password="wrong").status_code for _attempt in range(5)]
    # then the fifth is already refused as a lockout, and so is the right password now
    assert statuses == [400, 400, 400, 400, 429]
    locked = hub_client.post(
        "/account/login/",
        {"username": "anna@example.org", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert locked.status_code == 429
    assert (
        "Too many failed attempts to log in with this e-mail address from your network. "
        "Wait 15 minutes and try again, or reset your password."
    ) in locked.content.decode()
    assert "_auth_user_id" not in hub_client.session
    # and another person from the same address still logs in
    assert login(Client(HTTP_HOST=HUB_HOST), email="bob@example.org").status_code == 302


def test_logins_elsewhere_are_not_throttled_or_recorded(
    alpha_client: Client, orgs: BaseOrganisations
) -> None:
    from django.contrib.auth import authenticate

    # a failed authenticate() outside the provider's login form (a relying party, an API)
    assert authenticate(None, username="anna@example.org", password="wrong") is None
    alpha_client.post("/account/login/", {"username": "anna@example.org", "password": "x"})
    assert AccessAttempt.objects.count() == 0


def test_the_login_page_speaks_dutch_by_default_and_english_on_request(
    hub_client: Client, orgs: BaseOrganisations
) -> None:
    dutch = hub_client.get("/account/login/").content.decode()
    english = hub_client.get("/account/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="nl">' in dutch
    assert "<h1>Inloggen bij Plein</h1>" in dutch
    assert '<label for="id_username">E-mailadres <span aria-hidden="true">*</span></label>' in dutch
    assert '<html lang="en">' in english
    assert "<h1>Log in to Plein</h1>" in english
