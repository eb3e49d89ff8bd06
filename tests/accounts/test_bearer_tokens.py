"""The API accepts an OIDC access token issued to this organisation's client."""

from __future__ import annotations

import uuid

from django.test import Client
from rest_framework.authtoken.models import Token

from tenant_apps.accounts.models import User
from tenants.db import tenant_connection
from tests.accounts.conftest import log_in, site_client
from tests.accounts.provider import LoopbackProvider
from tests.conftest import ALPHA_HOST, BETA_HOST, BaseOrganisations


def _site_admin_on(provider: LoopbackProvider, orgs: BaseOrganisations, host: str) -> None:
    client = Client(HTTP_HOST=host)
    client_id = "plein-alpha" if host == ALPHA_HOST else "plein-beta"
    log_in(client, provider, client_id=client_id)
    User.objects.filter(oidc_subject="person-1").update(is_staff=True)


# Introspection answers are cached in Redis: every test uses tokens of its own.
RUN = uuid.uuid4().hex


def _get(host: str, token: str) -> object:
    return Client(HTTP_HOST=host).get(
        "/api/v1/access/policy/", HTTP_AUTHORIZATION=f"Bearer {RUN}{token}"
    )


def test_token_of_this_organisations_client_is_accepted(
    provider: LoopbackProvider, orgs: BaseOrganisations
) -> None:
    # given person-1, a site admin of alpha, with an access token issued to alpha's client
    _site_admin_on(provider, orgs, ALPHA_HOST)
    provider.access_tokens[RUN + "tok-alpha"] = {
        "active": True,
        "client_id": "plein-alpha",
        "sub": "person-1",
    }
    # when the API is called with it
    response = _get(ALPHA_HOST, "tok-alpha")
    # then it answers for person-1, and a repeat is served from the cache
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert _get(ALPHA_HOST, "tok-alpha").status_code == 200  # type: ignore[attr-defined]
    assert provider.hits["/oidc/introspect/"] == 1


def test_token_of_another_organisation_is_401(
    provider: LoopbackProvider, orgs: BaseOrganisations
) -> None:
    # given person-1, site admin on beta too, with a token issued to alpha's client
    _site_admin_on(provider, orgs, BETA_HOST)
    provider.access_tokens[RUN + "tok-alpha"] = {
        "active": True,
        "client_id": "plein-alpha",
        "sub": "person-1",
    }
    # when it is presented to beta
    response = _get(BETA_HOST, "tok-alpha")
    # then beta refuses it
    assert response.status_code == 401  # type: ignore[attr-defined]
    assert response.json() == {"detail": "The token is not valid for this site."}  # type: ignore[attr-defined]


def test_inactive_token_is_401(provider: LoopbackProvider, orgs: BaseOrganisations) -> None:
    _site_admin_on(provider, orgs, ALPHA_HOST)
    assert _get(ALPHA_HOST, "revoked").status_code == 401  # type: ignore[attr-defined]


def test_token_of_a_person_without_an_account_here_is_401(
    provider: LoopbackProvider, orgs: BaseOrganisations
) -> None:
    provider.access_tokens[RUN + "nobody"] = {
        "active": True,
        "client_id": "plein-alpha",
        "sub": "nobody",
    }
    response = _get(ALPHA_HOST, "nobody")
    assert response.status_code == 401  # type: ignore[attr-defined]
    assert response.json() == {"detail": "The token's owner has no account on this site."}  # type: ignore[attr-defined]


def test_subject_comes_from_userinfo_when_introspection_leaves_it_out(
    provider: LoopbackProvider, orgs: BaseOrganisations
) -> None:
    # given a provider whose introspection names no `sub` (django-oauth-toolkit's)
    _site_admin_on(provider, orgs, ALPHA_HOST)
    provider.access_tokens[RUN + "tok"] = {"active": True, "client_id": "plein-alpha"}
    provider.userinfo_subjects[RUN + "tok"] = "person-1"
    # then userinfo tells who it is
    assert _get(ALPHA_HOST, "tok").status_code == 200  # type: ignore[attr-defined]


def test_drf_token_authentication_still_works(orgs: BaseOrganisations) -> None:
    tenant_connection().set_tenant(orgs.alpha)
    admin = User.objects.create(username="admin", is_staff=True)
    token = Token.objects.create(user=admin)
    response = site_client().get("/api/v1/access/policy/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
