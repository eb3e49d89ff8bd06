"""Per-organisation size statistics: measured by tasks, stored in the public schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from config.celery import app
from shared_apps.operators import tasks
from shared_apps.operators.models import OrganisationStats
from tenant_apps.groups.models import Group
from tests.conftest import BaseOrganisations
from tests.factories import GroupFactory, UserFactory


def _measure_alpha() -> OrganisationStats:
    tasks.organisation_stats_refresh_task.apply(args=("alpha",))
    return OrganisationStats.objects.get(organisation__slug="alpha")


def test_a_measurement_counts_members_groups_and_storage(
    orgs: BaseOrganisations, storage: Path
) -> None:
    # given alpha as it is
    before = _measure_alpha()
    # when three people, two groups (one of them deleted) and a 1000-byte file are added
    connection.set_tenant(orgs.alpha)
    UserFactory.create_batch(3)
    GroupFactory()
    deleted = GroupFactory()
    Group.objects.filter(pk=deleted.pk).update(deleted_at="2026-12-01T00:00:00Z")
    connection.set_schema_to_public()
    media = storage / "media" / "org_alpha" / "files"
    media.mkdir(parents=True)
    (media / "report.pdf").write_bytes(b"x" * 1000)
    after = _measure_alpha()
    # then the stored numbers follow, with the time they were measured
    assert (after.members - before.members, after.groups - before.groups) == (3, 1)
    assert (before.media_bytes, after.media_bytes) == (0, 1000)
    assert after.database_bytes > 0
    assert after.storage_bytes == after.database_bytes + 1000
    assert after.measured_at > before.measured_at
    assert OrganisationStats.objects.count() == 1  # one row per organisation, updated


def test_measuring_a_deleted_organisation_does_nothing(orgs: BaseOrganisations) -> None:
    tasks.organisation_stats_refresh_task.apply(args=("gone",))
    assert not OrganisationStats.objects.exists()


def test_the_periodic_task_measures_every_organisation_but_the_hub(
    orgs: BaseOrganisations,
) -> None:
    # eager Celery runs each queued measurement at once, whatever its countdown
    queued = tasks.organisation_stats_refresh_all_task.apply().get()
    assert queued == 2
    assert sorted(OrganisationStats.objects.values_list("organisation__slug", flat=True)) == [
        "alpha",
        "beta",
    ]


def test_the_fan_out_spreads_measurements_over_the_jitter_window(
    orgs: BaseOrganisations, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a unit test of the fan-out itself: what it hands to the broker, not what runs
    sent: list[dict[str, Any]] = []
    monkeypatch.setattr(
        tasks.organisation_stats_refresh_task,
        "apply_async",
        lambda **options: sent.append(options),
    )
    tasks.organisation_stats_refresh_all_task.apply()
    assert [call["args"] for call in sent] == [("alpha",), ("beta",)]
    assert all(0 <= call["countdown"] <= tasks.STATS_JITTER_S for call in sent)
    assert all(call["headers"] == {"_schema_name": "public"} for call in sent)


def test_the_beat_schedule_runs_the_fan_out() -> None:
    entry = app.conf.beat_schedule["operator-stats-refresh-all"]
    assert entry["task"] == "shared_apps.operators.tasks.organisation_stats_refresh_all_task"
    assert entry["task"] in app.tasks
