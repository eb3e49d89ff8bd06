"""Export and import of organisations: round trips, copies, refusals, nothing half-written."""

from __future__ import annotations

import hashlib
import io
import json
import re
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from pytest_django.fixtures import Settings
from wagtail.models import Page, Site

from tenants.errors import OrganisationInputError, TenancyError
from tenants.models import Domain, Organisation, OrganisationExport
from tenants.portability import EXPORT_FORMAT, _signature, organisation_export, organisation_import
from tenants.schemas import TEMPLATE_SCHEMA, migration_fingerprints, quote, schema_exists
from tenants.services import (
    domain_add,
    organisation_create,
    organisation_delete,
    organisation_suspend,
)
from tenants.template import template_fingerprint
from tests.conftest import BaseOrganisations

_IDENTITY = [
    "format",
    "version",
    "name",
    "slug",
    "kind",
    "status",
    "theme",
    "schema_name",
    "domains",
]


def _manifest_fields() -> dict[str, Any]:
    return {
        "format": EXPORT_FORMAT,
        "version": 1,
        "name": "Gemeente Alpha",
        "slug": "alpha",
        "kind": "municipality",
        "status": "active",
        "theme": "default",
        "schema_name": "org_alpha",
        "domains": [{"domain": "alpha.test", "is_primary": True}],
        "migration_fingerprint": "",
        "migrations": [],
        "schema_sha256": hashlib.sha256(b"").hexdigest(),
    }


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


def test_export_writes_one_archive_with_manifest_dump_and_media(
    live: BaseOrganisations,
) -> None:
    # given an organisation with an alias, content and an uploaded file
    gamma = _gamma_with_content()
    # when it is exported
    export = organisation_export(slug="gamma")
    # then one archive named after the slug and a UTC timestamp is recorded with its size
    path = Path(export.path)
    assert path.parent == Path(settings.PLEIN_EXPORT_DIR)
    assert re.fullmatch(r"gamma-\d{8}T\d{6}\.\d{6}Z\.tar\.gz", path.name)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    assert export.organisation_slug == "gamma"
    assert export.size_bytes == path.stat().st_size
    assert list(OrganisationExport.objects.values_list("path", flat=True)) == [str(path)]
    # and it holds the manifest, its signature, the schema dump and the media files
    with tarfile.open(path) as tar:
        assert tar.getnames() == [
            "manifest.json",
            "signature",
            "schema.sql",
            "media",
            "media/images",
            "media/images/logo.txt",
        ]
        manifest = json.loads(_member(tar, "manifest.json"))
        sql = _member(tar, "schema.sql")
        assert _member(tar, "media/images/logo.txt") == b"gamma logo"
    assert b"CREATE TABLE org_gamma.wagtailcore_page" in sql
    assert {key: manifest[key] for key in _IDENTITY} == {
        "format": EXPORT_FORMAT,
        "version": 1,
        "name": "Gemeente Gamma",
        "slug": "gamma",
        "kind": "municipality",
        "status": "active",
        "theme": "default",
        "schema_name": "org_gamma",
        "domains": [
            {"domain": "gamma.test", "is_primary": True},
            {"domain": "www.gamma.test", "is_primary": False},
        ],
    }
    assert manifest["migration_fingerprint"] == migration_fingerprints(["org_gamma"])["org_gamma"]
    assert manifest["migration_fingerprint"] == template_fingerprint()
    assert manifest["schema_sha256"] == hashlib.sha256(sql).hexdigest()
    assert manifest["created_at"] == gamma.created_at.isoformat()


def test_export_of_an_unknown_organisation_is_refused(orgs: BaseOrganisations) -> None:
    with pytest.raises(TenancyError, match=r"^No organisation with slug 'nobody'\.$"):
        organisation_export(slug="nobody")
    assert not Path(settings.PLEIN_EXPORT_DIR).exists()


