"""Base fixtures: the hub and two organisations, alpha and beta, in every test database.

The test database is migrated once per run by our `migrate` (public schema, template,
warm pool); organisations are then copied from the template, never migrated. The two
organisations are committed for the whole session, like Zulip's two realms, so that
every test can check that what is written through one host stays invisible from the other.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client

from tenants.models import Organisation
from tenants.routing import routing_reset
from tenants.services import hub_ensure, organisation_create, organisation_delete
from tests.database import test_database_create, test_database_destroy

HUB_HOST = "hub.test"
ALPHA_HOST = "alpha.test"
BETA_HOST = "beta.test"
BASE_SLUGS = frozenset({"hub", "alpha", "beta"})


@dataclass(frozen=True)
class BaseOrganisations:
    hub: Organisation
    alpha: Organisation
    beta: Organisation


@pytest.fixture(scope="session")
def django_db_setup(
    django_test_environment: None,
    django_db_modify_db_settings: None,  # gives each xdist worker a database of its own
    django_db_blocker: pytest.FixtureRequest,
) -> Iterator[None]:
    """Build the test database for every run, not only when a test asks for `db`
    (tests on real commits need it too), from a cached migrated copy when there is one."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        old_name, _test_name = test_database_create()
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        test_database_destroy(old_name)


@pytest.fixture(scope="session")
def base_organisations(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest
) -> BaseOrganisations:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        hub = hub_ensure(domain=HUB_HOST)
        alpha = _organisation(slug="alpha", name="Gemeente Alpha", domain=ALPHA_HOST)
        beta = _organisation(slug="beta", name="Provincie Beta", domain=BETA_HOST)
    return BaseOrganisations(hub=hub, alpha=alpha, beta=beta)


def _organisation(*, slug: str, name: str, domain: str) -> Organisation:
    existing = Organisation.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    kind = "municipality" if slug == "alpha" else "province"
    return organisation_create(name=name, domain=domain, slug=slug, kind=kind).organisation


@pytest.fixture(autouse=True)
def _fresh_routing_and_schema() -> Iterator[None]:
    # Each test starts with no host map in memory and on the public schema.
    routing_reset()
    yield
    routing_reset()
    connection.set_schema_to_public()


@pytest.fixture
def orgs(base_organisations: BaseOrganisations, db: None) -> BaseOrganisations:
    """The hub, alpha and beta, inside a test transaction that is rolled back."""
    return base_organisations


@pytest.fixture
def alpha_client(orgs: BaseOrganisations) -> Client:
    return Client(HTTP_HOST=ALPHA_HOST)


@pytest.fixture
def beta_client(orgs: BaseOrganisations) -> Client:
    return Client(HTTP_HOST=BETA_HOST)


@pytest.fixture
def hub_client(orgs: BaseOrganisations) -> Client:
    return Client(HTTP_HOST=HUB_HOST)


@pytest.fixture
def committed(
    base_organisations: BaseOrganisations, django_db_blocker: pytest.FixtureRequest
) -> Iterator[BaseOrganisations]:
    """Real commits (for concurrency and crash tests); every organisation a test makes is
    deleted afterwards, so the base organisations stay as they were."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        yield base_organisations
        connection.set_schema_to_public()
        for slug in Organisation.objects.exclude(slug__in=BASE_SLUGS).values_list(
            "slug", flat=True
        ):
            organisation_delete(slug=slug, force=True)
