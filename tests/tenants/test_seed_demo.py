"""seed_demo: many demo organisations at once, idempotent, with progress and a summary."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_tenants.utils import schema_context

from shared_apps.hub.models import HubGroup
from tenant_apps.groups.models import Group
from tenants.demo_data import demo_groups, demo_organisations
from tenants.models import Domain, Organisation
from tests.conftest import BaseOrganisations


def _seed(*args: str) -> tuple[str, str]:
    stdout, stderr = StringIO(), StringIO()
    call_command("seed_demo", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_seeding_creates_organisations_then_skips_them(committed: BaseOrganisations) -> None:
    # given the demo list's first three organisations
    expected = demo_organisations(3, prefix="seedt")
    # when they are seeded on two threads
    out, err = _seed(
        "--organisations", "3", "--prefix", "seedt", "--domain-suffix", "test", "--jobs", "2"
    )
    # then each exists with its kind and its domain, and its site answers there
    created = Organisation.objects.filter(slug__startswith="seedt-")
    assert sorted(created.values_list("slug", "name", "kind")) == sorted(
        (o.slug, o.name, o.kind) for o in expected
    )
    for organisation in expected:
        domain = Domain.objects.get(tenant__slug=organisation.slug)
        assert domain.domain == f"{organisation.slug}.test"
        assert domain.is_primary
        assert Client(HTTP_HOST=domain.domain).get("/").status_code == 200
    assert "3 organisations created" in out and "0 skipped" in out
    assert "seeding" in err  # the progress bar

    # when the same command runs again with one more
    out, _err = _seed("--organisations", "4", "--prefix", "seedt", "--domain-suffix", "test")
    # then only the new one is created
    assert Organisation.objects.filter(slug__startswith="seedt-").count() == 4
    assert "1 organisations created" in out and "3 skipped as already there" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organisations", "-1"], "--organisations"),
        (["--organisations", "2", "--prefix", "Not A Slug"], "--prefix"),
        (["--organisations", "2", "--domain-suffix", "bad..suffix"], "--domain-suffix"),
        (["--organisations", "2", "--groups-per-organisation", "-3"], "--groups-per-organisation"),
    ],
)
def test_bad_input_is_a_clear_error(
    committed: BaseOrganisations, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        _seed(*args)
    assert not Organisation.objects.exclude(slug__in=["hub", "alpha", "beta"]).exists()


def test_groups_are_seeded_in_bulk_indexed_and_not_repeated(committed: BaseOrganisations) -> None:
    # given two demo organisations' worth of demo groups
    organisations = demo_organisations(2, prefix="seedg")
    expected = {o.slug: demo_groups(12, organisation_slug=o.slug) for o in organisations}
    # when they are seeded with their groups
    out, err = _seed(
        "--organisations", "2", "--prefix", "seedg", "--domain-suffix", "test",
        "--groups-per-organisation", "12",
    )  # fmt: skip
    # then every organisation's schema holds exactly its demo groups, with tags and counts
    for organisation in Organisation.objects.filter(slug__startswith="seedg-"):
        with schema_context(organisation.schema_name):
            groups = {g.slug: g for g in Group.objects.prefetch_related("tags")}
            assert sorted(groups) == sorted(g.slug for g in expected[organisation.slug])
            for wanted in expected[organisation.slug]:
                group = groups[wanted.slug]
                assert (group.name, group.visibility, group.member_count) == (
                    wanted.name,
                    wanted.visibility,
                    wanted.member_count,
                )
                assert sorted(t.name for t in group.tags.all()) == list(wanted.tags)
        # and exactly its listable ones are in the hub, with their language
        listable = {g.slug: g for g in expected[organisation.slug] if g.visibility != "secret"}
        rows = HubGroup.objects.filter(organisation=organisation)
        assert sorted(rows.values_list("slug", flat=True)) == sorted(listable)
        assert {row.slug: row.language for row in rows} == {
            slug: g.language for slug, g in listable.items()
        }
    assert "24 groups created, 0 already there, 2 organisations indexed" in out
    assert "groups" in err and "indexing" in err  # the progress bars

    # when the same command runs again
    out, _err = _seed(
        "--organisations", "2", "--prefix", "seedg", "--domain-suffix", "test",
        "--groups-per-organisation", "12",
    )  # fmt: skip
    # then nothing is created twice
    assert "0 groups created, 24 already there" in out
    assert HubGroup.objects.filter(organisation__slug__startswith="seedg-").count() == sum(
        1 for groups in expected.values() for g in groups if g.visibility != "secret"
    )


def test_demo_groups_are_varied_and_stable() -> None:
    # given the demo groups of one organisation
    groups = demo_groups(200, organisation_slug="demo-az")
    # then the first N are the same whatever the count, and slugs are unique
    assert demo_groups(20, organisation_slug="demo-az") == groups[:20]
    assert len({g.slug for g in groups}) == 200
    # and there is a realistic mix of visibilities, languages and sizes
    visibilities = Counter(g.visibility for g in groups)
    assert set(visibilities) == {"public", "closed", "secret"}
    assert visibilities["public"] > visibilities["closed"] > 0
    languages = Counter(g.language for g in groups)
    assert languages["nl"] > languages["en"] > 0
    sizes = sorted(g.member_count for g in groups)
    assert sizes[0] >= 1 and sizes[-1] > 10 * sizes[len(sizes) // 2]  # a long tail
    # and other organisations get other groups
    assert demo_groups(20, organisation_slug="demo-bzk") != groups[:20]
