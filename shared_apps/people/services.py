"""Writes to the people index; called on commit of a login, so one cheap upsert."""

from __future__ import annotations

from datetime import datetime

from shared_apps.people.models import PersonOrganisation


def person_organisation_record(
    *, issuer: str, subject: str, organisation_id: int, at: datetime
) -> None:
    # One statement (INSERT .. ON CONFLICT DO UPDATE): safe under concurrent logins, and
    # the table lives in public, which every tenant's search_path includes.
    PersonOrganisation.objects.bulk_create(
        [
            PersonOrganisation(
                oidc_issuer=issuer,
                oidc_subject=subject,
                organisation_id=organisation_id,
                last_login_at=at,
            )
        ],
        update_conflicts=True,
        unique_fields=["oidc_issuer", "oidc_subject", "organisation"],
        update_fields=["last_login_at"],
    )


def person_organisation_forget(*, issuer: str, subject: str, organisation_id: int) -> None:
    PersonOrganisation.objects.filter(
        oidc_issuer=issuer, oidc_subject=subject, organisation_id=organisation_id
    ).delete()
