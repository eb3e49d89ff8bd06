"""Clients of the operator API: a staff operator, a signed-in non-staff user, nobody."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from pytest_django.fixtures import Settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tenants.models import OrganisationExport
from tests.conftest import HUB_HOST, BaseOrganisations


@pytest.fixture(autouse=True)
def storage(settings: Settings, tmp_path: Path) -> Path:
    # Exports and media of each test in folders of its own: other suites share .data/.
    settings.PLEIN_EXPORT_DIR = tmp_path / "exports"
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def _client_for(username: str, *, is_staff: bool) -> APIClient:
    # Users and tokens of the platform live in the public schema (the connection's default).
    user = get_user_model().objects.create_user(username=username, is_staff=is_staff)
    client = APIClient(HTTP_HOST=HUB_HOST, HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def operator(orgs: BaseOrganisations) -> APIClient:
    return _client_for("operator", is_staff=True)


@pytest.fixture
def member(orgs: BaseOrganisations) -> APIClient:
    return _client_for("member", is_staff=False)


@pytest.fixture
def anonymous(orgs: BaseOrganisations) -> APIClient:
    return APIClient(HTTP_HOST=HUB_HOST, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def live_operator(committed: BaseOrganisations) -> Iterator[APIClient]:
    """An operator on real commits (export, import); removed again with the test's exports."""
    client = _client_for("live-operator", is_staff=True)
    yield client
    # Not through the ORM: its cascade would look for Wagtail's user profiles, which only
    # exist in organisation schemas.
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM authtoken_token WHERE user_id IN "
            "(SELECT id FROM accounts_user WHERE username = 'live-operator')"
        )
        cursor.execute("DELETE FROM accounts_user WHERE username = 'live-operator'")
    OrganisationExport.objects.all().delete()