def test_export_delete_import_gives_back_data_domains_status_and_media(
    live: BaseOrganisations,
) -> None:
    # given a suspended organisation with content, exported and then deleted
    _gamma_with_content()
    organisation_suspend(slug="gamma")
    archive = Path(organisation_export(slug="gamma").path)
    organisation_delete(slug="gamma")
    assert not schema_exists("org_gamma")
    assert not (Path(settings.MEDIA_ROOT) / "org_gamma").exists()
    # when the archive is imported
    restored = organisation_import(archive=archive)
    # then the organisation, its domains, status, content and media are back
    assert (restored.slug, restored.name, restored.kind, restored.status) == (
        "gamma",
        "Gemeente Gamma",
        "municipality",
        "suspended",
    )
    assert _domains("gamma") == [("gamma.test", True), ("www.gamma.test", False)]
    assert _content(restored) == (
        ["ada"],
        ["Home", "Nieuws", "Over ons", "Verkiezingen 2027"],
        "gamma.test",
    )
    assert (Path(settings.MEDIA_ROOT) / "org_gamma/images/logo.txt").read_bytes() == b"gamma logo"
    # and it is served as suspended again
    assert Client(HTTP_HOST="gamma.test").get("/").status_code == 503


def test_import_under_a_new_slug_and_domain_runs_next_to_the_original(
    live: BaseOrganisations,
) -> None:
    # given an exported organisation that still exists
    gamma = _gamma_with_content()
    archive = Path(organisation_export(slug="gamma").path)
    # when it is imported under a new slug, domain and name
    copy = organisation_import(
        archive=archive, slug="gamma-kopie", domain="kopie.test", name="Gemeente Gamma Kopie"
    )
    # then the copy has its own schema, only the new domain, and the original's content
    assert (copy.slug, copy.schema_name, copy.name) == (
        "gamma-kopie",
        "org_gamma_kopie",
        "Gemeente Gamma Kopie",
    )
    assert _domains("gamma-kopie") == [("kopie.test", True)]
    assert _domains("gamma") == [("gamma.test", True), ("www.gamma.test", False)]
    assert _content(copy) == (
        ["ada"],
        ["Home", "Nieuws", "Over ons", "Verkiezingen 2027"],
        "kopie.test",
    )
    media = Path(settings.MEDIA_ROOT)
    assert (media / "org_gamma_kopie/images/logo.txt").read_bytes() == b"gamma logo"
    # and both answer through their own hosts with their own name
    original_page = Client(HTTP_HOST="gamma.test").get("/")
    copy_page = Client(HTTP_HOST="kopie.test").get("/")
    assert (original_page.status_code, copy_page.status_code) == (200, 200)
    assert "Gemeente Gamma Kopie" in copy_page.text
    assert "Gemeente Gamma" in original_page.text
    assert "Kopie" not in original_page.text
    # and what is written in the copy stays out of the original
    connection.set_tenant(copy)
    get_user_model().objects.create_user(username="bob")
    connection.set_schema_to_public()
    assert _content(gamma)[0] == ["ada"]
    assert _content(copy)[0] == ["ada", "bob"]


def test_import_refuses_a_slug_and_domains_in_use(live: BaseOrganisations) -> None:
    # given an export of an organisation that still exists
    _gamma_with_content()
    archive = Path(organisation_export(slug="gamma").path)
    # when it is imported as it is, or under a new slug only
    with pytest.raises(OrganisationInputError) as as_is:
        organisation_import(archive=archive)
    with pytest.raises(OrganisationInputError) as new_slug:
        organisation_import(archive=archive, slug="gamma-2")
    # then both are refused with the reason per field
    assert as_is.value.errors == {
        "slug": "An organisation with slug 'gamma' already exists; import under another slug.",
        "domain": "Already in use: gamma.test, www.gamma.test; give a new primary domain.",
    }
    assert new_slug.value.errors == {
        "domain": "Already in use: gamma.test, www.gamma.test; give a new primary domain.",
    }
    assert list(Organisation.objects.filter(slug__startswith="gamma").values_list("slug")) == [
        ("gamma",)
    ]
    assert not schema_exists("org_gamma_2")


