"""seed_demo: many demo organisations at once, idempotent, with progress and a summary."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tenants.demo_data import demo_organisations
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
    ],
)
def test_bad_input_is_a_clear_error(
    committed: BaseOrganisations, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        _seed(*args)
    assert not Organisation.objects.exclude(slug__in=["hub", "alpha", "beta"]).exists()
