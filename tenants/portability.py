"""Export and import of whole organisations (schema dump plus media, as one archive).

An export is one `.tar.gz` holding `manifest.json` (who the organisation is and the
migration state of its schema), `schema.sql` (pg_dump of the schema) and `media/`.
An import replays the dump under the (possibly new) schema name in one transaction with
the registry rows, so a failure at any step leaves nothing behind. Exports are only
imported into a release at the same migration state: migrating a foreign schema on the
way in would be a second, untested migration path.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils.crypto import constant_time_compare, salted_hmac

from tenants.dump import dump_steps, schema_dump, steps_replay
from tenants.errors import (
    OrganisationInputError,
    OrganisationNotFound,
    TemplateNotReady,
    TenancyError,
)
from tenants.models import Domain, Organisation, OrganisationExport
from tenants.schemas import (
    TEMPLATE_SCHEMA,
    migration_fingerprints,
    quote,
    schema_exists,
    schema_name_for_slug,
)
from tenants.template import template_fingerprint
from tenants.validation import (
    domain_problem,
    kind_problem,
    name_problem,
    normalise_domain,
    slug_problem,
    theme_problem,
)

EXPORT_FORMAT = "plein-organisation-export"
EXPORT_VERSION = 1
_MANIFEST = "manifest.json"
_SCHEMA_SQL = "schema.sql"
# HMAC of manifest.json (which carries the dump's sha256), with this installation's key:
# an import replays the dump's SQL, so only archives this installation wrote are taken
# unless an operator vouches for one on the command line (--trust-unsigned).
_SIGNATURE = "signature"
_MEDIA = "media"
_MANIFEST_KEYS = frozenset(
    {
        "name",
        "slug",
        "kind",
        "status",
        "theme",
        "schema_name",
        "domains",
        "migration_fingerprint",
        "migrations",
        "schema_sha256",
    }
)


@dataclass(frozen=True, slots=True)
class _Archive:
    manifest: dict[str, Any]
    sql: str


def export_exists(*, slug: str) -> bool:
    """Whether an export archive of this organisation is on disk."""
    return any(
        Path(export.path).exists()
        for export in OrganisationExport.objects.filter(organisation_slug=slug)
    )


def media_dir_remove(*, schema_name: str) -> None:
    shutil.rmtree(Path(settings.MEDIA_ROOT) / schema_name, ignore_errors=True)


def organisation_export(*, slug: str) -> OrganisationExport:
    """Write one archive of the organisation to PLEIN_EXPORT_DIR and record it."""
    organisation = (
        Organisation.objects.exclude(schema_name="public")
        .prefetch_related("domains")
        .filter(slug=slug)
        .first()
    )
    if organisation is None:
        raise OrganisationNotFound(slug)
    schema_name = organisation.schema_name
    now = datetime.now(UTC)
    sql = schema_dump(schema_name).encode()
    manifest = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "name": organisation.name,
        "slug": organisation.slug,
        "kind": organisation.kind,
        "status": organisation.status,
        "theme": organisation.theme,
        "schema_name": schema_name,
        "domains": [
            {"domain": domain.domain, "is_primary": domain.is_primary}
            for domain in sorted(organisation.domains.all(), key=lambda d: d.domain)
        ],
        "migration_fingerprint": migration_fingerprints([schema_name])[schema_name],
        "migrations": _applied_migrations(schema_name),
        "schema_sha256": hashlib.sha256(sql).hexdigest(),
        "created_at": organisation.created_at.isoformat(),
        "exported_at": now.isoformat(),
    }

    export_dir = Path(settings.PLEIN_EXPORT_DIR)
    export_dir.mkdir(parents=True, exist_ok=True)
    # Microseconds keep two exports in the same second from replacing each other.
    final_path = export_dir / f"{slug}-{now:%Y%m%dT%H%M%S.%fZ}.tar.gz"
    # Written beside the final name and renamed into place, so a crash or a full disk
    # never leaves a truncated archive that `export_exists` would count as an export.
    handle, partial_name = tempfile.mkstemp(dir=export_dir, prefix=f".{slug}-", suffix=".partial")
    partial = Path(partial_name)
    try:
        with os.fdopen(handle, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            manifest_bytes = json.dumps(manifest, indent=2).encode()
            _tar_add_bytes(tar, _MANIFEST, manifest_bytes)
            _tar_add_bytes(tar, _SIGNATURE, _signature(manifest_bytes).encode())
            _tar_add_bytes(tar, _SCHEMA_SQL, sql)
            media_dir = Path(settings.MEDIA_ROOT) / schema_name
            if media_dir.is_dir():
                tar.add(media_dir, arcname=_MEDIA)
        os.replace(partial, final_path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    try:
        return OrganisationExport.objects.create(
            organisation_slug=slug, path=str(final_path), size_bytes=final_path.stat().st_size
        )
    except BaseException:
        final_path.unlink(missing_ok=True)
        raise


def organisation_import(
    *,
    archive: Path,
    slug: str | None = None,
    domain: str | None = None,
    name: str | None = None,
    trust_unsigned: bool = False,
) -> Organisation:
    """Restore an export, under its own slug or a new one.

    The archive must carry this installation's signature, unless `trust_unsigned` (an
    operator moving an archive between installations, on the command line only).

    Without `domain`, every exported domain is restored (primary and aliases); with it,
    that domain becomes the only (primary) one, which is how a copy is made next to the
    original.
    """
    # Imported late: services imports this module.
    from tenants.services import _oidc_client_sync, _wagtail_site_point_at, organisation_delete

    exported = _archive_read(archive, trust_unsigned=trust_unsigned)
    manifest = exported.manifest
    _fingerprint_check(manifest)

    slug = (slug or manifest["slug"]).strip()
    name = (name or manifest["name"]).strip()
    domains: list[tuple[str, bool]] = (
        [(normalise_domain(domain), True)]
        if domain is not None
        else [(normalise_domain(d["domain"]), bool(d["is_primary"])) for d in manifest["domains"]]
    )
    primary = next((host for host, is_primary in domains if is_primary), None)
    if primary is None:
        raise OrganisationInputError({"domain": "The export has no primary domain; give one."})
    _validate(manifest=manifest, slug=slug, name=name, domains=[host for host, _ in domains])
    schema_name = schema_name_for_slug(slug)

    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                # The same lock as organisation_create: one writer per schema name.
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [schema_name])
                _validate_unique(slug=slug, schema_name=schema_name, domains=domains)
                steps_replay(
                    dump_steps(exported.sql),
                    source_schema=manifest["schema_name"],
                    target_schema=schema_name,
                    cursor=cursor,
                )
            organisation = Organisation.objects.create(
                schema_name=schema_name,
                name=name,
                slug=slug,
                kind=manifest["kind"],
                status=manifest["status"],
                theme=manifest["theme"],
            )
            for host, is_primary in domains:
                Domain.objects.create(domain=host, tenant=organisation, is_primary=is_primary)
            _wagtail_site_point_at(schema_name=schema_name, domain=primary, name=name)
            _oidc_client_sync(organisation, domains=domains)
    except IntegrityError as error:
        # A concurrent creation won the race for this slug or one of these domains.
        if "domain" in str(error):
            raise OrganisationInputError(
                {"domain": "A domain of this import was taken meanwhile; try again."}
            ) from error
        raise OrganisationInputError(
            {"slug": f"An organisation with slug '{slug}' was created meanwhile."}
        ) from error

    # Files are not transactional: copied once the schema is committed, and on failure
    # the organisation is removed again so that no half-restored subsite stays online.
    try:
        _media_extract(archive=archive, schema_name=schema_name)
    except Exception as error:
        organisation_delete(slug=slug, force=True)
        raise TenancyError(
            f"Copying the media files failed ({error}); the import was undone."
        ) from error
    return organisation


def _tar_add_bytes(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(time.time())
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(content))


def _signature(manifest_bytes: bytes) -> str:
    key = settings.PLEIN_EXPORT_SIGNING_KEY or settings.SECRET_KEY
    return salted_hmac("plein.export", manifest_bytes, secret=key, algorithm="sha256").hexdigest()


def _archive_read(archive: Path, *, trust_unsigned: bool = False) -> _Archive:
    """The manifest and dump of an archive, refusing anything that is not our export."""
    if not archive.is_file():
        raise OrganisationInputError({"archive": f"{archive} does not exist."})
    not_ours = f"{archive.name} is not a Plein organisation export."
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            # Reading every header now finds a truncated archive before anything is written.
            members = {member.name: member for member in tar.getmembers()}
            manifest_file = tar.extractfile(members[_MANIFEST])
            sql_file = tar.extractfile(members[_SCHEMA_SQL])
            if manifest_file is None or sql_file is None:
                raise OrganisationInputError({"archive": not_ours})
            manifest_bytes = manifest_file.read()
            manifest = json.loads(manifest_bytes)
            sql = sql_file.read()
            signature_file = tar.extractfile(members[_SIGNATURE]) if _SIGNATURE in members else None
            signature = signature_file.read().decode() if signature_file is not None else ""
    except (tarfile.TarError, OSError, EOFError, KeyError, ValueError) as error:
        raise OrganisationInputError({"archive": not_ours}) from error
    if not isinstance(manifest, dict) or manifest.get("format") != EXPORT_FORMAT:
        raise OrganisationInputError({"archive": not_ours})
    if manifest.get("version") != EXPORT_VERSION:
        raise OrganisationInputError(
            {
                "archive": f"Unknown export format version {manifest.get('version')!r} "
                f"(this release reads version {EXPORT_VERSION})."
            }
        )
    if not manifest.keys() >= _MANIFEST_KEYS:
        raise OrganisationInputError({"archive": not_ours})
    if not trust_unsigned and not constant_time_compare(signature, _signature(manifest_bytes)):
        raise OrganisationInputError(
            {
                "archive": f"{archive.name} was not exported by this installation (its "
                "signature does not match). If you trust its origin, import it on the "
                "command line with --trust-unsigned."
            }
        )
    if hashlib.sha256(sql).hexdigest() != manifest.get("schema_sha256"):
        raise OrganisationInputError(
            {"archive": f"{archive.name} is damaged: its schema dump does not match its manifest."}
        )
    try:
        # The dump's schema name is matched by a regular expression while replaying: only
        # our own name shapes are accepted.
        quote(manifest["schema_name"])
        return _Archive(manifest=manifest, sql=sql.decode())
    except (TypeError, ValueError) as error:
        raise OrganisationInputError({"archive": not_ours}) from error


def _fingerprint_check(manifest: dict[str, Any]) -> None:
    current = template_fingerprint()
    if current is None:
        raise TemplateNotReady()
    if manifest.get("migration_fingerprint") == current:
        return
    exported = set(manifest.get("migrations") or [])
    here = set(_applied_migrations(TEMPLATE_SCHEMA))
    if exported < here:
        origin = f"an older version of Plein ({_migrations(here - exported)} behind this one)"
    elif exported > here:
        origin = f"a newer version of Plein ({_migrations(exported - here)} ahead of this one)"
    else:
        origin = "a different version of Plein"
    raise OrganisationInputError(
        {
            "archive": f"This export was made by {origin}. Import it into a Plein release "
            "at the same migration state; imports are never migrated on the way in."
        }
    )


def _migrations(names: set[str]) -> str:
    return f"{len(names)} migration{'' if len(names) == 1 else 's'}"


def _validate(*, manifest: dict[str, Any], slug: str, name: str, domains: list[str]) -> None:
    problems = {
        field: problem
        for field, problem in {
            "slug": slug_problem(slug),
            "name": name_problem(name),
            "domain": next(filter(None, map(domain_problem, domains)), None),
            "kind": kind_problem(manifest["kind"]),
            "theme": theme_problem(manifest["theme"]),
        }.items()
        if problem
    }
    if problems:
        raise OrganisationInputError(problems)


def _validate_unique(*, slug: str, schema_name: str, domains: list[tuple[str, bool]]) -> None:
    problems: dict[str, str] = {}
    if Organisation.objects.filter(slug=slug).exists() or schema_exists(schema_name):
        problems["slug"] = (
            f"An organisation with slug '{slug}' already exists; import under another slug."
        )
    taken = sorted(
        Domain.objects.filter(domain__in=[host for host, _ in domains]).values_list(
            "domain", flat=True
        )
    )
    if taken:
        problems["domain"] = f"Already in use: {', '.join(taken)}; give a new primary domain."
    if problems:
        raise OrganisationInputError(problems)


def _media_extract(*, archive: Path, schema_name: str) -> None:
    target = Path(settings.MEDIA_ROOT) / schema_name
    prefix = f"{_MEDIA}/"

    def media_only(member: tarfile.TarInfo, destination: str) -> tarfile.TarInfo | None:
        if not member.name.startswith(prefix):
            return None
        # The "data" filter refuses absolute paths, links out of the target and devices.
        return tarfile.data_filter(
            member.replace(name=member.name.removeprefix(prefix), deep=False), destination
        )

    with tarfile.open(archive, mode="r:gz") as tar:
        tar.extractall(target, filter=media_only)


def _applied_migrations(schema_name: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT app || '.' || name FROM {quote(schema_name)}.django_migrations "
            "ORDER BY app, name"
        )
        return [row[0] for row in cursor.fetchall()]
