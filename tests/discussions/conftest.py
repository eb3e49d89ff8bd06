"""Fixtures of the discussion tests: a cast of people around a group in alpha."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from tests.conftest import BaseOrganisations
from tests.discussions.helpers import Cast, cast_make, in_schema


@pytest.fixture
def public_cast(orgs: BaseOrganisations) -> Iterator[Cast]:
    """A public group in alpha with someone in every role; the test runs in alpha's schema."""
    with in_schema(orgs.alpha):
        yield cast_make(visibility="public")


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages outside a request are English in these tests (the site default is Dutch);
    requests still follow their Accept-Language header."""
    with translation.override("en"):
        yield
