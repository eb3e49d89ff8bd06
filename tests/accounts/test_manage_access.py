"""/manage/access/ and /api/v1/access/: site admins only; other organisations' ids are 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tenant_apps.accounts.models import (
    AccessCode,
    AccessMode,
    AccessRequest,
    AccessRequestStatus,
    SiteAccessPolicy,
    User,
)
from tenant_apps.accounts.services import access_code_create, access_code_hash
from tenants.db import tenant_connection
from tests.conftest import ALPHA_HOST, BETA_HOST, BaseOrganisations
from tests.factories import UserFactory


def _client(user: User | None, host: str = ALPHA_HOST) -> Client:
    client = Client(HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def admin(orgs: BaseOrganisations) -> User:
    tenant_connection().set_tenant(orgs.alpha)
    return UserFactory(username="alpha-admin", is_staff=True)


@pytest.fixture
def beta_ids(orgs: BaseOrganisations) -> dict[str, int]:
    """A code and a request that exist on beta only (ids alpha does not have)."""
    tenant_connection().set_tenant(orgs.beta)
    beta_admin = UserFactory(username="beta-admin", is_staff=True)
    code = access_code_create(actor=beta_admin, label="beta").access_code
    request = AccessRequest.objects.create(oidc_issuer="i", oidc_subject="beta-person")
    ids = {"code": code.pk + 1000, "request": request.pk + 1000}
    AccessCode.objects.filter(pk=code.pk).update(id=ids["code"])
    AccessRequest.objects.filter(pk=request.pk).update(id=ids["request"])
    tenant_connection().set_tenant(orgs.alpha)
    return ids


def test_site_admin_sets_a_closed_policy(admin: User) -> None:
    client = _client(admin)
    page = client.get("/manage/access/")
    assert page.status_code == 200
    assert "<h1>Who may get in</h1>" in page.text
    response = client.post(
        "/manage/access/policy/",
        {"mode": "closed", "codes_enabled": "on", "email_domains": "Alpha.nl\n@rws.nl\n"},
    )
    assert response.status_code == 302
    policy = SiteAccessPolicy.objects.get()
    assert (policy.mode, policy.codes_enabled, policy.requests_enabled, policy.domain_list) == (
        AccessMode.CLOSED,
        True,
        False,
        ["alpha.nl", "rws.nl"],
    )


def test_bad_domain_is_refused_with_a_message_and_nothing_saved(admin: User) -> None:
    response = _client(admin).post(
        "/manage/access/policy/", {"mode": "closed", "email_domains": "alpha.nl\nnot a domain"}
    )
    assert response.status_code == 400
    assert "“not a domain” is not a domain name." in response.text
    assert not SiteAccessPolicy.objects.exists()


def test_code_is_shown_once_and_stored_hashed(admin: User) -> None:
    client = _client(admin)
    response = client.post("/manage/access/codes/", {"label": "Raad", "max_uses": "5"}, follow=True)
    code = AccessCode.objects.get()
    message = next(str(m) for m in response.context["messages"])
    shown = message.split("New code: ")[1].split(".")[0]
    assert code.code_hash == access_code_hash(shown)
    assert (code.label, code.max_uses) == ("Raad", 5)
    assert shown not in client.get("/manage/access/").text


def test_revoke_a_code(admin: User) -> None:
    code = access_code_create(actor=admin).access_code
    response = _client(admin).post(f"/manage/access/codes/{code.pk}/revoke/")
    assert response.status_code == 302
    code.refresh_from_db()
    assert code.revoked_at is not None


def test_refuse_a_request(admin: User) -> None:
    request = AccessRequest.objects.create(oidc_issuer="i", oidc_subject="s", name="Piet")
    response = _client(admin).post(f"/manage/access/requests/{request.pk}/refuse/")
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == AccessRequestStatus.REFUSED


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/manage/access/"),
        ("post", "/manage/access/policy/"),
        ("post", "/manage/access/codes/"),
    ],
)
def test_members_are_refused_and_anonymous_visitors_sent_to_login(
    orgs: BaseOrganisations, method: str, path: str
) -> None:
    tenant_connection().set_tenant(orgs.alpha)
    member = UserFactory(username="member")
    assert getattr(_client(member), method)(path).status_code == 403
    anonymous = getattr(_client(None), method)(path)
    assert anonymous.status_code == 302
    assert anonymous["Location"] == f"/login/?next={path.replace('/', '%2F')}"


def test_other_organisations_ids_look_missing_on_pages(
    admin: User, beta_ids: dict[str, int]
) -> None:
    client = _client(admin)
    assert client.post(f"/manage/access/codes/{beta_ids['code']}/revoke/").status_code == 404
    for action in ("approve", "refuse"):
        url = f"/manage/access/requests/{beta_ids['request']}/{action}/"
        assert client.post(url).status_code == 404
    assert client.post("/manage/access/codes/999999/revoke/").status_code == 404


# ---- API ---------------------------------------------------------------------------


def test_api_policy_round_trip(admin: User) -> None:
    client = _client(admin)
    put = client.put(
        "/api/v1/access/policy/",
        {
            "mode": "closed",
            "codes_enabled": False,
            "requests_enabled": True,
            "email_domains": ["alpha.nl"],
        },
        content_type="application/json",
    )
    assert put.status_code == 200
    body = client.get("/api/v1/access/policy/").json()
    assert {k: body[k] for k in ("mode", "codes_enabled", "requests_enabled", "email_domains")} == {
        "mode": "closed",
        "codes_enabled": False,
        "requests_enabled": True,
        "email_domains": ["alpha.nl"],
    }


def test_api_bad_policy_is_400_and_nothing_saved(admin: User) -> None:
    response = _client(admin).put(
        "/api/v1/access/policy/",
        {
            "mode": "closed",
            "codes_enabled": True,
            "requests_enabled": True,
            "email_domains": ["exa mple"],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"email_domains": ["“exa mple” is not a domain name."]}
    assert not SiteAccessPolicy.objects.exists()


def test_api_codes_and_requests(admin: User) -> None:
    client = _client(admin)
    created = client.post(
        "/api/v1/access/codes/", {"label": "x", "max_uses": 3}, content_type="application/json"
    )
    assert created.status_code == 201
    body = created.json()
    assert len(body["code"]) == 14
    assert [c["id"] for c in client.get("/api/v1/access/codes/").json()] == [body["id"]]
    assert client.delete(f"/api/v1/access/codes/{body['id']}/").status_code == 204
    request = AccessRequest.objects.create(oidc_issuer="i", oidc_subject="s", name="Piet")
    listed = client.get("/api/v1/access/requests/").json()
    assert [r["name"] for r in listed] == ["Piet"]
    approved = client.post(f"/api/v1/access/requests/{request.pk}/approve/")
    assert approved.json()["status"] == "approved"
    again = client.post(f"/api/v1/access/requests/{request.pk}/refuse/")
    assert again.status_code == 400
    assert again.json() == {"detail": ["This request has already been decided."]}


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/api/v1/access/policy/", None),
        ("put", "/api/v1/access/policy/", {"mode": "open"}),
        ("get", "/api/v1/access/codes/", None),
        ("post", "/api/v1/access/codes/", {}),
        ("get", "/api/v1/access/requests/", None),
    ],
)
def test_api_is_for_site_admins_only(
    orgs: BaseOrganisations, method: str, path: str, data: Any
) -> None:
    tenant_connection().set_tenant(orgs.alpha)
    member = UserFactory(username="member")
    kwargs: dict[str, Any] = {"content_type": "application/json"} if data is not None else {}
    assert getattr(_client(member), method)(path, data, **kwargs).status_code == 403
    assert getattr(_client(None), method)(path, data, **kwargs).status_code == 401


def test_api_other_organisations_ids_look_missing(admin: User, beta_ids: dict[str, int]) -> None:
    client = _client(admin)
    assert client.delete(f"/api/v1/access/codes/{beta_ids['code']}/").json() == (
        client.delete("/api/v1/access/codes/999999/").json()
    )
    assert client.delete(f"/api/v1/access/codes/{beta_ids['code']}/").status_code == 404
    for action in ("approve", "refuse"):
        assert (
            client.post(f"/api/v1/access/requests/{beta_ids['request']}/{action}/").status_code
            == 404
        )


def test_beta_admin_is_nobody_on_alpha(orgs: BaseOrganisations) -> None:
    # given a site admin of beta
    tenant_connection().set_tenant(orgs.beta)
    beta_admin = UserFactory(username="beta-admin", is_staff=True)
    beta = _client(beta_admin, BETA_HOST)
    cookie = beta.cookies["sessionid"].value
    # when their session cookie is presented to alpha's admin pages and API
    alpha = Client(HTTP_HOST=ALPHA_HOST)
    alpha.cookies["sessionid"] = cookie
    # then alpha sees an anonymous visitor
    assert alpha.get("/manage/access/")["Location"] == "/login/?next=%2Fmanage%2Faccess%2F"
    assert alpha.get("/api/v1/access/policy/").status_code == 401


def test_ids_beyond_the_database_range_are_404(admin: User) -> None:
    client = _client(admin)
    assert client.delete(f"/api/v1/access/codes/{2**70}/").status_code == 404
    assert client.post(f"/manage/access/requests/{2**70}/approve/").status_code == 404
