"""Which organisations a person (issuer, sub) has an account in: the public schema's one
cross-organisation view of people, so nothing has to ask 500 schemas."""

from __future__ import annotations

from django.db import models

from tenants.models import Organisation


class PersonOrganisation(models.Model):
    oidc_issuer = models.CharField(max_length=255)
    oidc_subject = models.CharField(max_length=255)
    # Deleting the organisation deletes its rows with it (organisation_delete).
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    last_login_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["oidc_issuer", "oidc_subject", "organisation"],
                name="one_index_row_per_person_and_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.oidc_subject} @ {self.organisation_id}"
