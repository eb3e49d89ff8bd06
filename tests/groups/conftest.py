"""Fixtures of the group tests: work inside alpha's schema."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tenants.db import tenant_connection
from tenants.models import Organisation
from tests.conftest import BaseOrganisations


@pytest.fixture
def in_alpha(orgs: BaseOrganisations) -> Iterator[Organisation]:
    """Rows made by the test go into alpha's schema."""
    tenant_connection().set_tenant(orgs.alpha)
    yield orgs.alpha
    tenant_connection().set_schema_to_public()
