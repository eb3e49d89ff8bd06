"""Operator actions: each wraps a tenancy service and writes the audit trail.

The console, the operator API and the commands all call these, so that every action is
checked and logged in one place; the tenancy services stay free of who-did-what.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context
from rest_framework.authtoken.models import Token

from shared_apps.identity.services.people import person_identity_assign
from shared_apps.operators.audit import Actor, audit_record, audited
from shared_apps.operators.measure import organisation_size_measure
from shared_apps.operators.models import (
    AuditAction,
    AuditEntry,
    AuditOutcome,
    JobKind,
    JobStatus,
    OperatorJob,
    OrganisationStats,
)
from shared_apps.operators.selectors import organisation_for_operator
from tenant_apps.site.models import Branding, Language
from tenants import portability
from tenants import services as tenancy
from tenants.db import tenant_connection
from tenants.errors import OrganisationInputError, OrganisationNotFound, TenancyError
from tenants.models import Domain, Organisation, OrganisationExport, OrganisationKind
from tenants.validation import normalise_domain

logger = logging.getLogger(__name__)

LANGUAGES = tuple(Language.values)
# Jobs take seconds; one "running" for longer than this lost its worker.
JOB_STALE = timedelta(seconds=getattr(settings, "PLEIN_OPERATOR_JOB_STALE_S", 600))


def operator_create(*, username: str, email: str = "") -> tuple[AbstractBaseUser, str]:
    """Create (or promote) an operator and return it with its API token."""
    # Operators live in the public schema, whatever schema this process was on.
    tenant_connection().set_schema_to_public()
    with transaction.atomic():
        user, _created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": email}
        )
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        # Operators are people of the provider too: an opaque, stable `sub` for SSO.
        person_identity_assign(user=user)
        token, _ = Token.objects.get_or_create(user=user)
    return user, token.key


# --- provisioning (background) -------------------------------------------------------


def organisation_provision_start(
    *,
    actor: Actor,
    name: str,
    domain: str,
    slug: str = "",
    kind: str = OrganisationKind.OTHER,
    language: str = "nl",
    theme: str = "default",
) -> OperatorJob:
    """Check the input now (so forms show errors inline) and queue the provisioning.

    The job runs on a worker after this transaction commits; with eager Celery it runs
    inline. Returns the job, whose status the console and the API poll.
    """
    domain = normalise_domain(domain)
    slug = (slug or domain.split(".")[0]).strip()
    parameters = {
        "name": name.strip(),
        "domain": domain,
        "slug": slug,
        "kind": kind,
        "language": language,
        "theme": theme,
    }
    problems = organisation_input_problems(
        name=name, domain=domain, slug=slug, kind=kind, language=language, theme=theme
    )
    if problems:
        audit_record(
            actor=actor,
            action=AuditAction.ORGANISATION_CREATE,
            organisation_slug=slug,
            details=parameters | {"errors": problems},
            outcome=AuditOutcome.FAILED,
            message=str(OrganisationInputError(problems)),
        )
        raise OrganisationInputError(problems)
    with transaction.atomic():
        entry = audit_record(
            actor=actor,
            action=AuditAction.ORGANISATION_CREATE,
            organisation_slug=slug,
            details=dict(parameters),
            outcome=AuditOutcome.PENDING,
        )
        job = OperatorJob.objects.create(
            kind=JobKind.PROVISION,
            organisation_slug=slug,
            parameters=parameters,
            created_by=actor.name[:150],
            audit_entry=entry,
        )
        entry.details["job"] = job.pk
        entry.save(update_fields=["details"])
        transaction.on_commit(lambda: _enqueue("provisioning_job_run_task", job.pk))
    return job


def organisation_create(
    *,
    actor: Actor,
    name: str,
    domain: str,
    slug: str | None = None,
    kind: str = OrganisationKind.OTHER,
    theme: str = "default",
) -> tenancy.ProvisionedOrganisation:
    """Provision now, in this process (the API's synchronous create)."""
    with audited(
        actor=actor,
        action=AuditAction.ORGANISATION_CREATE,
        organisation_slug=slug or "",
        details={"name": name, "domain": domain, "kind": kind, "theme": theme},
    ) as context:
        provisioned = tenancy.organisation_create(
            name=name, domain=domain, slug=slug, kind=kind, theme=theme
        )
        context.organisation_slug = provisioned.organisation.slug
        context.details |= {"url": provisioned.url, "seconds": round(provisioned.seconds, 3)}
    return provisioned


def organisation_input_problems(
    *, name: str, domain: str, slug: str, kind: str, language: str, theme: str = "default"
) -> dict[str, str]:
    """The tenancy checks (fields, then whether slug and domain are still free) plus the
    console's language; empty when the input can be provisioned."""
    problems = tenancy.organisation_input_problems(
        name=name, domain=domain, slug=slug, kind=kind, theme=theme
    )
    if language not in LANGUAGES:
        problems["language"] = "Choose nl or en."
    return problems


def provisioning_job_run(*, job_id: int) -> OperatorJob | None:
    """Run a queued provisioning job once; a repeated delivery finds it started and stops,
    unless its first run died (see _job_start)."""
    resumed = OperatorJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).exists()
    job = _job_start(job_id=job_id, kind=JobKind.PROVISION)
    if job is None:
        return OperatorJob.objects.filter(pk=job_id).first()
    parameters = dict(job.parameters)
    if (
        resumed
        and Domain.objects.filter(
            domain=parameters["domain"], tenant__slug=parameters["slug"]
        ).exists()
    ):
        # The dead run committed the organisation before it died: nothing left to do.
        job.result_url = tenancy.organisation_url(parameters["domain"])
        return _job_done(job, details={"url": job.result_url, "resumed": True})
    try:
        provisioned = tenancy.organisation_create(
            name=parameters["name"],
            domain=parameters["domain"],
            slug=parameters["slug"],
            kind=parameters["kind"],
            theme=parameters.get("theme", "default"),
        )
    except OrganisationInputError as error:
        return _job_fail(job, message=str(error), field_errors=error.errors)
    except TenancyError as error:
        return _job_fail(job, message=str(error))
    except Exception as error:  # the job must end, whatever broke; the log has the rest
        logger.exception("provisioning job %s failed", job.pk)
        return _job_fail(job, message=f"Provisioning failed unexpectedly ({type(error).__name__}).")
    _default_language_set(
        schema_name=provisioned.organisation.schema_name,
        language=parameters.get("language", Language.DUTCH),
    )
    job.result_url = provisioned.url
    job.organisation_slug = provisioned.organisation.slug
    return _job_done(
        job,
        details={"url": provisioned.url, "seconds": round(provisioned.seconds, 3)},
    )


