"""Who an upstream identity is here: (issuer, sub) decides, never the e-mail alone."""

from __future__ import annotations

import pytest

from shared_apps.identity.models import Profile, UpstreamLink
from shared_apps.identity.services.people import IdentityInputError
from shared_apps.identity.services.upstream import person_for_upstream
from tests.conftest import BaseOrganisations

CLAIMS = {
    "iss": "https://login.example.nl",
    "sub": "u-1",
    "email": "Nina@Example.org",
    "email_verified": True,
    "given_name": "Nina",
    "family_name": "Bakker",
}


def test_a_first_upstream_login_makes_a_person_with_a_fresh_subject(
    orgs: BaseOrganisations,
) -> None:
    nina = person_for_upstream(claims=CLAIMS, current=None)
    assert (nina.username, nina.get_full_name()) == ("nina@example.org", "Nina Bakker")
    assert nina.oidc_subject not in ("u-1", "")
    assert nina.oidc_issuer == "http://hub.test:8000/oidc"
    assert not nina.has_usable_password()
    assert Profile.objects.get(user=nina).email_verified is True
    # and the next login finds the same person by (issuer, sub), whatever the e-mail says
    again = person_for_upstream(claims={**CLAIMS, "email": "other@example.org"}, current=None)
    assert again == nina
    assert UpstreamLink.objects.filter(user=nina).count() == 1


def test_the_same_subject_from_another_issuer_is_someone_else(orgs: BaseOrganisations) -> None:
    nina = person_for_upstream(claims=CLAIMS, current=None)
    with pytest.raises(IdentityInputError):
        # a different issuer with the same sub and e-mail: not nina, and the address is taken
        person_for_upstream(claims={**CLAIMS, "iss": "https://evil.example"}, current=None)
    assert UpstreamLink.objects.filter(user=nina).count() == 1


def test_an_upstream_identity_without_an_e_mail_address_is_refused(
    orgs: BaseOrganisations,
) -> None:
    with pytest.raises(IdentityInputError) as raised:
        person_for_upstream(claims={"iss": "https://login.example.nl", "sub": "u-2"}, current=None)
    assert list(raised.value.problems) == ["upstream"]
    assert not UpstreamLink.objects.exists()
