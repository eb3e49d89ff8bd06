"""An API token is only good on the host whose people it belongs to."""

from __future__ import annotations

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tenant_apps.accounts.models import User
from tenants.db import tenant_connection
from tests.conftest import ALPHA_HOST, BETA_HOST, HUB_HOST, BaseOrganisations

PRIVATE = "/api/v1/notifications/"


def _token_in(organisation: object | None, username: str) -> str:
    if organisation is None:
        tenant_connection().set_schema_to_public()
    else:
        tenant_connection().set_tenant(organisation)
    # Same primary key in every schema: ids alone must never carry across.
    user = User.objects.create_user(username=username)
    key = Token.objects.create(user=user).key
    tenant_connection().set_schema_to_public()
    return key


def _get(host: str, key: str | None) -> tuple[int, object]:
    client = APIClient(HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="en")
    if key is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get(PRIVATE)
    return response.status_code, response.content


def test_an_operator_token_is_refused_on_an_organisation_host(orgs: BaseOrganisations) -> None:
    # given an operator token (public schema) and a person in alpha with the same id
    operator_key = _token_in(None, "operator")
    _token_in(orgs.alpha, "anna")
    # when the operator token is presented to alpha
    # then alpha answers exactly as for a token it never issued
    assert _get(ALPHA_HOST, operator_key) == _get(ALPHA_HOST, "0" * 40)
    assert _get(ALPHA_HOST, operator_key)[0] == 401


def test_a_token_of_one_organisation_is_refused_by_another(orgs: BaseOrganisations) -> None:
    alpha_key = _token_in(orgs.alpha, "anna")
    _token_in(orgs.beta, "bert")
    assert _get(ALPHA_HOST, alpha_key)[0] == 200
    assert _get(BETA_HOST, alpha_key) == _get(BETA_HOST, "0" * 40)
    assert _get(HUB_HOST, alpha_key)[0] in (401, 404)
