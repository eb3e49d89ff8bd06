"""The public index of who has an account where: written on login, gone with the organisation."""

from __future__ import annotations

from django.utils import timezone

from shared_apps.people.models import PersonOrganisation
from shared_apps.people.selectors import person_organisations
from shared_apps.people.services import person_organisation_record
from tenants.services import organisation_create, organisation_delete, organisation_suspend
from tests.conftest import BaseOrganisations


def test_recording_twice_keeps_one_row_with_the_latest_login(orgs: BaseOrganisations) -> None:
    earlier = timezone.now() - timezone.timedelta(days=1)
    person_organisation_record(issuer="i", subject="s", organisation_id=orgs.alpha.pk, at=earlier)
    later = timezone.now()
    person_organisation_record(issuer="i", subject="s", organisation_id=orgs.alpha.pk, at=later)
    rows = PersonOrganisation.objects.filter(oidc_issuer="i", oidc_subject="s")
    assert [(r.organisation_id, r.last_login_at) for r in rows] == [(orgs.alpha.pk, later)]


def test_suspended_organisations_are_left_out(orgs: BaseOrganisations) -> None:
    gamma = organisation_create(name="Gamma", domain="gamma.test", slug="gamma").organisation
    now = timezone.now()
    person_organisation_record(issuer="i", subject="s", organisation_id=gamma.pk, at=now)
    person_organisation_record(issuer="i", subject="s", organisation_id=orgs.alpha.pk, at=now)
    organisation_suspend(slug="gamma")
    assert [m.slug for m in person_organisations(issuer="i", subject="s")] == ["alpha"]


def test_deleting_the_organisation_removes_its_rows(committed: BaseOrganisations) -> None:
    # given a person indexed in a new organisation
    gamma = organisation_create(name="Gamma", domain="gamma.test", slug="gamma").organisation
    person_organisation_record(issuer="i", subject="s", organisation_id=gamma.pk, at=timezone.now())
    # when the organisation is deleted
    organisation_delete(slug="gamma", force=True)
    # then nothing of it is left in the index
    assert not PersonOrganisation.objects.filter(oidc_issuer="i", oidc_subject="s").exists()
