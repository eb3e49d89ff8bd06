"""Reads of the people index, for the hub ("my groups") and logout fan-out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared_apps.people.models import PersonOrganisation
from tenants.models import OrganisationStatus


@dataclass(frozen=True, slots=True)
class PersonMembership:
    organisation_id: int
    slug: str
    name: str
    schema_name: str
    last_login_at: datetime


def person_organisations(*, issuer: str, subject: str) -> list[PersonMembership]:
    """The active organisations where (issuer, sub) has an account, most recent login first."""
    rows = (
        PersonOrganisation.objects.filter(
            oidc_issuer=issuer,
            oidc_subject=subject,
            organisation__status=OrganisationStatus.ACTIVE,
        )
        .select_related("organisation")
        .order_by("-last_login_at")
    )
    return [
        PersonMembership(
            organisation_id=row.organisation_id,
            slug=row.organisation.slug,
            name=row.organisation.name,
            schema_name=row.organisation.schema_name,
            last_login_at=row.last_login_at,
        )
        for row in rows
    ]
