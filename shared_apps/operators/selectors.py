"""Reads of the operator console and API: organisations with their statistics, jobs,
exports and the audit trail. The hub (public schema) is never one of the organisations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from shared_apps.operators.models import AuditEntry, OperatorJob
from tenants.errors import OrganisationNotFound
from tenants.models import Domain, Organisation, OrganisationExport

# An export younger than this counts as recent when deleting (default: one day).
RECENT_EXPORT = timedelta(seconds=getattr(settings, "PLEIN_OPERATOR_RECENT_EXPORT_S", 86400))


@dataclass(frozen=True, slots=True)
class DeletionCheck:
    organisation: Organisation
    latest_export: OrganisationExport | None
    has_recent_export: bool


def organisations_for_operator(
    *, q: str = "", status: str = "", kind: str = ""
) -> QuerySet[Organisation]:
    """Organisations matching a search on name, slug or domain, with their domains and
    statistics loaded in the same few queries whatever the page size."""
    found = (
        Organisation.objects.exclude(schema_name="public")
        .select_related("operator_stats")
        .prefetch_related("domains")
        .order_by("name", "slug")
    )
    q = q.strip()
    if q:
        # EXISTS rather than a join: an organisation with two matching domains stays one row.
        domain_match = Domain.objects.filter(tenant=OuterRef("pk"), domain__icontains=q)
        found = found.filter(Q(name__icontains=q) | Q(slug__icontains=q) | Exists(domain_match))
    if status:
        found = found.filter(status=status)
    if kind:
        found = found.filter(kind=kind)
    return found


def organisation_for_operator(*, slug: str) -> Organisation:
    """One organisation, or OrganisationNotFound: an unknown slug and the hub look alike."""
    organisation = organisations_for_operator().filter(slug=slug).first() if slug else None
    if organisation is None:
        raise OrganisationNotFound(slug)
    return organisation


def organisation_exports(*, slug: str) -> list[OrganisationExport]:
    """The organisation's exports whose archive is still on disk, newest first."""
    return [
        export
        for export in OrganisationExport.objects.filter(organisation_slug=slug).order_by(
            "-created_at"
        )
        if Path(export.path).is_file()
    ]


def export_for_download(*, export_id: int) -> OrganisationExport | None:
    export = OrganisationExport.objects.filter(pk=export_id).first()
    if export is None or not Path(export.path).is_file():
        return None
    return export


def organisation_deletion_check(*, slug: str) -> DeletionCheck:
    organisation = organisation_for_operator(slug=slug)
    exports = organisation_exports(slug=slug)
    latest = exports[0] if exports else None
    recent = latest is not None and latest.created_at >= timezone.now() - RECENT_EXPORT
    return DeletionCheck(organisation=organisation, latest_export=latest, has_recent_export=recent)


def operator_job_get(*, job_id: int) -> OperatorJob | None:
    return OperatorJob.objects.filter(pk=job_id).first()


def organisation_jobs(*, slug: str, limit: int = 5) -> list[OperatorJob]:
    return list(OperatorJob.objects.filter(organisation_slug=slug)[:limit])


def audit_entries(
    *, organisation_slug: str = "", action: str = "", actor: str = "", outcome: str = ""
) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if organisation_slug:
        entries = entries.filter(organisation_slug=organisation_slug)
    if action:
        entries = entries.filter(action=action)
    if actor:
        entries = entries.filter(actor=actor)
    if outcome:
        entries = entries.filter(outcome=outcome)
    return entries
