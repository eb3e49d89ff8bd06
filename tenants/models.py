"""The tenant registry: organisations, their domains, and the schemas kept ready for them.

All of these live in the public schema.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    PROVINCE = "province", _("Province")
    MUNICIPALITY = "municipality", _("Municipality")
    WATER_BOARD = "water_board", _("Water board")
    AGENCY = "agency", _("Agency")
    OTHER = "other", _("Other")


class OrganisationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ARCHIVED = "archived", _("Archived")


class Organisation(TenantMixin):
    """A government organisation with its own schema and subsite.

    The hub is the organisation whose schema is `public`.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.ACTIVE,
    )
    theme = models.SlugField(_("theme"), max_length=50, default="default")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Schemas are created by copying a template (tenants.provisioning), never by
    # django-tenants running every migration, and dropped only by the delete service.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_hub(self) -> bool:
        return self.schema_name == "public"

    def primary_domain_name(self) -> str:
        """The primary domain (else any domain, else ""), read through `domains.all()` so
        that a `prefetch_related("domains")` serves it without a query per organisation."""
        domains = list(self.domains.all())  # type: ignore[attr-defined]
        primary = next((d for d in domains if d.is_primary), domains[0] if domains else None)
        return str(primary.domain) if primary is not None else ""

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        _routing_changed()

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        result = super().delete(*args, **kwargs)
        _routing_changed()
        return result


class Domain(DomainMixin):
    """A host name of an organisation; aliases redirect to the one primary domain."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant"],
                condition=Q(is_primary=True),
                name="one_primary_domain_per_organisation",
            )
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        _routing_changed()

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        result = super().delete(*args, **kwargs)
        _routing_changed()
        return result


class SpareSchema(models.Model):
    """A schema already copied from the template, waiting to become an organisation."""

    schema_name = models.CharField(max_length=63, unique=True)
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.schema_name


class SchemaTemplate(models.Model):
    """The template schema rendered once as a SQL script, for copying it in one transaction.

    Keyed by the migration fingerprint of the template; a new migration renders a new one.
    """

    fingerprint = models.CharField(max_length=64, unique=True)
    source_schema = models.CharField(max_length=63)
    script = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"template {self.fingerprint[:12]}"


class OrganisationExport(models.Model):
    """An archive written by the export service; deletion asks for one first."""

    organisation_slug = models.SlugField(max_length=50, db_index=True)
    path = models.CharField(max_length=1000)
    size_bytes = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.path


def _routing_changed() -> None:
    # Imported late: routing imports these models.
    from tenants.routing import routing_version_bump

    # Bump now so this process sees its own change, and again on commit so that other
    # processes, which may have reloaded in between, do not keep the uncommitted view.
    routing_version_bump()
    transaction.on_commit(routing_version_bump)
