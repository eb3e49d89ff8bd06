"""The event API: create with time zones, validation, RSVP, counts, cross-organisation."""

from __future__ import annotations

import pytest

from tenant_apps.events import services
from tenant_apps.groups.access import group_access
from tests.conftest import BaseOrganisations
from tests.discussions.helpers import Cast, cast_make, client_for, in_schema
from tests.events.helpers import event_make

API = "/api/v1/groups/tuinen/events"
VALID = {
    "title": "Snoeidag",
    "starts_at": "2027-03-01T10:00:00+01:00",
    "ends_at": "2027-03-01T13:00:00+01:00",
    "time_zone": "Europe/Amsterdam",
    "location": "Hof",
    "capacity": 2,
}


def test_create_with_offsets_answers_in_utc(public_cast: Cast) -> None:
    response = client_for(public_cast.people["member"]).post(
        f"{API}/", VALID, content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert {k: body[k] for k in ("starts_at", "ends_at", "time_zone", "capacity")} == {
        "starts_at": "2027-03-01T09:00:00Z",
        "ends_at": "2027-03-01T12:00:00Z",
        "time_zone": "Europe/Amsterdam",
        "capacity": 2,
    }
    assert (body["attending_count"], body["waiting_count"], body["my_rsvp"]) == (0, 0, None)


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        (
            {"ends_at": "2027-03-01T09:59:00+01:00"},
            {"ends_at": ["The end is before the start."]},
        ),
        ({"capacity": -5}, {"capacity": ["Ensure this value is greater than or equal to 1."]}),
        (
            {"starts_at": "gisteren"},
            {
                "starts_at": [
                    "Datetime has wrong format. Use one of these formats instead: "
                    "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
                ]
            },
        ),
        (
            {"online_url": "javascript:alert(1)"},
            {"online_url": ["Enter a web address starting with http:// or https://."]},
        ),
    ],
)
def test_bad_input_is_400_with_field_messages(
    public_cast: Cast, change: dict[str, object], errors: dict[str, list[str]]
) -> None:
    response = client_for(public_cast.people["member"]).post(
        f"{API}/", VALID | change, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == errors


def test_patch_checks_the_dates_and_growing_capacity_seats_the_waiting(public_cast: Cast) -> None:
    # given a full event with one seat and one person waiting
    event = event_make(public_cast, capacity=1)
    member, admin = public_cast.people["member"], public_cast.people["group_admin"]
    for person in (member, admin):
        services.rsvp_set(
            access=group_access(viewer=person, slug="tuinen"),  # type: ignore[arg-type]
            viewer=person,  # type: ignore[arg-type]
            event=event,
            status="attending",
        )
    owner = client_for(public_cast.owner)
    bad = owner.patch(
        f"{API}/{event.pk}/", {"ends_at": "2020-01-01T00:00:00Z"}, content_type="application/json"
    )
    assert (bad.status_code, bad.json()) == (400, {"ends_at": ["The end is before the start."]})
    # when the owner raises the capacity
    grown = owner.patch(f"{API}/{event.pk}/", {"capacity": 2}, content_type="application/json")
    # then both attend
    assert grown.status_code == 200
    assert (grown.json()["attending_count"], grown.json()["waiting_count"]) == (2, 0)


def test_rsvp_round_trip_is_idempotent(public_cast: Cast) -> None:
    event = event_make(public_cast, capacity=1)
    member = client_for(public_cast.people["member"])
    admin = client_for(public_cast.people["group_admin"])
    url = f"{API}/{event.pk}/rsvp/"
    assert member.get(url).json() == {"event": event.pk, "status": None, "waiting_position": None}
    first = member.post(url, {"status": "attending"}, content_type="application/json")
    again = member.post(url, {"status": "attending"}, content_type="application/json")
    assert first.status_code == again.status_code == 200
    assert (
        first.json()
        == again.json()
        == {
            "event": event.pk,
            "status": "attending",
            "waiting_position": None,
        }
    )
    waiting = admin.put(url, {"status": "attending"}, content_type="application/json")
    assert waiting.json() == {"event": event.pk, "status": "waiting", "waiting_position": 1}
    member.post(url, {"status": "declined"}, content_type="application/json")
    assert admin.get(url).json()["status"] == "attending"
    detail = admin.get(f"{API}/{event.pk}/").json()
    assert (detail["attending_count"], detail["my_rsvp"]) == (1, "attending")
    bad = member.post(url, {"status": "waiting"}, content_type="application/json")
    assert (bad.status_code, bad.json()) == (400, {"status": ['"waiting" is not a valid choice.']})


def test_list_filters_upcoming_and_costs_the_same_queries(
    public_cast: Cast, django_assert_num_queries: object
) -> None:
    import datetime as dt

    event_make(
        public_cast,
        title="Oud",
        starts_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        ends_at=dt.datetime(2020, 1, 1, 1, tzinfo=dt.UTC),
    )
    for number in range(5):
        event_make(public_cast, title=f"e{number}")
    client = client_for(public_cast.people["member"])
    assert client.get(f"{API}/").json()["count"] == 6
    with django_assert_num_queries(6):  # type: ignore[operator]
        upcoming = client.get(f"{API}/?upcoming=true")
    assert [e["title"] for e in upcoming.json()["results"]] == [f"e{n}" for n in range(5)]


def test_ids_and_slugs_of_another_organisation_are_missing(orgs: BaseOrganisations) -> None:
    with in_schema(orgs.beta):
        beta = cast_make(visibility="public", prefix="b")
        event = event_make(beta)
        cast_make(visibility="public", slug="eigen", prefix="e")
    with in_schema(orgs.alpha):
        client = client_for(cast_make(visibility="public").people["site_admin"])
    e = event.pk
    pairs = [
        (f"{API}/{e}/", f"{API}/999998/"),
        (f"{API}/{e}/rsvp/", f"{API}/999998/rsvp/"),
        (f"{API}/{e}/ical", f"{API}/999998/ical"),
        (f"{API}/{e}/restore/", f"{API}/999998/restore/"),
        ("/api/v1/groups/eigen/events/", "/api/v1/groups/nergens/events/"),
        ("/api/v1/groups/eigen/events.ics", "/api/v1/groups/nergens/events.ics"),
        ("/groups/eigen/events/", "/groups/nergens/events/"),
        (f"/groups/tuinen/events/{e}/", "/groups/tuinen/events/999998/"),
    ]
    for beta_url, missing_url in pairs:
        method = "post" if beta_url.endswith(("restore/", "rsvp/")) else "get"
        theirs = getattr(client, method)(beta_url)
        missing = getattr(client, method)(missing_url)
        assert theirs.status_code == 404, beta_url
        assert theirs.content == missing.content, beta_url
