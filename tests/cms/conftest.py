"""Fixtures of the page tests: rows in alpha's or beta's schema, visitors of each site."""

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
    """English service messages whatever an earlier request left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def in_alpha(orgs: BaseOrganisations) -> Iterator[Organisation]:
    tenant_connection().set_tenant(orgs.alpha)
    yield orgs.alpha
    tenant_connection().set_schema_to_public()


@pytest.fixture
def media_root(settings: Settings, tmp_path: Path) -> Path:
    """Uploads go to a temporary folder; default_storage keeps <tmp>/org_alpha/ apart from
    <tmp>/org_beta/."""
    settings.MEDIA_ROOT = tmp_path
    # django-tenants forgets its cached media folder only when this setting changes.
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    # Wagtail remembers renditions in the cache; in Redis that memory would outlive the
    # rolled-back rows and this temporary folder, and point the next run at missing files.
    settings.CACHES = {
        **settings.CACHES,
        "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    return tmp_path
