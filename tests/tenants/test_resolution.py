"""Host → organisation resolution: hosts, aliases, unknown, suspended, malformed, cost."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tenants.services import domain_add, organisation_suspend
from tests.conftest import ALPHA_HOST, BETA_HOST, BaseOrganisations


def test_each_host_serves_its_own_organisation(orgs: BaseOrganisations) -> None:
    # given two organisations on two hosts
    # when each home page is asked for through its own host
    alpha = Client(HTTP_HOST=ALPHA_HOST).get("/")
    beta = Client(HTTP_HOST=BETA_HOST).get("/")
    # then each shows its own name and never the other's
    assert alpha.status_code == 200
    assert beta.status_code == 200
    assert "Gemeente Alpha" in alpha.text and "Provincie Beta" not in alpha.text
    assert "Provincie Beta" in beta.text and "Gemeente Alpha" not in beta.text


def test_host_matching_ignores_case_port_and_trailing_dot(orgs: BaseOrganisations) -> None:
    for host in ["ALPHA.test", "alpha.test:8000", "alpha.test."]:
        response = Client(HTTP_HOST=host).get("/")
        assert response.status_code == 200, host
        assert "Gemeente Alpha" in response.text


def test_unknown_host_is_a_plain_404(orgs: BaseOrganisations) -> None:
    response = Client(HTTP_HOST="nobody.test", HTTP_ACCEPT_LANGUAGE="en").get("/")
    assert response.status_code == 404
    assert "Site not found" in response.text
    assert "Gemeente Alpha" not in response.text and "Provincie Beta" not in response.text


@pytest.mark.parametrize("host", ["bad..host", "-alpha.test", "alpha_test.nl", "[::1]x", "a" * 300])
def test_malformed_host_is_400(orgs: BaseOrganisations, host: str) -> None:
    response = Client(HTTP_HOST=host).get("/")
    assert response.status_code == 400


def test_alias_redirects_permanently_to_the_primary_domain(orgs: BaseOrganisations) -> None:
    # given an alias of alpha
    domain_add(slug="alpha", domain="www.alpha.test")
    # when it is visited with a path and query
    response = Client(HTTP_HOST="www.alpha.test:8000").get("/groups/?page=2")
    # then it moves permanently to the same place on the primary domain
    assert response.status_code == 301
    assert response["Location"] == "http://alpha.test:8000/groups/?page=2"


def test_suspended_organisation_answers_503(orgs: BaseOrganisations) -> None:
    organisation_suspend(slug="beta")
    response = Client(HTTP_HOST=BETA_HOST, HTTP_ACCEPT_LANGUAGE="en").get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "3600"
    assert "temporarily unavailable" in response.text
    # and the other organisation is untouched
    assert Client(HTTP_HOST=ALPHA_HOST).get("/").status_code == 200


def test_hub_domain_serves_the_public_urlconf(orgs: BaseOrganisations) -> None:
    response = Client(HTTP_HOST="hub.test").get("/")
    assert response.status_code == 200
    assert "Gemeente Alpha" in response.text and "Provincie Beta" in response.text


# The home page is the organisation's Wagtail page now, which reads its page tree; the API
# docs page reads nothing, so what these tests count is the resolution alone.
READS_NOTHING = "/api/docs/"


def test_steady_state_resolution_costs_no_sql(orgs: BaseOrganisations) -> None:
    # given a warmed host map (the first request loads it)
    client = Client(HTTP_HOST=ALPHA_HOST)
    client.get(READS_NOTHING)
    # when the same subsite is asked again for a page that reads nothing itself
    with CaptureQueriesContext(connection) as queries:
        response = client.get(READS_NOTHING)
    # then not a single SQL statement is sent, not even SET search_path
    assert response.status_code == 200
    assert [query["sql"] for query in queries.captured_queries] == []


def test_switching_tenants_sends_nothing_until_a_page_reads(orgs: BaseOrganisations) -> None:
    # Each organisation's published branding (language, colours) is read once per process
    # (tenant_apps/site/selectors.py): visit beta once, then come from alpha.
    Client(HTTP_HOST=BETA_HOST).get(READS_NOTHING)
    Client(HTTP_HOST=ALPHA_HOST).get(READS_NOTHING)
    with CaptureQueriesContext(connection) as queries:
        Client(HTTP_HOST=BETA_HOST).get(READS_NOTHING)
    # the page itself reads nothing, so switching schema sends nothing either
    assert queries.captured_queries == []


def test_error_pages_speak_the_visitors_language(orgs: BaseOrganisations) -> None:
    dutch = Client(HTTP_HOST="nobody.test", HTTP_ACCEPT_LANGUAGE="nl").get("/")
    english = Client(HTTP_HOST="nobody.test", HTTP_ACCEPT_LANGUAGE="en").get("/")
    assert 'lang="nl"' in dutch.text and "Site not found" not in dutch.text
    assert 'lang="en"' in english.text and "Site not found" in english.text


def test_a_domain_change_elsewhere_is_seen_without_restart(orgs: BaseOrganisations) -> None:
    # given a warmed host map
    client = Client(HTTP_HOST="late.alpha.test")
    assert client.get("/").status_code == 404
    # when another process adds a domain (simulated: the row appears and the version moves)
    from django_redis import get_redis_connection

    from tenants.models import Domain
    from tenants.routing import _version_key

    Domain.objects.bulk_create(
        [Domain(domain="late.alpha.test", tenant=orgs.alpha, is_primary=False)]
    )
    get_redis_connection("default").incr(_version_key())
    # then the next request resolves it (an alias: it redirects to alpha's primary domain)
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"] == "http://alpha.test/"


def test_requests_are_served_while_redis_is_down(
    orgs: BaseOrganisations, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given Redis unreachable (a real client to a closed port)
    import redis

    from tenants import routing

    dead = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    calls: list[int] = []

    def dead_redis() -> redis.Redis:
        calls.append(1)
        return dead

    monkeypatch.setattr(routing, "_redis", dead_redis)
    monkeypatch.setattr(routing, "_redis_unreachable_until", 0.0)
    client = Client(HTTP_HOST=ALPHA_HOST)
    # when several requests come in
    statuses = [client.get("/").status_code for _ in range(5)]
    # then all are served, and Redis was asked once, not on every request
    assert statuses == [200] * 5
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("domain", "status"),
    [("alpha.test", 200), ("ALPHA.test", 200), ("hub.test", 200), ("evil.test", 404), ("", 404)],
)
def test_tls_is_allowed_only_for_known_domains(
    orgs: BaseOrganisations, domain: str, status: int
) -> None:
    response = Client(HTTP_HOST="hub.test").get("/internal/tls-allowed", {"domain": domain})
    assert response.status_code == status


@pytest.mark.parametrize("path", ["/?q=%00", "/api/v1/groups/?q=a%00b", "/groups/%00/"])
def test_a_nul_character_in_the_address_is_a_400_not_a_500(
    orgs: BaseOrganisations, path: str
) -> None:
    response = Client(HTTP_HOST=ALPHA_HOST).get(path)
    assert response.status_code == 400
    assert "NUL character" in response.text
