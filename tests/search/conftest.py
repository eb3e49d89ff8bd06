"""Fixtures: rows made by a test go into alpha's schema."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tenants.db import tenant_connection
from tenants.models import Organisation
from tests.conftest import BaseOrganisations


@pytest.fixture
def in_alpha(orgs: BaseOrganisations) -> Iterator[Organisation]:
    tenant_connection().set_tenant(orgs.alpha)
    yield orgs.alpha
    tenant_connection().set_schema_to_public()
