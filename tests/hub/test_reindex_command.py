"""`manage.py reindex_hub`: rebuilds the index and ends with a one-line summary."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from shared_apps.hub.models import HubGroup
from tests.conftest import BaseOrganisations
from tests.hub.helpers import group_in


def test_reindex_fills_the_index_and_summarises(orgs: BaseOrganisations) -> None:
    # given groups in alpha and beta that the index has not seen
    group_in(orgs.alpha, name="Alpha open")
    group_in(orgs.alpha, name="Alpha geheim", visibility="secret")
    group_in(orgs.beta, name="Beta open")
    out, err = StringIO(), StringIO()
    # when the index is rebuilt
    call_command("reindex_hub", stdout=out, stderr=err)
    # then the listable groups are indexed and the summary says so
    assert sorted(HubGroup.objects.values_list("name", flat=True)) == ["Alpha open", "Beta open"]
    assert out.getvalue().startswith("Hub index: 2 groups listed (2 added, 0 updated, 0 removed")


def test_reindex_one_organisation(orgs: BaseOrganisations) -> None:
    group_in(orgs.alpha, name="Alpha open")
    group_in(orgs.beta, name="Beta open")
    call_command("reindex_hub", "--organisation", "beta", stdout=StringIO(), stderr=StringIO())
    assert list(HubGroup.objects.values_list("name", flat=True)) == ["Beta open"]


def test_reindex_an_unknown_organisation_is_a_clear_error(orgs: BaseOrganisations) -> None:
    with pytest.raises(CommandError, match="No organisation with slug 'nobody'"):
        call_command("reindex_hub", "--organisation", "nobody", stdout=StringIO())
