"""create_operator: a staff account of the public schema with a working API token."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.test import Client

from tests.conftest import HUB_HOST, BaseOrganisations


def test_operator_token_opens_the_operator_api(orgs: BaseOrganisations) -> None:
    out = io.StringIO()
    call_command("create_operator", "olga", stdout=out)
    token = out.getvalue().split("API token: ")[1].split()[0]
    response = Client(HTTP_HOST=HUB_HOST).get(
        "/api/v1/operator/organisations/", HTTP_AUTHORIZATION=f"Token {token}"
    )
    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["results"]] == ["alpha", "beta"]
