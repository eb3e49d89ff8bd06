"""Event services: times and zones, validation, RSVPs and the waiting list."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tenant_apps.accounts.models import User
from tenant_apps.events import selectors, services
from tenant_apps.events.models import Event, Rsvp, RsvpStatus
from tenant_apps.groups.access import group_access
from tenant_apps.groups.models import Role
from tests.discussions.helpers import Cast
from tests.events.helpers import START, event_make, owner_access
from tests.factories import MembershipFactory, UserFactory


def _members(cast: Cast, count: int) -> list[User]:
    people = []
    for number in range(count):
        person = UserFactory(username=f"lid{number}")
        MembershipFactory(group=cast.group, user=person, role=Role.MEMBER)
        people.append(person)
    return people


def _answer(cast: Cast, person: User, event: Event, status: str) -> str:
    access = group_access(viewer=person, slug=cast.group.slug)
    return services.rsvp_set(access=access, viewer=person, event=event, status=status).status


def _statuses(event: Event) -> dict[str, str]:
    return {
        r.user.username: r.status for r in Rsvp.objects.filter(event=event).select_related("user")
    }


def test_times_with_offsets_are_stored_in_utc_and_the_zone_is_kept(public_cast: Cast) -> None:
    # given a start at 10:00 Amsterdam winter time (+01:00)
    amsterdam = dt.timezone(dt.timedelta(hours=1))
    event = event_make(
        public_cast,
        starts_at=dt.datetime(2027, 1, 10, 10, 0, tzinfo=amsterdam),
        ends_at=dt.datetime(2027, 1, 10, 12, 0, tzinfo=amsterdam),
    )
    event.refresh_from_db()
    # then UTC is stored, and the zone for showing it
    assert event.starts_at == dt.datetime(2027, 1, 10, 9, 0, tzinfo=dt.UTC)
    assert event.starts_at.tzinfo == dt.UTC
    assert event.time_zone == "Europe/Amsterdam"


def test_a_time_without_offset_is_read_in_the_events_zone(public_cast: Cast) -> None:
    # given a summer-time event in New York without offsets (EDT is UTC-4)
    event = event_make(
        public_cast,
        starts_at=dt.datetime(2027, 7, 1, 9, 0),
        ends_at=dt.datetime(2027, 7, 1, 10, 0),
        time_zone="America/New_York",
    )
    assert event.starts_at == dt.datetime(2027, 7, 1, 13, 0, tzinfo=dt.UTC)
    assert event.starts_at.astimezone(ZoneInfo("America/New_York")).hour == 9


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"ends_at": START - dt.timedelta(minutes=1)},
            {"ends_at": ["The end is before the start."]},
        ),
        ({"capacity": -1}, {"capacity": ["Capacity must be at least 1, or empty for no limit."]}),
        (
            {"time_zone": "Mars/Olympus"},
            {"time_zone": ["Unknown time zone; use a name like Europe/Amsterdam."]},
        ),
        (
            {"online_url": "javascript:alert(1)"},
            {"online_url": ["Enter a web address starting with http:// or https://."]},
        ),
        ({"title": "   "}, {"title": ["Give a title."]}),
    ],
)
def test_bad_values_are_refused_with_field_messages(
    public_cast: Cast, fields: dict[str, object], errors: dict[str, list[str]]
) -> None:
    with pytest.raises(ValidationError) as refused:
        event_make(public_cast, **fields)
    assert refused.value.message_dict == errors
    assert Event.objects.count() == 0


def test_the_waiting_list_moves_up_when_someone_declines(public_cast: Cast) -> None:
    # given an event with two seats and four people who want to come
    event = event_make(public_cast, capacity=2)
    a, b, c, d = _members(public_cast, 4)
    assert [_answer(public_cast, p, event, "attending") for p in (a, b, c, d)] == [
        "attending",
        "attending",
        "waiting",
        "waiting",
    ]
    assert selectors.rsvp_waiting_position(rsvp=Rsvp.objects.get(user=d)) == 2
    # when someone attending declines
    assert _answer(public_cast, a, event, "declined") == "declined"
    # then the first in line gets the seat, the second moves up
    assert _statuses(event) == {
        "lid0": "declined",
        "lid1": "attending",
        "lid2": "attending",
        "lid3": "waiting",
    }
    assert selectors.rsvp_waiting_position(rsvp=Rsvp.objects.get(user=d)) == 1


def test_maybe_also_frees_a_seat_and_a_returning_person_joins_the_end(public_cast: Cast) -> None:
    event = event_make(public_cast, capacity=1)
    a, b, c = _members(public_cast, 3)
    for person in (a, b, c):
        _answer(public_cast, person, event, "attending")
    assert _answer(public_cast, a, event, "maybe") == "maybe"
    assert _statuses(event) == {"lid0": "maybe", "lid1": "attending", "lid2": "waiting"}
    # a wants to come after all: behind c
    assert _answer(public_cast, a, event, "attending") == "waiting"
    _answer(public_cast, b, event, "declined")
    assert _statuses(event) == {"lid0": "waiting", "lid1": "declined", "lid2": "attending"}


def test_more_capacity_moves_the_waiting_list_up(public_cast: Cast) -> None:
    event = event_make(public_cast, capacity=1)
    people = _members(public_cast, 4)
    for person in people:
        _answer(public_cast, person, event, "attending")
    # when the organiser adds two seats
    services.event_update(actor=public_cast.owner, event=event, capacity=3)
    # then the two longest waiting get them
    assert _statuses(event) == {
        "lid0": "attending",
        "lid1": "attending",
        "lid2": "attending",
        "lid3": "waiting",
    }
    # and removing the limit seats everyone
    services.event_update(actor=public_cast.owner, event=event, capacity=None)
    assert set(_statuses(event).values()) == {"attending"}


def test_less_capacity_keeps_those_who_have_a_seat(public_cast: Cast) -> None:
    event = event_make(public_cast, capacity=3)
    for person in _members(public_cast, 3):
        _answer(public_cast, person, event, "attending")
    services.event_update(actor=public_cast.owner, event=event, capacity=1)
    assert set(_statuses(event).values()) == {"attending"}


def test_a_double_submit_changes_nothing(public_cast: Cast) -> None:
    # given a full event with one person waiting
    event = event_make(public_cast, capacity=1)
    a, b, c = _members(public_cast, 3)
    _answer(public_cast, a, event, "attending")
    _answer(public_cast, b, event, "attending")
    _answer(public_cast, c, event, "attending")
    before = Rsvp.objects.get(user=b).requested_at
    # when b sends "attending" again, and a "attending" again
    assert _answer(public_cast, b, event, "attending") == "waiting"
    assert _answer(public_cast, a, event, "attending") == "attending"
    # then nothing moved: b keeps its place before c, one row each
    assert Rsvp.objects.get(user=b).requested_at == before
    assert selectors.rsvp_waiting_position(rsvp=Rsvp.objects.get(user=b)) == 1
    assert Rsvp.objects.filter(event=event).count() == 3
    # and declining twice is the same as once
    assert _answer(public_cast, a, event, "declined") == "declined"
    assert _answer(public_cast, a, event, "declined") == "declined"
    assert _statuses(event)["lid1"] == "attending"


def test_only_real_answers_and_only_members(public_cast: Cast) -> None:
    event = event_make(public_cast)
    member = public_cast.people["member"]
    assert member is not None
    with pytest.raises(ValidationError) as refused:
        _answer(public_cast, member, event, RsvpStatus.WAITING)
    assert refused.value.message_dict == {"status": ["Answer attending, maybe or declined."]}
    outsider = public_cast.people["nonmember"]
    with pytest.raises(PermissionDenied):
        _answer(public_cast, outsider, event, "attending")  # type: ignore[arg-type]


def test_an_update_checks_the_whole_event_and_keeps_the_editor(public_cast: Cast) -> None:
    event = event_make(public_cast)
    admin = public_cast.people["group_admin"]
    with pytest.raises(ValidationError) as refused:
        services.event_update(actor=admin, event=event, starts_at=START + dt.timedelta(days=1))  # type: ignore[arg-type]
    assert refused.value.message_dict == {"ends_at": ["The end is before the start."]}
    services.event_update(actor=admin, event=event, title="Plantdag", location="Hof")  # type: ignore[arg-type]
    event.refresh_from_db()
    assert (event.title, event.location, event.last_edited_by) == ("Plantdag", "Hof", admin)
    assert owner_access(public_cast).group == event.group
