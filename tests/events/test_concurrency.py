"""Two people taking the last seat at the same moment: one gets it, the other waits.

Runs on real commits with two database connections (threads), since the row lock that
serialises seat changes only shows its worth between transactions.
"""

from __future__ import annotations

import threading

from django.db import connection

from tenant_apps.accounts.models import User
from tenant_apps.events import services
from tenant_apps.events.models import Rsvp
from tenant_apps.groups.access import group_access
from tenant_apps.groups.models import Group
from tests.conftest import BaseOrganisations
from tests.discussions.helpers import cast_make, in_schema
from tests.events.helpers import event_make


def test_the_last_seat_goes_to_one_person(committed: BaseOrganisations) -> None:
    with in_schema(committed.alpha):
        cast = cast_make(visibility="public", slug="race", prefix="race-")
        event = event_make(cast, capacity=1)
        people = [cast.people["member"], cast.people["group_admin"]]
    barrier = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def answer(person: User) -> None:
        try:
            with in_schema(committed.alpha):
                access = group_access(viewer=person, slug="race")
                barrier.wait(timeout=10)
                services.rsvp_set(access=access, viewer=person, event=event, status="attending")
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(person,)) for person in people]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert errors == []
        with in_schema(committed.alpha):
            statuses = sorted(Rsvp.objects.filter(event=event).values_list("status", flat=True))
        assert statuses == ["attending", "waiting"]
    finally:
        with in_schema(committed.alpha):
            Group.objects.filter(slug="race").delete()
            User.objects.filter(username__startswith="race-").delete()
