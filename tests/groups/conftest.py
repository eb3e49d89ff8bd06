"""Fixtures of the group tests: work inside alpha's schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation
from pytest_django.fixtures import Settings

from tenants.db import tenant_connection
from tenants.models import Organisation
from tests.conftest import BaseOrganisations


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Service messages in English whatever an earlier test's request left active (Django
    keeps the last activated language per thread); requests still choose their own."""
    with translation.override("en"):
        yield


@pytest.fixture
def in_alpha(orgs: BaseOrganisations) -> Iterator[Organisation]:
    """Rows made by the test go into alpha's schema."""
    tenant_connection().set_tenant(orgs.alpha)
    yield orgs.alpha
    tenant_connection().set_schema_to_public()


@pytest.fixture
def media_root(settings: Settings, tmp_path: Path) -> Path:
    """Uploads of the test go to a temporary folder (default_storage is tenant-aware:
    alpha's files land in <tmp>/org_alpha/)."""
    settings.MEDIA_ROOT = tmp_path
    # django-tenants only forgets its cached media folder when this setting changes
    # (its MEDIA_ROOT handler passes the wrong argument), so touch it too.
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path