def test_import_checks_the_new_identity(orgs: BaseOrganisations, tmp_path: Path) -> None:
    archive = _archive(tmp_path / "alpha.tar.gz", _manifest())
    with pytest.raises(OrganisationInputError) as refused:
        organisation_import(archive=archive, slug="Not A Slug", domain="hub.test", name=" ")
    assert refused.value.errors == {
        "slug": "Use lowercase letters, digits and single hyphens, starting with a letter "
        "(for example 'gemeente-utrecht').",
        "name": "A name is required.",
        "domain": "That is the hub's domain.",
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "{path} does not exist."),
        (b"not an archive", "bogus.tar.gz is not a Plein organisation export."),
        ({"readme.txt": b"hello"}, "bogus.tar.gz is not a Plein organisation export."),
        (
            {"manifest.json": b'{"format": "something else"}', "schema.sql": b""},
            "bogus.tar.gz is not a Plein organisation export.",
        ),
        (
            {
                "manifest.json": json.dumps({"format": EXPORT_FORMAT, "version": 99}).encode(),
                "schema.sql": b"",
            },
            "Unknown export format version 99 (this release reads version 1).",
        ),
        (
            {
                "manifest.json": json.dumps(
                    {**_manifest_fields(), "schema_sha256": hashlib.sha256(b"x").hexdigest()}
                ).encode(),
                "schema.sql": b"DROP SCHEMA public CASCADE;",
            },
            "bogus.tar.gz is damaged: its schema dump does not match its manifest.",
        ),
    ],
    ids=["missing", "not-a-tar", "no-manifest", "foreign-manifest", "version", "damaged"],
)
def test_import_refuses_what_is_not_a_plein_export(
    orgs: BaseOrganisations, tmp_path: Path, content: Any, message: str
) -> None:
    # given a file that is not a usable export
    path = tmp_path / "bogus.tar.gz"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, dict):
        _tar(path, content)
    # when it is imported
    with pytest.raises(OrganisationInputError) as refused:
        organisation_import(archive=path, slug="bogus", domain="bogus.test")
    # then the archive is named as the problem and nothing was created
    assert refused.value.errors == {"archive": message.format(path=path)}
    assert not Organisation.objects.filter(slug="bogus").exists()
    assert not schema_exists("org_bogus")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda applied: applied[:-1],
            "This export was made by an older version of Plein (1 migration behind this one). "
            "Import it into a Plein release at the same migration state; imports are never "
            "migrated on the way in.",
        ),
        (
            lambda applied: [*applied, "site.9999_future", "site.9999_future_2"],
            "This export was made by a newer version of Plein (2 migrations ahead of this "
            "one). Import it into a Plein release at the same migration state; imports are "
            "never migrated on the way in.",
        ),
    ],
    ids=["older", "newer"],
)
def test_import_refuses_an_export_of_another_code_version(
    orgs: BaseOrganisations, tmp_path: Path, change: Any, message: str
) -> None:
    # given an export whose schema is at another migration state than this release
    manifest = _manifest()
    manifest["migrations"] = change(manifest["migrations"])
    manifest["migration_fingerprint"] = "0" * 64
    archive = _archive(tmp_path / "old.tar.gz", manifest)
    # when it is imported
    with pytest.raises(OrganisationInputError) as refused:
        organisation_import(archive=archive, slug="old", domain="old.test")
    # then it is refused, saying which way the versions differ, and nothing is migrated
    assert refused.value.errors == {"archive": message}
    assert not schema_exists("org_old")


def test_import_refuses_an_archive_this_installation_did_not_sign(
    orgs: BaseOrganisations, tmp_path: Path
) -> None:
    # given an archive signed with another installation's key (or edited after export)
    manifest = json.dumps(_manifest()).encode()
    archive = _tar(
        tmp_path / "foreign.tar.gz",
        {"manifest.json": manifest, "schema.sql": b"", "signature": b"0" * 64},
        sign=False,
    )
    # when it is imported
    with pytest.raises(OrganisationInputError) as refused:
        organisation_import(archive=archive, slug="foreign", domain="foreign.test")
    # then its SQL is never run
    assert refused.value.errors == {
        "archive": "foreign.tar.gz was not exported by this installation (its signature "
        "does not match). If you trust its origin, import it on the command line with "
        "--trust-unsigned."
    }
    assert not schema_exists("org_foreign")


def test_an_operator_may_vouch_for_an_unsigned_archive(
    orgs: BaseOrganisations, tmp_path: Path
) -> None:
    # given an unsigned archive from an older release
    manifest = _manifest()
    manifest["migrations"] = manifest["migrations"][:-1]
    manifest["migration_fingerprint"] = "0" * 64
    archive = _tar(
        tmp_path / "moved.tar.gz",
        {"manifest.json": json.dumps(manifest).encode(), "schema.sql": b""},
        sign=False,
    )
    # when an operator imports it trusting its origin
    with pytest.raises(OrganisationInputError) as refused:
        organisation_import(archive=archive, slug="moved", domain="moved.test", trust_unsigned=True)
    # then the signature is not what stops it: the next check (the version) is reached
    assert "older version of Plein" in refused.value.errors["archive"]


