"""iCalendar (RFC 5545) export of events, written by hand: the format is small, and doing
it here keeps escaping, line folding and UTC times under test instead of in a dependency.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable

from django.utils import timezone
from django.utils.html import strip_tags

from tenant_apps.events.models import Event

PRODID = "-//Plein//Events//NL"
MAX_LINE_OCTETS = 75


def ical_escape(text: str) -> str:
    """TEXT value escaping of RFC 5545 §3.3.11; CR dropped, newlines become \\n."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def ical_fold(line: str) -> str:
    """Fold a content line at 75 octets (§3.1) without splitting a UTF-8 character."""
    pieces: list[str] = []
    current = ""
    current_octets = 0
    limit = MAX_LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if current_octets + octets > limit:
            pieces.append(current)
            current, current_octets = "", 0
            limit = MAX_LINE_OCTETS - 1  # continuation lines start with one space
        current += char
        current_octets += octets
    pieces.append(current)
    return "\r\n ".join(pieces)


def ical_utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _plain(rich_html: str) -> str:
    return html.unescape(strip_tags(rich_html)).strip()


def _event_lines(event: Event, *, host: str, url: str, stamp: dt.datetime) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{host}",
        f"DTSTAMP:{ical_utc(stamp)}",
        f"DTSTART:{ical_utc(event.starts_at)}",
        f"DTEND:{ical_utc(event.ends_at)}",
        f"SUMMARY:{ical_escape(event.title)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{ical_escape(_plain(event.description))}")
    if event.location:
        lines.append(f"LOCATION:{ical_escape(event.location)}")
    lines.append(f"URL:{event.online_url or url}")
    if event.last_edited_at:
        lines.append(f"LAST-MODIFIED:{ical_utc(event.last_edited_at)}")
    lines.append("END:VEVENT")
    return lines


def ical_calendar(
    *, events: Iterable[tuple[Event, str]], host: str, name: str | None = None
) -> str:
    """A VCALENDAR with one VEVENT per (event, page URL); CRLF line ends as the RFC says."""
    stamp = timezone.now()
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    lines.append("METHOD:PUBLISH")
    if name:
        lines.append(f"X-WR-CALNAME:{ical_escape(name)}")
    for event, url in events:
        lines.extend(_event_lines(event, host=host, url=url, stamp=stamp))
    lines.append("END:VCALENDAR")
    return "".join(ical_fold(line) + "\r\n" for line in lines)
