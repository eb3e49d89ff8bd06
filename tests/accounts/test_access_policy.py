"""Closed sites: who gets an account, and the page that explains how to get in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tenant_apps.accounts.models import (
    AccessMode,
    AccessRequest,
    AccessRequestStatus,
    SiteAccessPolicy,
    User,
)
from tenant_apps.accounts.services import access_code_create
from tenant_apps.groups import services as group_services
from tenants.db import tenant_connection
from tests.accounts.conftest import BROWSER_HEADERS, log_in, site_client
from tests.accounts.provider import LoopbackProvider
from tests.conftest import BaseOrganisations
from tests.factories import UserFactory


@pytest.fixture
def closed(orgs: BaseOrganisations) -> SiteAccessPolicy:
    tenant_connection().set_tenant(orgs.alpha)
    return SiteAccessPolicy.objects.create(
        pk=1, mode=AccessMode.CLOSED, email_domains="alpha.nl\nwaterschap.nl"
    )


def _account(sub: str = "person-1") -> User | None:
    return User.objects.filter(oidc_subject=sub).first()


def _refused_login(client: Client, provider: LoopbackProvider, **claims: Any) -> Any:
    response = log_in(client, provider, next_url="/groups/", **claims)
    assert response.status_code == 302
    assert response["Location"] == "/access/"
    return client.get("/access/")


def test_open_site_admits_anyone(provider: LoopbackProvider, orgs: BaseOrganisations) -> None:
    log_in(site_client(), provider)
    assert _account() is not None


def test_closed_site_refuses_a_stranger_and_explains(
    provider: LoopbackProvider, closed: SiteAccessPolicy
) -> None:
    # when someone without an account logs in on a closed site
    client = site_client()
    page = _refused_login(client, provider, email="x@gmail.com", email_verified=True)
    # then no account is written, nobody is logged in, and the page says how to get in
    assert _account() is None
    assert "_auth_user_id" not in client.session
    assert page.status_code == 200
    assert "Enter an invitation code" in page.text
    assert "Ask for access" in page.text
    assert "<li>alpha.nl</li>" in page.text
    assert "<li>waterschap.nl</li>" in page.text


def test_verified_address_of_an_allowed_domain_gets_in(
    provider: LoopbackProvider, closed: SiteAccessPolicy
) -> None:
    response = log_in(site_client(), provider, email="Anna@Alpha.NL", email_verified=True)
    assert response["Location"] == "/groups/"
    assert _account() is not None


@pytest.mark.parametrize("verified", [False, "true", None])
def test_unverified_address_of_an_allowed_domain_does_not(
    provider: LoopbackProvider, closed: SiteAccessPolicy, verified: Any
) -> None:
    _refused_login(site_client(), provider, email="anna@alpha.nl", email_verified=verified)
    assert _account() is None


def test_subdomain_lookalike_does_not_get_in(
    provider: LoopbackProvider, closed: SiteAccessPolicy
) -> None:
    _refused_login(site_client(), provider, email="x@evil-alpha.nl", email_verified=True)
    _refused_login(site_client(), provider, email="x@alpha.nl.evil.com", email_verified=True)
    assert _account() is None


def test_invitation_code_lets_the_refused_person_in(
    provider: LoopbackProvider, closed: SiteAccessPolicy
) -> None:
    # given a code a site admin made, and a refused person
    admin = UserFactory(username="admin", is_staff=True)
    code = access_code_create(actor=admin, max_uses=1).code
    client = site_client()
    _refused_login(client, provider)
    # when they enter it
    response = client.post("/access/code/", {"code": code.lower()})
    # then they are in, with an account, where they were going
    assert response.status_code == 302
    assert response["Location"] == "/groups/"
    user = _account()
    assert user is not None
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.session["oidc_sid"] == "sid-person-1"


def test_a_used_up_code_is_refused(provider: LoopbackProvider, closed: SiteAccessPolicy) -> None:
    admin = UserFactory(username="admin", is_staff=True)
    code = access_code_create(actor=admin, max_uses=1).code
    first = site_client()
    _refused_login(first, provider)
    first.post("/access/code/", {"code": code})
    second = site_client()
    _refused_login(second, provider, sub="person-2")
    response = second.post("/access/code/", {"code": code})
    assert response.status_code == 400
    assert "This code is not valid" in response.text
    assert _account("person-2") is None


def test_a_wrong_code_is_refused(provider: LoopbackProvider, closed: SiteAccessPolicy) -> None:
    client = site_client()
    _refused_login(client, provider)
    response = client.post("/access/code/", {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 400
    assert _account() is None


def test_code_without_a_refused_login_goes_back_to_the_explanation(
    provider: LoopbackProvider, closed: SiteAccessPolicy
) -> None:
    response = site_client().post("/access/code/", {"code": "AAAA-BBBB-CCCC"})
    assert response["Location"] == "/access/"


def test_access_request_then_approval_then_login(
    provider: LoopbackProvider, closed: SiteAccessPolicy
) -> None:
    # given a refused person who asks for access
    client = site_client()
    _refused_login(client, provider, name="Piet", email="piet@gmail.com")
    page = client.post("/access/request/", {"message": "I work with you"})
    assert page.status_code == 200
    assert "Your request has been sent." in page.text
    access_request = AccessRequest.objects.get(oidc_subject="person-1")
    assert (access_request.name, access_request.message, access_request.status) == (
        "Piet",
        "I work with you",
        AccessRequestStatus.PENDING,
    )
    assert _account() is None
    # when a site admin approves it
    admin = UserFactory(username="admin", is_staff=True)
    admin_client = site_client()
    admin_client.force_login(admin)
    decided = admin_client.post(f"/manage/access/requests/{access_request.pk}/approve/")
    assert decided.status_code == 302
    # then their next login gets them in
    response = log_in(site_client(), provider)
    assert response["Location"] == "/groups/"
    assert _account() is not None


def test_refused_request_does_not_admit(
    provider: LoopbackProvider, closed: SiteAccessPolicy
) -> None:
    AccessRequest.objects.create(
        oidc_issuer=provider.issuer, oidc_subject="person-1", status=AccessRequestStatus.REFUSED
    )
    _refused_login(site_client(), provider)
    assert _account() is None


def test_group_invitation_admits_to_a_closed_site(
    provider: LoopbackProvider, closed: SiteAccessPolicy
) -> None:
    # given an invitation to a group on the closed site, opened before logging in
    owner = UserFactory(username="owner", is_staff=True)
    group = group_services.group_create(actor=owner, name="Dijken", description="")
    invitation = group_services.invitation_create(actor=owner, group=group, email="new@gmail.com")
    client = site_client()
    client.get(f"/invitations/{invitation.token}/")
    # when the invited person logs in (first login, no account yet)
    response = log_in(client, provider, next_url="/invitations/accept/")
    # then the site admits them and the invitation is still there to accept
    assert response["Location"] == "/invitations/accept/"
    assert _account() is not None
    accepted = client.post("/invitations/accept/")
    assert accepted.status_code == 302
    assert accepted["Location"] == f"/groups/{group.slug}/"


def test_expired_group_invitation_does_not_admit(
    provider: LoopbackProvider, closed: SiteAccessPolicy
) -> None:
    owner = UserFactory(username="owner", is_staff=True)
    group = group_services.group_create(actor=owner, name="Dijken", description="")
    new = group_services.invitation_create(actor=owner, group=group, email="new@gmail.com")
    new.invitation.expires_at = timezone.now() - timedelta(minutes=1)
    new.invitation.save()
    client = site_client()
    client.get(f"/invitations/{new.token}/")
    _refused_login(client, provider)
    assert _account() is None


def test_existing_account_always_gets_in(
    provider: LoopbackProvider, closed: SiteAccessPolicy
) -> None:
    UserFactory(username="known", oidc_issuer=provider.issuer, oidc_subject="person-1")
    response = log_in(site_client(), provider)
    assert response["Location"] == "/groups/"


def test_silent_check_on_a_closed_site_stays_anonymous_quietly(
    provider: LoopbackProvider, closed: SiteAccessPolicy
) -> None:
    client = site_client()
    first = client.get("/groups/", **BROWSER_HEADERS)
    code, state = provider.grant(
        first["Location"], claims=provider.id_claims(client_id="plein-alpha", nonce="")
    )
    response = client.get("/auth/callback/", {"code": code, "state": state})
    assert response["Location"] == "/groups/"
    assert _account() is None


def test_the_explanation_speaks_dutch(provider: LoopbackProvider, closed: SiteAccessPolicy) -> None:
    client = Client(HTTP_HOST="alpha.test", HTTP_ACCEPT_LANGUAGE="nl")
    page = _refused_login(client, provider)
    assert '<html lang="nl">' in page.text
    assert "<h1>Hoe kom je binnen</h1>" in page.text
    assert "Vul een uitnodigingscode in" in page.text


def test_a_refused_login_on_alpha_means_nothing_on_beta(
    provider: LoopbackProvider, closed: SiteAccessPolicy
) -> None:
    # given someone alpha refused, with the pending identity in alpha's session
    alpha = site_client()
    _refused_login(alpha, provider)
    # when that session cookie is presented to beta's code form
    beta = Client(HTTP_HOST="beta.test")
    beta.cookies["sessionid"] = alpha.cookies["sessionid"].value
    response = beta.post("/access/code/", {"code": "AAAA-BBBB-CCCC"})
    # then beta knows of no pending login and writes nothing
    assert response.status_code == 302
    assert response["Location"] == "/access/"
