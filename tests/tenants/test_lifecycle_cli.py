"""The lifecycle commands: one-line summaries, one-line errors, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from pytest_django.fixtures import Settings

from shared_apps.operators.management.commands.export_organisation import human_size
from shared_apps.operators.models import AuditEntry
from tenants.models import Domain, Organisation, OrganisationExport
from tenants.schemas import schema_exists
from tenants.services import organisation_create, organisation_url
from tests.conftest import BaseOrganisations
from tests.database import subprocess_database_url


@pytest.fixture(autouse=True)
def storage(settings: Settings, tmp_path: Path) -> Path:
    # Exports and media of each test in folders of its own: other suites share .data/.
    settings.PLEIN_EXPORT_DIR = tmp_path / "exports"
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


@pytest.fixture
def live(committed: BaseOrganisations) -> Iterator[BaseOrganisations]:
    """`committed`, and the export records the test wrote are forgotten afterwards."""
    yield committed
    OrganisationExport.objects.all().delete()


def test_suspend_and_resume_print_a_summary(orgs: BaseOrganisations) -> None:
    # when beta is suspended
    suspended = _run("suspend_organisation", "beta")
    # then it says so and beta is suspended
    assert suspended == "Suspended Provincie Beta (beta).\n"
    assert Organisation.objects.get(slug="beta").status == "suspended"
    # and when it is resumed it is active again
    assert _run("resume_organisation", "beta") == "Resumed Provincie Beta (beta).\n"
    assert Organisation.objects.get(slug="beta").status == "active"
    # and both commands are in the operators' audit trail, marked as run from a shell
    entries = AuditEntry.objects.filter(organisation_slug="beta").order_by("pk")
    assert [(e.action, e.source, e.outcome) for e in entries] == [
        ("organisation.suspend", "command", "succeeded"),
        ("organisation.resume", "command", "succeeded"),
    ]
    assert entries[0].actor.endswith(" (shell)")


def test_domains_are_added_made_primary_and_removed(orgs: BaseOrganisations) -> None:
    added = _run("organisation_domain", "beta", "add", "WWW.beta.test")
    assert added == "Added www.beta.test to beta (an alias of the primary domain).\n"
    assert _domains("beta") == [("beta.test", True), ("www.beta.test", False)]

    primary = _run("organisation_domain", "beta", "primary", "www.beta.test")
    assert primary == "www.beta.test is now the primary domain of beta.\n"
    assert _domains("beta") == [("beta.test", False), ("www.beta.test", True)]

    assert _run("organisation_domain", "beta", "remove", "beta.test") == (
        "Removed beta.test from beta.\n"
    )
    assert _domains("beta") == [("www.beta.test", True)]


def test_delete_is_refused_without_an_export_and_allowed_with_force(
    orgs: BaseOrganisations,
) -> None:
    # given an organisation that was never exported
    organisation_create(name="Waterschap Delta", domain="delta.test", slug="delta")
    # when it is deleted without --force
    with pytest.raises(CommandError) as refused:
        _run("delete_organisation", "delta")
    # then that is refused, saying what to do, and nothing is gone
    assert str(refused.value) == (
        "Organisation 'delta' has no export yet. Export it first "
        "(python manage.py export_organisation delta) or delete with --force."
    )
    assert Organisation.objects.filter(slug="delta").exists()
    assert schema_exists("org_delta")
    # and with --force it is deleted
    assert _run("delete_organisation", "delta", "--force") == "Deleted delta.\n"
    assert not Organisation.objects.filter(slug="delta").exists()
    assert not Domain.objects.filter(domain="delta.test").exists()
    assert not schema_exists("org_delta")


def test_export_delete_and_import_round_trip(live: BaseOrganisations) -> None:
    # given an organisation with an alias
    organisation_create(name="Waterschap Delta", domain="delta.test", slug="delta")
    _run("organisation_domain", "delta", "add", "www.delta.test")
    # when it is exported, deleted (allowed now) and imported again
    exported = _run("export_organisation", "delta")
    export = OrganisationExport.objects.get(organisation_slug="delta")
    deleted = _run("delete_organisation", "delta")
    imported = _run("import_organisation", export.path)
    # then each step printed its summary
    assert exported == f"Exported delta to {export.path} ({human_size(export.size_bytes)}).\n"
    assert deleted == "Deleted delta.\n"
    assert imported == (
        f"Imported Waterschap Delta (delta, active) at {organisation_url('delta.test')}\n"
    )
    # and the organisation is back with both domains
    assert _domains("delta") == [("delta.test", True), ("www.delta.test", False)]


def test_import_as_a_copy_from_the_command_line(live: BaseOrganisations) -> None:
    organisation_create(name="Waterschap Delta", domain="delta.test", slug="delta")
    _run("export_organisation", "delta")
    archive = OrganisationExport.objects.get(organisation_slug="delta").path

    imported = _run(
        "import_organisation",
        archive,
        "--slug",
        "delta-2",
        "--domain",
        "delta2.test",
        "--name",
        "Waterschap Delta 2",
    )

    assert imported == (
        f"Imported Waterschap Delta 2 (delta-2, active) at {organisation_url('delta2.test')}\n"
    )
    assert _domains("delta-2") == [("delta2.test", True)]
    assert _domains("delta") == [("delta.test", True)]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["suspend_organisation", "nobody"], "No organisation with slug 'nobody'."),
        (["resume_organisation", "nobody"], "No organisation with slug 'nobody'."),
        (["export_organisation", "nobody"], "No organisation with slug 'nobody'."),
        (["delete_organisation", "nobody", "--force"], "No organisation with slug 'nobody'."),
        (
            ["organisation_domain", "nobody", "add", "x.test"],
            "No organisation with slug 'nobody'.",
        ),
        (
            ["organisation_domain", "alpha", "add", "beta.test"],
            "--domain: 'beta.test' is already in use.",
        ),
        (
            ["organisation_domain", "alpha", "remove", "alpha.test"],
            "--domain: The primary domain cannot be removed; make another domain primary first.",
        ),
        (
            ["organisation_domain", "alpha", "primary", "beta.test"],
            "--domain: 'beta.test' is not a domain of 'alpha'.",
        ),
        (
            ["import_organisation", "/nonexistent/alpha.tar.gz"],
            "--archive: /nonexistent/alpha.tar.gz does not exist.",
        ),
    ],
)
def test_errors_are_one_clear_line(
    orgs: BaseOrganisations, arguments: list[str], message: str
) -> None:
    with pytest.raises(CommandError) as refused:
        _run(*arguments)
    assert str(refused.value) == message


def test_a_real_process_prints_the_error_without_a_traceback(
    committed: BaseOrganisations, tmp_path: Path
) -> None:
    # given a file that is not an export
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    # when manage.py is run on it, and on an unknown organisation
    bad_archive = _manage("import_organisation", str(bogus))
    unknown = _manage("suspend_organisation", "nobody")
    # then each fails with exit code 1 and one line on stderr
    assert (bad_archive.returncode, bad_archive.stderr) == (
        1,
        "CommandError: --archive: bogus.tar.gz is not a Plein organisation export.\n",
    )
    assert (unknown.returncode, unknown.stderr) == (
        1,
        "CommandError: No organisation with slug 'nobody'.\n",
    )
    assert "Traceback" not in bad_archive.stderr + unknown.stderr


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "0 B"),
        (1023, "1023 B"),
        (1024, "1.0 KB"),
        (1536, "1.5 KB"),
        (5 * 1024**2, "5.0 MB"),
        (3 * 1024**3, "3.0 GB"),
    ],
)
def test_export_sizes_are_shown_in_readable_units(size: int, shown: str) -> None:
    assert human_size(size) == shown


def _run(*arguments: str) -> str:
    out = StringIO()
    call_command(*arguments, stdout=out)
    return out.getvalue()


def _manage(*arguments: str) -> subprocess.CompletedProcess[str]:
    # The child must use this session's test database, not the one DATABASE_URL names.
    db = connection.settings_dict
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": subprocess_database_url(str(db["NAME"])),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _domains(slug: str) -> list[tuple[str, bool]]:
    return list(
        Domain.objects.filter(tenant__slug=slug)
        .order_by("domain")
        .values_list("domain", "is_primary")
    )