def _default_language_set(*, schema_name: str, language: str) -> None:
    # The subsite's default language is part of its branding (draft and published), which
    # the template schema carries in Dutch.
    if language == Language.DUTCH:
        return
    with schema_context(schema_name):
        Branding.objects.update(default_language=language)


# --- export (background and direct) ---------------------------------------------------


def organisation_export_start(*, actor: Actor, slug: str) -> OperatorJob:
    organisation_for_operator(slug=slug)  # refuses unknown slugs and the hub
    with transaction.atomic():
        entry = audit_record(
            actor=actor,
            action=AuditAction.ORGANISATION_EXPORT,
            organisation_slug=slug,
            outcome=AuditOutcome.PENDING,
        )
        job = OperatorJob.objects.create(
            kind=JobKind.EXPORT,
            organisation_slug=slug,
            created_by=actor.name[:150],
            audit_entry=entry,
        )
        entry.details = {"job": job.pk}
        entry.save(update_fields=["details"])
        transaction.on_commit(lambda: _enqueue("export_job_run_task", job.pk))
    return job


def export_job_run(*, job_id: int) -> OperatorJob | None:
    job = _job_start(job_id=job_id, kind=JobKind.EXPORT)
    if job is None:
        return OperatorJob.objects.filter(pk=job_id).first()
    try:
        export = portability.organisation_export(slug=job.organisation_slug)
    except TenancyError as error:
        return _job_fail(job, message=str(error))
    except Exception as error:
        logger.exception("export job %s failed", job.pk)
        return _job_fail(job, message=f"The export failed unexpectedly ({type(error).__name__}).")
    job.export = export
    return _job_done(job, details={"export": export.pk, "size_bytes": export.size_bytes})


