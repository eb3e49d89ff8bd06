"""iCalendar export: RFC 5545 escaping, folding, UTC times, and the two endpoints."""

from __future__ import annotations

import datetime as dt

from tenant_apps.events.ical import ical_escape, ical_fold
from tests.discussions.helpers import Cast, client_for
from tests.events.helpers import event_make


def test_text_is_escaped() -> None:
    assert ical_escape('a\\b;c,d\r\ne\nf:"g"') == 'a\\\\b\\;c\\,d\\ne\\nf:"g"'


def test_long_lines_are_folded_at_75_octets_without_splitting_characters() -> None:
    line = "SUMMARY:" + "é" * 60  # 8 + 120 octets
    folded = ical_fold(line)
    pieces = folded.split("\r\n ")
    assert [len(p.encode()) for p in pieces] == [74, 54]
    assert "".join(pieces) == line
    assert ical_fold("SHORT:x") == "SHORT:x"


def test_event_calendar(public_cast: Cast) -> None:
    # given an event with characters that must be escaped, in Amsterdam time
    event = event_make(
        public_cast,
        title="Snoeien, zaaien; oogsten",
        description="<p>Neem mee:</p><ul><li>schep &amp; hark</li></ul>",
        location="Hof 1, Alpha",
        starts_at=dt.datetime(2027, 6, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        ends_at=dt.datetime(2027, 6, 1, 12, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    )
    # when its calendar is downloaded
    response = client_for(None).get(f"/api/v1/groups/tuinen/events/{event.pk}/ical")
    # then it is a text/calendar attachment with CRLF lines, UTC times and escaped text
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    lines = response.content.decode().split("\r\n")
    assert lines[:5] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Plein//Events//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    assert lines[-1] == ""  # every line ends in CRLF
    stamp = next(line for line in lines if line.startswith("DTSTAMP:"))
    assert [line for line in lines[5:-1] if not line.startswith("DTSTAMP:")] == [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@alpha.test",
        "DTSTART:20270601T080000Z",
        "DTEND:20270601T103000Z",
        "SUMMARY:Snoeien\\, zaaien\\; oogsten",
        "DESCRIPTION:Neem mee:schep & hark",
        "LOCATION:Hof 1\\, Alpha",
        f"URL:http://alpha.test/groups/tuinen/events/{event.pk}/",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    assert len(stamp) == len("DTSTAMP:20270601T080000Z") and stamp.endswith("Z")


def test_group_calendar_holds_its_live_events(public_cast: Cast) -> None:
    first = event_make(public_cast, title="Een")
    second = event_make(public_cast, title="Twee", online_url="https://meet.example/x")
    deleted = event_make(public_cast, title="Weg")
    client = client_for(public_cast.people["group_admin"])
    assert client.delete(f"/api/v1/groups/tuinen/events/{deleted.pk}/").status_code == 204
    response = client.get("/api/v1/groups/tuinen/events.ics")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 2
    assert f"UID:event-{first.pk}@alpha.test" in body
    assert f"UID:event-{second.pk}@alpha.test" in body
    assert "URL:https://meet.example/x" in body
    assert "X-WR-CALNAME:Group tuinen" in body
    assert "Weg" not in body
    # and a deleted event has no calendar of its own, even for the admin who still sees it
    assert client.get(f"/api/v1/groups/tuinen/events/{deleted.pk}/ical").status_code == 404
