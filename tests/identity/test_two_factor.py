"""The optional TOTP second factor: enrolment, the code step at login, and relying
parties that ask for it with acr_values=plein:mfa."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tenant_apps.accounts.models import User
from tests.conftest import ALPHA_HOST, HUB_HOST, BaseOrganisations
from tests.identity.helpers import (
    authorize,
    authorize_params,
    callback_query,
    code_flow,
    login,
    person_create,
    pkce_pair,
    verified_claims,
)


def _throttle_lift(device: TOTPDevice) -> None:
    # After a wrong code django-otp makes the next try wait (1 s, then doubling).
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    device.refresh_from_db()


def _code(device: TOTPDevice) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return str(value).zfill(device.digits)


@pytest.fixture
def anna(orgs: BaseOrganisations) -> User:
    return person_create()


def test_enrolment_shows_a_qr_code_and_needs_a_right_code(anna: User) -> None:
    browser = Client(HTTP_HOST=HUB_HOST)
    login(browser)
    page = browser.get("/account/two-factor/")
    assert page.status_code == 200
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=anna, confirmed=False)
    assert browser.post("/account/two-factor/", {"token": "000000"}).status_code == 400
    _throttle_lift(device)
    assert browser.post("/account/two-factor/", {"token": _code(device)}).status_code == 302
    assert TOTPDevice.objects.filter(user=anna, confirmed=True).count() == 1
    # and this session now counts as two-factor
    claims = verified_claims(code_flow(browser, slug="alpha", domain=ALPHA_HOST)["id_token"])
    assert (claims["amr"], claims["acr"]) == (["pwd", "otp"], "plein:mfa")


def test_with_a_device_the_login_completes_only_after_the_code(anna: User) -> None:
    # given anna with a confirmed authenticator
    device = TOTPDevice.objects.create(user=anna, name="phone", confirmed=True)
    browser = Client(HTTP_HOST=HUB_HOST)
    # when she gives her password
    response = login(browser)
    # then she is asked for the code and is not logged in yet
    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor/verify/"
    assert "_auth_user_id" not in browser.session
    assert browser.get("/account/profile/").status_code == 302
    # a wrong code is refused
    wrong = browser.post("/account/two-factor/verify/", {"token": "123456"})
    assert wrong.status_code == 400
    assert "_auth_user_id" not in browser.session
    _throttle_lift(device)
    # the right code logs her in, with both factors in the tokens
    right = browser.post("/account/two-factor/verify/", {"token": _code(device)})
    assert right.status_code == 302
    claims = verified_claims(code_flow(browser, slug="alpha", domain=ALPHA_HOST)["id_token"])
    assert (claims["amr"], claims["acr"]) == (["pwd", "otp"], "plein:mfa")


def test_a_site_asking_for_mfa_gets_the_code_step_first(anna: User) -> None:
    # given anna logged in with her password only, and a device
    device = TOTPDevice.objects.create(user=anna, name="phone", confirmed=True)
    device.confirmed = False
    device.save()
    browser = Client(HTTP_HOST=HUB_HOST)
    login(browser)
    device.confirmed = True
    device.save()
    params = authorize_params(
        slug="alpha", domain=ALPHA_HOST, pkce=pkce_pair(), acr_values="plein:mfa"
    )
    # when alpha asks for a second factor
    response = authorize(browser, params)
    # then she enters her code first, and comes back to the authorization
    assert response.status_code == 302
    assert response["Location"].startswith(
        "/account/two-factor/verify/?next=%2Foidc%2Fauthorize%2F"
    )
    back = browser.post(response["Location"], {"token": _code(device)})
    assert back.status_code == 302
    query = callback_query(browser.get(back["Location"]))
    assert "code" in query
    # and silently, a session without the second factor is refused
    other = Client(HTTP_HOST=HUB_HOST)
    device.confirmed = False
    device.save()
    login(other)
    silent = authorize(other, {**params, "prompt": "none"})
    assert callback_query(silent) == {"error": "login_required", "state": "st4te"}


def test_a_site_asking_for_mfa_sends_a_person_without_a_device_to_enrol(anna: User) -> None:
    browser = Client(HTTP_HOST=HUB_HOST)
    login(browser)
    params = authorize_params(
        slug="alpha", domain=ALPHA_HOST, pkce=pkce_pair(), acr_values="plein:mfa"
    )
    verify = browser.get(authorize(browser, params)["Location"])
    assert verify.status_code == 302
    assert verify["Location"].startswith(
        "/account/two-factor/?next=" + quote("/oidc/authorize/", safe="")
    )