def organisation_export(*, actor: Actor, slug: str) -> OrganisationExport:
    """Export now, in this process (the API's synchronous export)."""
    with audited(
        actor=actor, action=AuditAction.ORGANISATION_EXPORT, organisation_slug=slug
    ) as context:
        export = portability.organisation_export(slug=slug)
        context.details = {"export": export.pk, "size_bytes": export.size_bytes}
    return export


def export_download_record(*, actor: Actor, export: OrganisationExport) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.ORGANISATION_EXPORT_DOWNLOAD,
        organisation_slug=export.organisation_slug,
        details={"export": export.pk, "file": Path(export.path).name},
    )


# --- lifecycle ------------------------------------------------------------------------


def organisation_suspend(*, actor: Actor, slug: str) -> Organisation:
    with audited(actor=actor, action=AuditAction.ORGANISATION_SUSPEND, organisation_slug=slug):
        return tenancy.organisation_suspend(slug=slug)


def organisation_resume(*, actor: Actor, slug: str) -> Organisation:
    with audited(actor=actor, action=AuditAction.ORGANISATION_RESUME, organisation_slug=slug):
        return tenancy.organisation_resume(slug=slug)


def organisation_update(*, actor: Actor, slug: str, **changes: str) -> Organisation:
    with audited(
        actor=actor,
        action=AuditAction.ORGANISATION_UPDATE,
        organisation_slug=slug,
        details=dict(changes),
    ):
        return tenancy.organisation_update(slug=slug, **changes)


def organisation_delete(*, actor: Actor, slug: str, force: bool = False) -> None:
    """Delete; without `force` an export must exist. The hub is never found here."""
    with audited(
        actor=actor,
        action=AuditAction.ORGANISATION_DELETE,
        organisation_slug=slug,
        details={"force": force},
    ):
        tenancy.organisation_delete(slug=slug, force=force)


def organisation_import(
    *,
    actor: Actor,
    archive: Path,
    slug: str | None = None,
    domain: str | None = None,
    name: str | None = None,
    trust_unsigned: bool = False,
) -> Organisation:
    options: dict[str, Any] = {"slug": slug, "domain": domain, "name": name}
    with audited(
        actor=actor,
        action=AuditAction.ORGANISATION_IMPORT,
        organisation_slug=slug or "",
        details={"archive": archive.name, **{k: v for k, v in options.items() if v}},
    ) as context:
        organisation = portability.organisation_import(
            archive=archive, trust_unsigned=trust_unsigned, **options
        )
        context.organisation_slug = organisation.slug
    return organisation


# --- domains --------------------------------------------------------------------------


def domain_add(*, actor: Actor, slug: str, domain: str, primary: bool = False) -> Domain:
    with audited(
        actor=actor,
        action=AuditAction.DOMAIN_ADD,
        organisation_slug=slug,
        details={"domain": normalise_domain(domain), "primary": primary},
    ):
        return tenancy.domain_add(slug=slug, domain=domain, primary=primary)


def domain_ensure(
    *, actor: Actor, slug: str, domain: str, primary: bool = False
) -> tuple[Domain, bool]:
    """The API's idempotent add-or-make-primary; logged as what it turned out to be."""
    with audited(
        actor=actor,
        action=AuditAction.DOMAIN_ADD,
        organisation_slug=slug,
        details={"domain": normalise_domain(domain), "primary": primary},
    ) as context:
        found, added = tenancy.domain_ensure(slug=slug, domain=domain, primary=primary)
        context.details["added"] = added
    return found, added


