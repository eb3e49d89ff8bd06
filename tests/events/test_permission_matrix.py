"""Permission matrix of events (and RSVPs, the event page), through the API and pages."""

from __future__ import annotations

import pytest
from django.test import Client

from tenant_apps.groups.access import GroupAccess
from tests.conftest import BaseOrganisations
from tests.discussions.matrix import EXPECTED, EXPECTED_PAGES, ContentKind, matrix_row, page_row
from tests.events.helpers import START


def _event(access: GroupAccess) -> tuple[int, str]:
    from tenant_apps.events import services
    from tenant_apps.groups.models import Membership, Role

    owner = Membership.objects.get(group=access.group, role=Role.OWNER).user
    event = services.event_create(
        access=access, actor=owner, title="Snoeidag", starts_at=START, ends_at=START
    )
    return event.pk, f"/api/v1/groups/{access.group.slug}/events/"


def _create(client: Client, url: str) -> object:
    body = {"title": "Nieuw", "starts_at": "2027-01-01T10:00Z", "ends_at": "2027-01-01T11:00Z"}
    return client.post(url, body, content_type="application/json")


EVENT = ContentKind("event", _event, _create, {"title": "Anders"})  # type: ignore[arg-type]


@pytest.mark.parametrize("action", ["read", "write", "admin", "restore"])
@pytest.mark.parametrize("visibility", ["public", "closed", "secret"])
def test_api_permission_matrix(orgs: BaseOrganisations, visibility: str, action: str) -> None:
    # given a group of that visibility, someone in every role and an event by the owner
    # when each of them reads, creates, changes or restores
    statuses = matrix_row(orgs=orgs, kind=EVENT, visibility=visibility, action=action)
    # then each gets exactly what the access rules say
    assert statuses == EXPECTED[action][visibility]


@pytest.mark.parametrize("visibility", ["public", "closed", "secret"])
def test_rsvp_and_calendars_follow_read_and_write(orgs: BaseOrganisations, visibility: str) -> None:
    # RSVP is writing; the calendars are reading
    from tests.discussions.helpers import cast_make, client_for, in_schema
    from tests.discussions.matrix import owner_access

    with in_schema(orgs.alpha):
        cast = cast_make(visibility=visibility)
        pk, url = _event(owner_access(cast))
        clients = {role: client_for(person) for role, person in cast.people.items()}
    rsvp = {
        role: c.post(f"{url}{pk}/rsvp/", {"status": "maybe"}, content_type="application/json")
        for role, c in clients.items()
    }
    # An answer is written to an event one must first be able to read: in a closed
    # group the anonymous visitor meets the read refusal (403) before the login one.
    expected_write = {
        role: 200 if status == 201 else status
        for role, status in EXPECTED["write"][visibility].items()
    }
    if visibility == "closed":
        expected_write["anonymous"] = 403
    assert {role: r.status_code for role, r in rsvp.items()} == expected_write
    for calendar in (f"{url}{pk}/ical", url.rstrip("/") + ".ics"):
        statuses = {role: c.get(calendar).status_code for role, c in clients.items()}
        assert statuses == EXPECTED["read"][visibility], calendar


def _event_page(access: GroupAccess) -> str:
    pk, _url = _event(access)
    return f"/groups/{access.group.slug}/events/{pk}/"


@pytest.mark.parametrize("action", ["read", "write"])
@pytest.mark.parametrize("visibility", ["public", "closed", "secret"])
def test_page_permission_matrix(orgs: BaseOrganisations, visibility: str, action: str) -> None:
    statuses = page_row(
        orgs=orgs,
        visibility=visibility,
        action=action,
        prepare=_event_page,
        post_data=lambda: {"status": "attending"},
    )
    assert statuses == EXPECTED_PAGES[action][visibility]


@pytest.mark.parametrize("visibility", ["public", "closed", "secret"])
def test_event_list_page_follows_read(orgs: BaseOrganisations, visibility: str) -> None:
    statuses = page_row(
        orgs=orgs,
        visibility=visibility,
        action="read",
        prepare=lambda access: f"/groups/{access.group.slug}/events/",
    )
    assert statuses == EXPECTED_PAGES["read"][visibility]
