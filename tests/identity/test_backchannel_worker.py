"""Through a real Celery worker: a logout token for a relying party that is down is
retried with backoff and delivered once it is back."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from django.test import override_settings

from shared_apps.identity.models import Profile, ProviderSession, SessionClient
from shared_apps.identity.services.sessions import provider_session_end, provider_session_start
from tenant_apps.accounts.models import User
from tenants.services import organisation_create
from tests.benchmarks.common import free_port
from tests.celery_worker import RunningWorker, celery_worker_running
from tests.conftest import BaseOrganisations
from tests.identity.helpers import person_create, verified_claims
from tests.identity.receiver import receiver_running


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def worker(committed: BaseOrganisations, port: int) -> Iterator[RunningWorker]:
    with override_settings(PLEIN_URL_PORT=port):
        organisation_create(name="Gemeente Lokaal", domain="127.0.0.1", slug="lokaal")
    try:
        with celery_worker_running(
            name="backchannel",
            extra_env={
                "CELERY_TASK_ALWAYS_EAGER": "false",
                "PLEIN_BACKCHANNEL_RETRY_BASE_S": "0.3",
            },
        ) as running:
            yield running
    finally:
        ProviderSession.objects.filter(user__username="anna@example.org").delete()
        Profile.objects.filter(user__username="anna@example.org").delete()
        # A plain delete would collect Wagtail's per-user rows, whose tables exist only
        # in organisation schemas; the public row has nothing else pointing at it.
        people = User.objects.filter(username="anna@example.org")
        people._raw_delete(people.db)


def test_a_relying_party_that_is_down_gets_its_logout_token_when_it_is_back(
    worker: RunningWorker, port: int
) -> None:
    # given a provider session in which the relying party on this machine got an ID token
    anna = person_create()
    session = provider_session_start(user=anna, session_key="", amr=["pwd"])
    SessionClient.objects.create(session=session, client_id="plein-lokaal")
    # when the session ends while nothing listens on the relying party's port
    provider_session_end(sid=str(session.sid))
    deadline = time.monotonic() + 30
    while not any("Retry in" in line for line in worker.log) and time.monotonic() < deadline:
        assert worker.alive, "the worker died:\n" + "".join(worker.log)
        time.sleep(0.1)
    assert any("Retry in" in line for line in worker.log), "".join(worker.log)
    # and the relying party comes back
    with receiver_running(port) as receiver:
        deadline = time.monotonic() + 30
        while not receiver.posts and time.monotonic() < deadline:
            time.sleep(0.1)
    # then the worker's retry delivered a valid logout token for this session
    assert [post.path for post in receiver.posts] == ["/auth/backchannel-logout/"]
    claims = verified_claims(receiver.posts[0].form["logout_token"][0], aud="plein-lokaal")
    assert (claims["sub"], claims["sid"]) == (anna.oidc_subject, str(session.sid))
    assert any("backchannel_logout_send" in line and "succeeded" in line for line in worker.log)