def domain_remove(*, actor: Actor, slug: str, domain: str) -> None:
    with audited(
        actor=actor,
        action=AuditAction.DOMAIN_REMOVE,
        organisation_slug=slug,
        details={"domain": normalise_domain(domain)},
    ):
        tenancy.domain_remove(slug=slug, domain=domain)


def domain_make_primary(*, actor: Actor, slug: str, domain: str) -> Domain:
    with audited(
        actor=actor,
        action=AuditAction.DOMAIN_PRIMARY,
        organisation_slug=slug,
        details={"domain": normalise_domain(domain)},
    ):
        return tenancy.domain_make_primary(slug=slug, domain=domain)


# --- statistics -----------------------------------------------------------------------


def organisation_stats_refresh(*, slug: str) -> OrganisationStats | None:
    """Measure one organisation and store the numbers; None when it no longer exists."""
    organisation = Organisation.objects.exclude(schema_name="public").filter(slug=slug).first()
    if organisation is None:
        return None
    size = organisation_size_measure(schema_name=organisation.schema_name)
    stats, _created = OrganisationStats.objects.update_or_create(
        organisation=organisation,
        defaults={
            "members": size.members,
            "groups": size.groups,
            "database_bytes": size.database_bytes,
            "media_bytes": size.media_bytes,
            "measured_at": timezone.now(),
        },
    )
    return stats


def organisation_stats_refresh_now(*, actor: Actor, slug: str) -> OrganisationStats:
    """The console's "measure now"."""
    with audited(actor=actor, action=AuditAction.STATS_REFRESH, organisation_slug=slug):
        stats = organisation_stats_refresh(slug=slug)
        if stats is None:
            raise OrganisationNotFound(slug)
    return stats


# --- jobs -----------------------------------------------------------------------------


def _job_start(*, job_id: int, kind: str) -> OperatorJob | None:
    """Mark a queued job running (committed at once, so pollers see it); None if it is
    unknown, finished, or running. A job still "running" long after it started lost its
    worker (tasks are acknowledged late, so the broker delivers it again): it runs again."""
    with transaction.atomic():
        job = OperatorJob.objects.select_for_update().filter(pk=job_id, kind=kind).first()
        if job is None:
            return None
        dead = (
            job.status == JobStatus.RUNNING
            and job.started_at is not None
            and job.started_at < timezone.now() - JOB_STALE
        )
        if job.status != JobStatus.QUEUED and not dead:
            return None
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    return job


def _job_done(job: OperatorJob, *, details: dict[str, Any]) -> OperatorJob:
    job.status = JobStatus.DONE
    job.finished_at = timezone.now()
    with transaction.atomic():
        job.save()
        _job_audit_close(job, outcome=AuditOutcome.SUCCEEDED, details=details)
    return job


def _job_fail(
    job: OperatorJob, *, message: str, field_errors: dict[str, str] | None = None
) -> OperatorJob:
    job.status = JobStatus.FAILED
    job.error = message
    job.field_errors = field_errors or {}
    job.finished_at = timezone.now()
    with transaction.atomic():
        job.save()
        _job_audit_close(job, outcome=AuditOutcome.FAILED, message=message)
    return job


def _job_audit_close(
    job: OperatorJob, *, outcome: str, details: dict[str, Any] | None = None, message: str = ""
) -> None:
    if job.audit_entry_id is None:
        return
    entry = AuditEntry.objects.filter(pk=job.audit_entry_id).first()
    if entry is None:
        return
    entry.outcome = outcome
    entry.message = message
    entry.organisation_slug = job.organisation_slug
    entry.details = {**entry.details, **(details or {})}
    entry.save(update_fields=["outcome", "message", "organisation_slug", "details"])


def _enqueue(task_name: str, job_id: int) -> None:
    from shared_apps.operators import tasks

    try:
        getattr(tasks, task_name).apply_async(args=(job_id,), headers=tasks.public_headers())
    except Exception:  # a broker outage: the job stays queued and says so
        logger.warning("Could not queue operator job %s", job_id, exc_info=True)
        job = OperatorJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).first()
        if job is not None:
            _job_fail(
                job, message="The task queue could not be reached; nothing was changed. Try again."
            )
