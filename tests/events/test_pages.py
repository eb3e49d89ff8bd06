"""Event pages: the list, and one event with its RSVP form."""

from __future__ import annotations

from tenant_apps.events.models import Rsvp
from tests.discussions.helpers import Cast, client_for
from tests.events.helpers import event_make


def test_event_page_shows_local_time_and_the_rsvp_form(public_cast: Cast) -> None:
    event = event_make(public_cast, capacity=1, location="Hof")
    client = client_for(public_cast.people["member"])
    page = client.get(f"/groups/tuinen/events/{event.pk}/")
    assert page.status_code == 200
    assert "<h1>Snoeidag</h1>" in page.text
    # 09:00 UTC is 10:00 in Amsterdam in March
    assert '<time datetime="2027-03-01T10:00:00+01:00">' in page.text
    assert "(Europe/Amsterdam)" in page.text
    assert "0 of 1 places taken" in page.text
    assert '<input type="radio" name="status" value="attending"' in page.text
    assert "<legend>Will you come?</legend>" in page.text


def test_rsvp_through_the_form_and_the_waiting_list_is_shown(public_cast: Cast) -> None:
    event = event_make(public_cast, capacity=1)
    url = f"/groups/tuinen/events/{event.pk}/"
    member = client_for(public_cast.people["member"])
    admin = client_for(public_cast.people["group_admin"])
    assert member.post(url, {"status": "attending"}).status_code == 302
    assert admin.post(url, {"status": "attending"}).status_code == 302
    assert admin.post(url, {"status": "attending"}).status_code == 302  # double submit
    assert "You are on the waiting list (number 1)." in admin.get(url).text
    assert "Your answer: Attending." in member.get(url).text
    assert Rsvp.objects.count() == 2
    bad = member.post(url, {"status": "waiting"})
    assert bad.status_code == 400
    assert "Select a valid choice." in bad.text


def test_event_list_page(public_cast: Cast) -> None:
    event_make(public_cast, title="Snoeidag")
    page = client_for(None).get("/groups/tuinen/events/")
    assert page.status_code == 200
    assert ">Snoeidag</a></h2>" in page.text
    assert 'href="/api/v1/groups/tuinen/events.ics"' in page.text


def test_event_page_speaks_dutch(public_cast: Cast) -> None:
    event = event_make(public_cast, capacity=3)
    page = client_for(public_cast.people["member"]).get(
        f"/groups/tuinen/events/{event.pk}/", HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert "0 van 3 plaatsen bezet" in page.text
    assert "<legend>Kom je?</legend>" in page.text
    assert "Antwoord opslaan" in page.text
