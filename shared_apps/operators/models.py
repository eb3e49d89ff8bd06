"""What the operator console keeps in the public schema: the audit trail, background jobs
(provisioning, export) and per-organisation size statistics."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import Organisation, OrganisationExport


class AuditSource(models.TextChoices):
    CONSOLE = "console", _("Console")
    API = "api", _("API")
    COMMAND = "command", _("Command")
    SYSTEM = "system", _("System")


class AuditOutcome(models.TextChoices):
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    # A background job was queued; the job's end sets the final outcome.
    PENDING = "pending", _("Pending")


class AuditAction(models.TextChoices):
    ORGANISATION_CREATE = "organisation.create", _("Create organisation")
    ORGANISATION_UPDATE = "organisation.update", _("Change organisation")
    ORGANISATION_SUSPEND = "organisation.suspend", _("Suspend organisation")
    ORGANISATION_RESUME = "organisation.resume", _("Resume organisation")
    ORGANISATION_EXPORT = "organisation.export", _("Export organisation")
    ORGANISATION_EXPORT_DOWNLOAD = "organisation.export_download", _("Download export")
    ORGANISATION_IMPORT = "organisation.import", _("Import organisation")
    ORGANISATION_DELETE = "organisation.delete", _("Delete organisation")
    DOMAIN_ADD = "domain.add", _("Add domain")
    DOMAIN_REMOVE = "domain.remove", _("Remove domain")
    DOMAIN_PRIMARY = "domain.primary", _("Make domain primary")
    STATS_REFRESH = "stats.refresh", _("Measure size")


class AuditEntry(models.Model):
    """One operator action: who did what to which organisation, when, and how it ended.

    The actor and organisation are kept as names, not foreign keys: the trail must outlive
    both, and deleting an organisation is one of the actions it records.
    """

    actor = models.CharField(_("who"), max_length=150)
    source = models.CharField(_("through"), max_length=10, choices=AuditSource.choices)
    action = models.CharField(_("action"), max_length=40, choices=AuditAction.choices)
    organisation_slug = models.CharField(_("organisation"), max_length=50, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=AuditOutcome.choices)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation_slug", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.actor} {self.action} {self.organisation_slug} ({self.outcome})"


class JobKind(models.TextChoices):
    PROVISION = "provision", _("Provisioning")
    EXPORT = "export", _("Export")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class OperatorJob(models.Model):
    """A background operation started by an operator, polled by the console and the API."""

    kind = models.CharField(max_length=10, choices=JobKind.choices)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    organisation_slug = models.CharField(max_length=50)
    # What was asked (e.g. name, domain, kind, language of a new organisation).
    parameters = models.JSONField(default=dict, blank=True)
    created_by = models.CharField(max_length=150)
    error = models.TextField(blank=True)
    # Per field, when the service refused the input (shown beside the form's fields).
    field_errors = models.JSONField(default=dict, blank=True)
    result_url = models.URLField(max_length=500, blank=True)
    export = models.ForeignKey(
        OrganisationExport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    audit_entry = models.ForeignKey(
        AuditEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.organisation_slug} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}


class OrganisationStats(models.Model):
    """Size of one organisation, measured by a periodic task (the list never asks 500
    schemas); `measured_at` says how old the numbers are."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="operator_stats"
    )
    members = models.PositiveIntegerField(default=0)
    groups = models.PositiveIntegerField(default=0)
    database_bytes = models.BigIntegerField(default=0)
    media_bytes = models.BigIntegerField(default=0)
    measured_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"stats of {self.organisation_id}"

    @property
    def storage_bytes(self) -> int:
        return self.database_bytes + self.media_bytes
