"""Fixtures of the site (branding, themes, language) tests: alpha's schema, its admins."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from pytest_django.fixtures import Settings

from tenant_apps.accounts.models import User
from tenant_apps.site.selectors import branding_cache_reset
from tenants.db import tenant_connection
from tenants.models import Organisation
from tests.conftest import ALPHA_HOST, BETA_HOST, BaseOrganisations
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # Service messages in English whatever language an earlier request left active.
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_branding_cache() -> Iterator[None]:
    # A test may change branding rows directly; its rollback must not leave them cached.
    branding_cache_reset()
    yield
    branding_cache_reset()


@pytest.fixture
def in_alpha(orgs: BaseOrganisations) -> Iterator[Organisation]:
    tenant_connection().set_tenant(orgs.alpha)
    yield orgs.alpha
    tenant_connection().set_schema_to_public()


@pytest.fixture
def media_root(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    # django-tenants forgets its cached media folder only when this setting changes.
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


@pytest.fixture
def alpha_admin(in_alpha: Organisation) -> User:
    admin: User = UserFactory(username="alpha-site-admin", is_staff=True)
    return admin


@pytest.fixture
def alpha_member(in_alpha: Organisation) -> User:
    member: User = UserFactory(username="alpha-member")
    return member


@pytest.fixture
def admin_client(alpha_admin: User) -> Client:
    client = Client(HTTP_HOST=ALPHA_HOST, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(alpha_admin)
    return client


@pytest.fixture
def beta_client_with_alpha_cookies(admin_client: Client) -> Client:
    """Alpha's site admin's own cookies, presented to beta."""
    client = Client(HTTP_HOST=BETA_HOST, HTTP_ACCEPT_LANGUAGE="en")
    client.cookies = admin_client.cookies
    return client
