"""The person's notifications and e-mail preference, through the API and the page."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tenant_apps.accounts.models import User
from tenant_apps.activity.models import Notification, NotificationPreference
from tenant_apps.groups.models import Membership, Visibility
from tenants.db import tenant_connection
from tenants.models import Organisation
from tests.activity.helpers import DAILY, INSTANT, OFF, group_of, member_of, record
from tests.conftest import BaseOrganisations
from tests.factories import MembershipFactory

API = "/api/v1/notifications/"


def _notified(count: int = 2) -> tuple[User, list[Notification]]:
    """A member with `count` notifications, oldest first, and a neighbour with their own."""
    group = group_of(name="Buurt", slug="buurt")
    person = member_of(group, username="anna")
    member_of(group, username="neighbour")
    activities = [record(group, summary=f"Bericht {n}") for n in range(count)]
    return person, [Notification.objects.get(user=person, activity=a) for a in activities]


def test_list_shows_own_notifications_newest_first(
    in_alpha: Organisation, alpha_client: Client
) -> None:
    person, (older, newer) = _notified()
    alpha_client.force_login(person)
    body = alpha_client.get(API).json()
    assert body["count"] == 2
    assert [(n["id"], n["activity"]["summary"], n["is_read"]) for n in body["results"]] == [
        (newer.pk, "Bericht 1", False),
        (older.pk, "Bericht 0", False),
    ]
    assert body["results"][0]["activity"]["group"] == {"slug": "buurt", "name": "Buurt"}


def test_unread_count_mark_one_and_mark_all(in_alpha: Organisation, alpha_client: Client) -> None:
    person, (older, newer) = _notified(2)
    alpha_client.force_login(person)
    assert alpha_client.get(f"{API}unread-count/").json() == {"unread": 2}
    # when one is marked read (twice: the second changes nothing)
    first = alpha_client.post(f"{API}{older.pk}/read/")
    again = alpha_client.post(f"{API}{older.pk}/read/")
    assert first.status_code == 200 and first.json()["is_read"] is True
    assert again.json()["read_at"] == first.json()["read_at"]
    assert alpha_client.get(f"{API}unread-count/").json() == {"unread": 1}
    assert [n["id"] for n in alpha_client.get(API, {"unread": "true"}).json()["results"]] == [
        newer.pk
    ]
    # when all are marked read
    assert alpha_client.post(f"{API}read-all/").json() == {"marked": 1}
    assert alpha_client.get(f"{API}unread-count/").json() == {"unread": 0}
    # and the neighbour's notifications are untouched
    assert Notification.objects.filter(read_at__isnull=True).exclude(user=person).count() == 2


def test_someone_elses_notification_looks_missing(
    in_alpha: Organisation, alpha_client: Client
) -> None:
    person, _ = _notified(1)
    other = Notification.objects.exclude(user=person).get()
    alpha_client.force_login(person)
    theirs = alpha_client.post(f"{API}{other.pk}/read/")
    missing = alpha_client.post(f"{API}987654321/read/")
    huge = alpha_client.post(f"{API}{10**30}/read/")
    assert (theirs.status_code, theirs.content) == (404, missing.content)
    assert (huge.status_code, huge.content) == (404, missing.content)
    assert Notification.objects.get(pk=other.pk).read_at is None
    page = alpha_client.post(f"/notifications/{other.pk}/read/")
    assert page.status_code == 404


def test_notifications_of_a_group_one_left_are_hidden(
    in_alpha: Organisation, alpha_client: Client
) -> None:
    group = group_of(Visibility.CLOSED)
    person = member_of(group)
    record(group, summary="Geheim overleg")
    Membership.objects.filter(user=person).delete()
    alpha_client.force_login(person)
    assert alpha_client.get(API).json()["count"] == 0
    assert alpha_client.get(f"{API}unread-count/").json() == {"unread": 0}


def test_notifications_need_a_login(in_alpha: Organisation, alpha_client: Client) -> None:
    for url in [API, f"{API}unread-count/", f"{API}preferences/"]:
        assert alpha_client.get(url).status_code in (401, 403), url
    assert alpha_client.post(f"{API}read-all/").status_code in (401, 403)
    page = alpha_client.get("/notifications/")
    assert page.status_code == 302


def test_list_costs_the_same_queries_however_many(
    in_alpha: Organisation, alpha_client: Client
) -> None:
    person, _ = _notified(1)
    alpha_client.force_login(person)

    def cost() -> int:
        alpha_client.get(API)
        with CaptureQueriesContext(connection) as queries:
            alpha_client.get(API)
            alpha_client.get("/notifications/")
        return len(queries)

    before = cost()
    for n in range(20):
        group = group_of()
        member_of(group, username=f"p{n}")
        MembershipFactory(group=group, user=person)
        record(group, member_of(group))
    assert cost() == before


def test_preference_defaults_to_daily_and_can_be_changed(
    in_alpha: Organisation, alpha_client: Client
) -> None:
    person, _ = _notified(0)
    alpha_client.force_login(person)
    url = f"{API}preferences/"
    assert alpha_client.get(url).json() == {"email": DAILY}
    for mode in (INSTANT, OFF, DAILY):
        response = alpha_client.put(url, {"email": mode}, content_type="application/json")
        assert response.status_code == 200
        assert response.json() == {"email": mode}
        assert alpha_client.get(url).json() == {"email": mode}
    assert NotificationPreference.objects.filter(user=person).count() == 1


def test_an_unknown_preference_is_refused_with_a_message(
    in_alpha: Organisation, alpha_client: Client
) -> None:
    person, _ = _notified(0)
    alpha_client.force_login(person)
    url = f"{API}preferences/"
    for body in ({"email": "hourly"}, {}, {"email": ["instant"]}):
        response = alpha_client.put(
            url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 400, body
        assert list(response.json()) == ["email"]
    assert alpha_client.get(url).json() == {"email": DAILY}


def test_notifications_page_lists_marks_and_saves_the_preference(
    in_alpha: Organisation, alpha_client: Client
) -> None:
    person, (older, newer) = _notified(2)
    alpha_client.force_login(person)
    page = alpha_client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "You have 2 unread notifications." in page.text
    assert "Bericht 0" in page.text and "Bericht 1" in page.text
    assert 'name="email" value="daily" id="id_email_1" required checked' in page.text
    # mark one, then all
    assert alpha_client.post(f"/notifications/{older.pk}/read/").status_code == 302
    assert Notification.objects.get(pk=older.pk).read_at is not None
    assert alpha_client.post("/notifications/read-all/").status_code == 302
    assert Notification.objects.get(pk=newer.pk).read_at is not None
    # save a preference, and refuse an unknown one
    saved = alpha_client.post("/notifications/preferences/", {"email": INSTANT})
    assert saved.status_code == 302 and saved["Location"] == "/notifications/"
    assert NotificationPreference.objects.get(user=person).email == INSTANT
    refused = alpha_client.post("/notifications/preferences/", {"email": "hourly"})
    assert refused.status_code == 400
    assert 'role="alert"' in refused.text
    assert NotificationPreference.objects.get(user=person).email == INSTANT


def test_notifications_page_in_dutch(in_alpha: Organisation, alpha_client: Client) -> None:
    person, _ = _notified(1)
    alpha_client.force_login(person)
    page = alpha_client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="nl")
    assert "Meldingen" in page.text
    assert "Je hebt 1 ongelezen melding." in page.text


def test_a_notification_of_another_organisation_looks_missing(
    orgs: BaseOrganisations, alpha_client: Client
) -> None:
    # given a notification in beta
    tenant_connection().set_tenant(orgs.beta)
    _person, (theirs,) = _notified(1)
    # and a person in alpha with no notifications
    tenant_connection().set_tenant(orgs.alpha)
    person, _ = _notified(0)
    alpha_client.force_login(person)  # in alpha's schema, where the person lives
    # then its id answers 404 through alpha, like any missing id
    response = alpha_client.post(f"{API}{theirs.pk}/read/")
    missing = alpha_client.post(f"{API}987654321/read/")
    assert (response.status_code, response.content) == (404, missing.content)
    assert alpha_client.get(API).json()["count"] == 0
