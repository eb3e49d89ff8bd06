"""Logging out at the provider: the session ends, prompt=none answers login_required,
tokens stop working, and every client that got an ID token in the session receives an
OpenID Connect back-channel logout token."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from shared_apps.identity.models import ProviderSession, SessionClient
from shared_apps.identity.services.backchannel import logout_token_build
from shared_apps.identity.tasks import provider_sessions_prune_task
from tenants.services import organisation_create
from tests.benchmarks.common import free_port
from tests.conftest import ALPHA_HOST, HUB_HOST, BaseOrganisations
from tests.identity.helpers import (
    authorize,
    authorize_params,
    basic_auth,
    callback_query,
    code_flow,
    login,
    person_create,
    pkce_pair,
    verified_claims,
)
from tests.identity.receiver import receiver_running

EVENT = "http://schemas.openid.net/event/backchannel-logout"


def test_a_logout_token_carries_exactly_what_the_specification_asks(
    orgs: BaseOrganisations,
) -> None:
    token = logout_token_build(client_id="plein-alpha", subject="sub-1", sid="sid-1")
    claims = verified_claims(token, iss="http://hub.test:8000/oidc", aud="plein-alpha")
    assert set(claims) == {"iss", "aud", "iat", "exp", "jti", "sub", "sid", "events"}
    assert (claims["sub"], claims["sid"]) == ("sub-1", "sid-1")
    assert claims["events"] == {EVENT: {}}
    assert claims["exp"] - claims["iat"] == 120
    assert "nonce" not in claims
    other = logout_token_build(client_id="plein-alpha", subject="sub-1", sid="sid-1")
    assert verified_claims(other)["jti"] != claims["jti"]


def test_logout_at_the_provider_tells_each_client_and_ends_everything(
    orgs: BaseOrganisations, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    # given a relying party listening on this machine, and anna logged in there via SSO
    port = free_port()
    with override_settings(PLEIN_URL_PORT=port):
        organisation_create(name="Gemeente Lokaal", domain="127.0.0.1", slug="lokaal")
    anna = person_create()
    browser = Client(HTTP_HOST=HUB_HOST)
    login(browser)
    with override_settings(PLEIN_URL_PORT=port):
        tokens = code_flow(browser, slug="lokaal", domain="127.0.0.1")
    sid = browser.session["identity_sid"]
    # when she logs out at the provider
    with receiver_running(port) as receiver, django_capture_on_commit_callbacks(execute=True):
        response = browser.post("/account/logout/")
    # then that relying party received one back-channel logout token by POST
    assert response.status_code == 302
    assert [(post.path, post.content_type) for post in receiver.posts] == [
        ("/auth/backchannel-logout/", "application/x-www-form-urlencoded")
    ]
    claims = verified_claims(receiver.posts[0].form["logout_token"][0], aud="plein-lokaal")
    assert (claims["sub"], claims["sid"], claims["events"]) == (anna.oidc_subject, sid, {EVENT: {}})
    # and the provider session, its tokens and the browser's login are gone
    assert ProviderSession.objects.get(sid=sid).ended_at is not None
    refresh = Client(HTTP_HOST=HUB_HOST).post(
        "/oidc/token/",
        {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
        HTTP_AUTHORIZATION=basic_auth("lokaal"),
    )
    assert refresh.status_code == 400
    introspected = Client(HTTP_HOST=HUB_HOST).post(
        "/oidc/introspect/",
        {"token": tokens["access_token"]},
        HTTP_AUTHORIZATION=basic_auth("lokaal"),
    )
    assert introspected.json() == {"active": False}
    silent = authorize(
        browser, authorize_params(slug="alpha", domain=ALPHA_HOST, pkce=pkce_pair(), prompt="none")
    )
    assert callback_query(silent) == {"error": "login_required", "state": "st4te"}


def test_a_session_ended_elsewhere_makes_prompt_none_answer_login_required(
    orgs: BaseOrganisations,
) -> None:
    # given anna logged in, with a silent login that works
    person_create()
    browser = Client(HTTP_HOST=HUB_HOST)
    login(browser)
    params = authorize_params(slug="alpha", domain=ALPHA_HOST, pkce=pkce_pair(), prompt="none")
    assert "code" in callback_query(authorize(browser, params))
    # when her provider session ends by another way than this browser's logout
    from shared_apps.identity.services.sessions import provider_session_end

    provider_session_end(sid=browser.session["identity_sid"])
    # then the next silent login is refused
    assert callback_query(authorize(browser, params)) == {
        "error": "login_required",
        "state": "st4te",
    }


def test_rp_initiated_logout_ends_the_provider_session_and_returns_to_the_site(
    orgs: BaseOrganisations, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    # given anna logged in on alpha through the provider
    person_create()
    browser = Client(HTTP_HOST=HUB_HOST)
    login(browser)
    tokens = code_flow(browser, slug="alpha", domain=ALPHA_HOST)
    sid = browser.session["identity_sid"]
    # when alpha sends her to the end-session endpoint with her ID token
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = browser.get(
            "/oidc/logout/",
            {
                "id_token_hint": tokens["id_token"],
                "post_logout_redirect_uri": "http://alpha.test:8000/",
                "state": "bye",
            },
        )
    # then she is back on alpha without a confirmation page, logged out at the provider,
    # and a back-channel logout for alpha is queued
    assert response.status_code == 302
    assert response["Location"] == "http://alpha.test:8000/?state=bye"
    assert ProviderSession.objects.get(sid=sid).ended_at is not None
    assert list(
        SessionClient.objects.filter(session__sid=sid).values_list("client_id", flat=True)
    ) == ["plein-alpha"]
    assert len(callbacks) == 1
    assert "_auth_user_id" not in browser.session


@pytest.mark.parametrize("target", ["http://evil.example/", "http://beta.test:8000/"])
def test_rp_initiated_logout_refuses_a_return_address_the_client_does_not_own(
    orgs: BaseOrganisations, target: str
) -> None:
    person_create()
    browser = Client(HTTP_HOST=HUB_HOST)
    login(browser)
    tokens = code_flow(browser, slug="alpha", domain=ALPHA_HOST)
    response = browser.get(
        "/oidc/logout/", {"id_token_hint": tokens["id_token"], "post_logout_redirect_uri": target}
    )
    assert response.status_code == 400
    assert "_auth_user_id" in browser.session


def test_after_a_password_change_ending_the_provider_session_still_logs_the_browser_out(
    orgs: BaseOrganisations,
) -> None:
    # given anna logged in, who changes her password (the session gets a new key)
    from shared_apps.identity.services.sessions import provider_session_end

    person_create()
    browser = Client(HTTP_HOST=HUB_HOST)
    login(browser)
    old_key = browser.session.session_key
    changed = browser.post(
        "/account/password/",
        {
            "old_password": "Correct-Horse-Battery-42",
            "new_password1": "Fresh-Phrase-99x",
            "new_password2": "Fresh-Phrase-99x",
        },
    )
    assert changed.status_code == 302
    assert browser.session.session_key != old_key
    assert "_auth_user_id" in browser.session
    # when her provider session ends from elsewhere
    provider_session_end(sid=browser.session["identity_sid"])
    # then this browser is logged out too
    assert "_auth_user_id" not in browser.session


def test_logout_without_an_id_token_asks_first_then_ends_the_session(
    orgs: BaseOrganisations,
) -> None:
    person_create()
    browser = Client(HTTP_HOST=HUB_HOST)
    login(browser)
    sid = browser.session["identity_sid"]
    page = browser.get("/oidc/logout/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert '<button type="submit" name="allow" value="true">Log out everywhere</button>' in (
        page.content.decode()
    )
    assert ProviderSession.objects.get(sid=sid).ended_at is None
    done = browser.post("/oidc/logout/", {"allow": "true"})
    assert done.status_code == 302
    assert ProviderSession.objects.get(sid=sid).ended_at is not None
    assert "_auth_user_id" not in browser.session


def test_sessions_that_ended_long_ago_are_pruned_and_the_rest_kept(
    orgs: BaseOrganisations,
) -> None:
    # given an open session, one ended yesterday and one ended 31 days ago, with a client
    person = person_create()
    now = timezone.now()
    open_session = ProviderSession.objects.create(user=person, amr=["pwd"])
    recent = ProviderSession.objects.create(
        user=person, amr=["pwd"], ended_at=now - timedelta(days=1)
    )
    old = ProviderSession.objects.create(
        user=person, amr=["pwd"], ended_at=now - timedelta(days=31)
    )
    SessionClient.objects.create(session=old, client_id="plein-alpha")
    # when the daily task runs
    pruned = provider_sessions_prune_task()
    # then only the old session went, with its client link
    assert set(ProviderSession.objects.filter(user=person)) == {open_session, recent}
    assert not SessionClient.objects.filter(session_id=old.pk).exists()
    assert pruned == 1