def test_a_failing_step_leaves_nothing_half_written(
    live: BaseOrganisations, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given an export, and a database error at the last step of the import
    _gamma_with_content()
    archive = Path(organisation_export(slug="gamma").path)

    def broken_site_update(**_kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("tenants.services._wagtail_site_point_at", broken_site_update)
    # when it is imported as a copy
    with pytest.raises(RuntimeError, match="disk full"):
        organisation_import(archive=archive, slug="half", domain="half.test")
    # then no schema, no organisation, no domain and no media exist
    assert not schema_exists("org_half")
    assert not Organisation.objects.filter(slug="half").exists()
    assert not Domain.objects.filter(domain="half.test").exists()
    assert not (Path(settings.MEDIA_ROOT) / "org_half").exists()


def test_a_failing_media_copy_removes_the_import_again(
    live: BaseOrganisations, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given an export, and a disk that fails while the media files are copied
    _gamma_with_content()
    archive = Path(organisation_export(slug="gamma").path)

    def broken_extract(**_kwargs: object) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr("tenants.portability._media_extract", broken_extract)
    # when it is imported as a copy
    with pytest.raises(TenancyError) as failed:
        organisation_import(archive=archive, slug="half", domain="half.test")
    # then the error says so and the committed organisation is gone again
    assert str(failed.value) == (
        "Copying the media files failed (No space left on device); the import was undone."
    )
    assert not schema_exists("org_half")
    assert not Organisation.objects.filter(slug="half").exists()
    assert not Domain.objects.filter(domain="half.test").exists()


def _gamma_with_content() -> Organisation:
    gamma = organisation_create(
        name="Gemeente Gamma", domain="gamma.test", slug="gamma", kind="municipality"
    ).organisation
    domain_add(slug="gamma", domain="www.gamma.test")
    connection.set_tenant(gamma)
    try:
        get_user_model().objects.create_user(username="ada", email="ada@gamma.test")
        home = Page.objects.get(depth=2)
        home.add_child(instance=Page(title="Verkiezingen 2027", slug="verkiezingen-2027"))
    finally:
        connection.set_schema_to_public()
    logo = Path(settings.MEDIA_ROOT) / gamma.schema_name / "images" / "logo.txt"
    logo.parent.mkdir(parents=True)
    logo.write_bytes(b"gamma logo")
    return gamma


def _content(organisation: Organisation) -> tuple[list[str], list[str], str]:
    """Users, page titles below the root, and the Wagtail site's host, read in its schema."""
    connection.set_tenant(organisation)
    try:
        users = sorted(get_user_model().objects.values_list("username", flat=True))
        pages = sorted(Page.objects.filter(depth__gt=1).values_list("title", flat=True))
        site_host = Site.objects.get(is_default_site=True).hostname
    finally:
        connection.set_schema_to_public()
    return users, pages, site_host


def _domains(slug: str) -> list[tuple[str, bool]]:
    return list(
        Domain.objects.filter(tenant__slug=slug)
        .order_by("domain")
        .values_list("domain", "is_primary")
    )


def _member(tar: tarfile.TarFile, name: str) -> bytes:
    extracted = tar.extractfile(name)
    assert extracted is not None
    return extracted.read()


def _manifest() -> dict[str, Any]:
    """A manifest at this release's migration state, for a dump that is empty."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT app || '.' || name FROM {quote(TEMPLATE_SCHEMA)}.django_migrations "
            "ORDER BY app, name"
        )
        applied = [row[0] for row in cursor.fetchall()]
    return {
        **_manifest_fields(),
        "migration_fingerprint": template_fingerprint(),
        "migrations": applied,
    }


def _archive(path: Path, manifest: dict[str, Any]) -> Path:
    return _tar(path, {"manifest.json": json.dumps(manifest).encode(), "schema.sql": b""})


def _tar(path: Path, files: dict[str, bytes], *, sign: bool = True) -> Path:
    if sign and "manifest.json" in files:
        # Signed as this installation would, so that the other checks are reached.
        files = {**files, "signature": _signature(files["manifest.json"]).encode()}
    with tarfile.open(path, mode="w:gz") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return path
