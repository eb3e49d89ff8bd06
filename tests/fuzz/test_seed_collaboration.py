"""seed_collaboration: seeds through the services, and a second run changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tenant_apps.discussions.models import Discussion, NewsPost, Reply
from tenant_apps.events.models import Event, Rsvp
from tenant_apps.files.models import StoredFile
from tenant_apps.groups.models import Group, JoinRequest, Membership
from tenants.db import tenant_connection
from tests.conftest import BaseOrganisations


def _seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_collaboration", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def _counts() -> dict[str, int]:
    models = (Group, Membership, JoinRequest, Discussion, Reply, NewsPost, Event, Rsvp, StoredFile)
    return {model.__name__: model.objects.count() for model in models}


def test_seeding_twice_creates_everything_once(orgs: BaseOrganisations) -> None:
    # given alpha seeded once with 6 groups (every visibility and join policy)
    first = _seed("--organisation", "alpha", "--groups", "6", "--members", "6")
    tenant_connection().set_tenant(orgs.alpha)
    after_first = _counts()
    groups = {g.slug: (g.visibility, g.join_policy, g.member_count) for g in Group.objects.all()}
    tenant_connection().set_schema_to_public()
    # when it is seeded again
    second = _seed("--organisation", "alpha", "--groups", "6", "--members", "6")
    # then nothing was added, and both runs say so in one line
    tenant_connection().set_tenant(orgs.alpha)
    assert _counts() == after_first
    assert after_first["Group"] == 6
    assert after_first["Discussion"] == 18
    assert after_first["Reply"] == 36
    assert after_first["Event"] == 12
    assert after_first["NewsPost"] == 6
    assert after_first["StoredFile"] == 6
    assert {v for v, _p, _n in groups.values()} == {"public", "closed", "secret"}
    assert {p for _v, p, _n in groups.values()} == {"open", "request", "invitation"}
    for slug, (_v, _p, member_count) in groups.items():
        assert member_count == Membership.objects.filter(group__slug=slug).count()
    assert first.startswith("1 organisation(s) seeded: 6 people, 6 groups created (0 already")
    assert second.startswith("1 organisation(s) seeded: 0 people, 0 groups created (6 already")
    assert first.count("\n") == second.count("\n") == 1


def test_an_unknown_organisation_is_a_clear_error(orgs: BaseOrganisations) -> None:
    with pytest.raises(CommandError, match="no organisation with slug nowhere"):
        _seed("--organisation", "alpha", "nowhere")
