"""organisation_create: warm pool, cold copy, validation, atomicity and concurrency."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from tenants.errors import OrganisationInputError
from tenants.models import Domain, Organisation, SpareSchema
from tenants.schemas import schema_exists
from tenants.services import organisation_create
from tests.conftest import ALPHA_HOST, BaseOrganisations
from tests.database import subprocess_database_url

ROOT = Path(settings.BASE_DIR)


def _spares() -> int:
    return SpareSchema.objects.count()


def test_new_organisation_takes_a_spare_schema_and_answers_200(orgs: BaseOrganisations) -> None:
    # given a warm pool
    assert _spares() > 0
    spares_before = _spares()
    # when an organisation is created
    result = organisation_create(
        name="Waterschap Delta", domain="delta.test", slug="delta", kind="water_board"
    )
    # then it came from the pool, has its schema, and its site answers on its domain
    assert result.from_pool is True
    assert _spares() == spares_before - 1
    assert result.url == "http://delta.test:8000/"
    assert schema_exists("org_delta")
    response = Client(HTTP_HOST="delta.test").get("/")
    assert response.status_code == 200
    assert "Waterschap Delta" in response.text


def test_without_spares_the_template_is_copied(orgs: BaseOrganisations) -> None:
    # given an empty pool
    SpareSchema.objects.all().delete()
    # when an organisation is created
    result = organisation_create(name="Ministerie van Proef", domain="proef.test")
    # then it was copied from the template, under a slug taken from the domain
    assert result.from_pool is False
    assert result.organisation.slug == "proef"
    assert result.organisation.schema_name == "org_proef"
    assert Client(HTTP_HOST="proef.test").get("/").status_code == 200


def test_wagtail_site_points_at_the_primary_domain(orgs: BaseOrganisations) -> None:
    organisation_create(name="Gemeente Gamma", domain="gamma.test", slug="gamma")
    with connection.cursor() as cursor:
        cursor.execute("SELECT hostname, port, site_name FROM org_gamma.wagtailcore_site")
        assert cursor.fetchall() == [("gamma.test", 80, "Gemeente Gamma")]


def test_copied_schema_carries_the_template_data(orgs: BaseOrganisations) -> None:
    # Data migrations made the root page, the default site and the ready pages (home,
    # news index, About: tenant_apps/cms) in the template.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM org_alpha.wagtailcore_page")
        assert cursor.fetchone()[0] == 4
        cursor.execute("SELECT count(*) FROM org_alpha.django_content_type")
        assert cursor.fetchone()[0] > 10


@pytest.mark.parametrize(
    ("arguments", "field", "message"),
    [
        ({"name": "", "domain": "x.test"}, "name", "A name is required."),
        ({"name": "X", "domain": "no_dots"}, "domain", "is not a valid host name"),
        ({"name": "X", "domain": "x.test:8000"}, "domain", "without scheme, port or path"),
        ({"name": "X", "domain": "hub.test"}, "domain", "That is the hub's domain."),
        ({"name": "X", "domain": "x.test", "slug": "Bad Slug"}, "slug", "Use lowercase letters"),
        ({"name": "X", "domain": "x.test", "slug": "public"}, "slug", "'public' is reserved."),
        ({"name": "X", "domain": "x.test", "kind": "castle"}, "kind", "Unknown kind 'castle'"),
        ({"name": "X", "domain": "x.test", "theme": "neon"}, "theme", "Unknown theme 'neon'"),
        ({"name": "X", "domain": ALPHA_HOST, "slug": "other"}, "domain", "already in use"),
        ({"name": "X", "domain": "new.test", "slug": "alpha"}, "slug", "already exists"),
    ],
)
def test_bad_input_is_refused_with_a_field_message_and_changes_nothing(
    orgs: BaseOrganisations, arguments: dict[str, str], field: str, message: str
) -> None:
    organisations_before = Organisation.objects.count()
    spares_before = _spares()
    with pytest.raises(OrganisationInputError) as raised:
        organisation_create(**arguments)
    assert field in raised.value.errors
    assert message in raised.value.errors[field]
    assert Organisation.objects.count() == organisations_before
    assert _spares() == spares_before


def test_data_written_through_one_host_is_invisible_through_the_other(
    orgs: BaseOrganisations,
) -> None:
    # given a member created in alpha's schema
    connection.set_tenant(orgs.alpha)
    get_user_model().objects.create_user(username="anna", email="anna@alpha.test")
    connection.set_schema_to_public()
    # when both subsites are asked for their summary
    alpha = Client(HTTP_HOST=ALPHA_HOST).get("/api/v1/site/").json()
    beta = Client(HTTP_HOST="beta.test").get("/api/v1/site/").json()
    # then only alpha counts the member
    assert alpha == {
        "name": "Gemeente Alpha",
        "slug": "alpha",
        "kind": "municipality",
        "members": 1,
        "pages": 3,  # the ready home, news index and About pages
    }
    assert beta == {
        "name": "Provincie Beta",
        "slug": "beta",
        "kind": "province",
        "members": 0,
        "pages": 3,
    }


def test_failure_midway_leaves_nothing_behind(
    committed: BaseOrganisations, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a database error after the schema and organisation row were written
    spares_before = _spares()

    def broken_site_update(**_kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("tenants.services._wagtail_site_point_at", broken_site_update)
    # when an organisation is created
    with pytest.raises(RuntimeError, match="disk full"):
        organisation_create(name="Half", domain="half.test", slug="half")
    # then no schema, no rows, no domain, and the spare went back to the pool
    assert not schema_exists("org_half")
    assert not Organisation.objects.filter(slug="half").exists()
    assert not Domain.objects.filter(domain="half.test").exists()
    assert _spares() == spares_before


def test_killed_process_leaves_nothing_behind(committed: BaseOrganisations) -> None:
    # given another session holding the domain row the creation will need (uncommitted)
    blocker = psycopg2.connect(**_libpq_params())
    blocker_cursor = blocker.cursor()
    blocker_cursor.execute(
        "INSERT INTO tenants_domain (domain, tenant_id, is_primary) "
        "VALUES ('killed.test', %s, false)",
        [committed.alpha.pk],
    )
    spares_before = _spares()
    # when a creation is started and killed while it waits on that row
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "create_organisation",
            "--name",
            "Killed",
            "--domain",
            "killed.test",
            "--slug",
            "killed",
        ],
        cwd=ROOT,
        env=_subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_until_blocked_on_domain_insert()
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        blocker.rollback()
        blocker.close()
    time.sleep(0.2)  # the server notices the dead client and rolls its transaction back
    # then nothing of it remains
    assert process.returncode == -signal.SIGKILL
    assert not schema_exists("org_killed")
    assert not Organisation.objects.filter(slug="killed").exists()
    assert not Domain.objects.filter(domain="killed.test").exists()
    assert _spares() == spares_before


def test_concurrent_creations_of_one_slug_let_exactly_one_win(
    committed: BaseOrganisations,
) -> None:
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def create(domain: str) -> None:
        barrier.wait()
        try:
            organisation_create(name="Twin", domain=domain, slug="twin")
            outcomes.append("created")
        except OrganisationInputError as error:
            outcomes.append(error.errors.get("slug", str(error.errors)))
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(d,)) for d in ("twin1.test", "twin2.test")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["An organisation with slug 'twin' already exists.", "created"]
    assert Organisation.objects.filter(slug="twin").count() == 1


def _libpq_params() -> dict[str, object]:
    db = connection.settings_dict
    return {
        "dbname": db["NAME"],
        "user": db["USER"],
        "host": db["HOST"] or None,
        "port": db["PORT"] or None,
        "password": db["PASSWORD"] or None,
    }


def _subprocess_env() -> dict[str, str]:
    db = connection.settings_dict
    url = subprocess_database_url(str(db["NAME"]))
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": url,
        "PLEIN_SPARE_SCHEMAS": str(settings.PLEIN_SPARE_SCHEMAS),
    }


def _wait_until_blocked_on_domain_insert() -> None:
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO \"tenants_domain\"%%'"
            )
            if cursor.fetchone()[0] == 1:
                return
            time.sleep(0.05)
    raise AssertionError("the creation never reached the domain insert")
