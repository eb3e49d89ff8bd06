"""Reads for the hub pages."""

from django.db.models import QuerySet

from tenants.models import Organisation, OrganisationStatus


def organisations_active() -> QuerySet[Organisation]:
    return (
        Organisation.objects.exclude(schema_name="public")
        .filter(status=OrganisationStatus.ACTIVE)
        .prefetch_related("domains")
        .order_by("name")
    )
