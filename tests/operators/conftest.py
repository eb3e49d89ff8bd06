"""Clients of the operator API and console: a staff operator, a signed-in non-staff user,
nobody."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from pytest_django.fixtures import Settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from shared_apps.operators.models import AuditEntry, OperatorJob, OrganisationStats
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
    # A test may have left the connection on an organisation's schema, which has an
    # accounts_user table of its own.
    connection.set_schema_to_public()
    # Not through the ORM: its cascade would look for Wagtail's user profiles, which only
    # exist in organisation schemas.
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM authtoken_token WHERE user_id IN "
            "(SELECT id FROM accounts_user WHERE username = 'live-operator')"
        )
        cursor.execute("DELETE FROM accounts_user WHERE username = 'live-operator'")
    _console_rows_delete()


def _console_rows_delete() -> None:
    # What committed operator actions leave behind; the next test starts without them.
    OperatorJob.objects.all().delete()
    AuditEntry.objects.all().delete()
    OrganisationStats.objects.all().delete()
    OrganisationExport.objects.all().delete()


def _console_client_for(username: str, *, is_staff: bool) -> Client:
    # Signed in on the hub's host, as the hub's single sign-on would leave them.
    user = get_user_model().objects.create_user(username=username, is_staff=is_staff)
    client = Client(HTTP_HOST=HUB_HOST, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def console(orgs: BaseOrganisations) -> Client:
    return _console_client_for("olga", is_staff=True)


@pytest.fixture
def console_member(orgs: BaseOrganisations) -> Client:
    return _console_client_for("max", is_staff=False)


@pytest.fixture
def console_anonymous(orgs: BaseOrganisations) -> Client:
    return Client(HTTP_HOST=HUB_HOST, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def console_member_live(committed: BaseOrganisations) -> Iterator[Client]:
    """A signed-in person who is not an operator, on real commits."""
    client = _console_client_for("live-max", is_staff=False)
    yield client
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_user WHERE username = 'live-max'")


@pytest.fixture
def live_console(committed: BaseOrganisations) -> Iterator[Client]:
    """An operator in the console on real commits (export, import, a real worker)."""
    client = _console_client_for("live-olga", is_staff=True)
    yield client
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_user WHERE username = 'live-olga'")
    _console_rows_delete()
