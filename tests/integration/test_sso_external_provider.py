"""Single sign-on against an independent, OpenID-certified provider that Plein did not write.

npm's oidc-provider (tests/oidc_provider/server.mjs, installed by `make test`) runs on a
free loopback port; gunicorn serves two organisations of the test database with
PLEIN_OIDC_ISSUER pointing at it and PLEIN_OIDC_CLIENTS holding their clients (the one
setting that swaps the built-in provider for another; nothing else changes). A
browser-like HTTP client (tests/e2e/http_client.py) follows every redirect and submits
the provider's own forms, so each hop can be asserted exactly:

log in on alpha -> open beta: logged in without a click (silent prompt=none) -> log out
on beta -> the provider sends a back-channel logout token to alpha -> alpha's session is
gone.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import override_settings

from tenant_apps.accounts.models import OidcSession, User
from tenants.db import tenant_connection
from tenants.models import Organisation
from tenants.oidc_clients import (
    rp_backchannel_logout_uri,
    rp_post_logout_redirect_uris,
    rp_redirect_uris,
)
from tenants.services import organisation_create
from tests.benchmarks.common import free_port, http_get_status
from tests.conftest import HUB_HOST, BaseOrganisations
from tests.e2e.http_client import BrowserLikeClient, Visit, html_form
from tests.e2e.live import LiveServer, live_gunicorn, stop_process

PROVIDER_DIR = Path(settings.BASE_DIR) / "tests" / "oidc_provider"
ALPHA = "sso-alpha.test"
BETA = "sso-beta.test"
# The provider's default static accounts (tests/oidc_provider/server.mjs).
ANNA_SUB = "c0ffee00-0000-4000-8000-000000000001"
ANNA_EMAIL = "anna@example.org"
ANNA_PASSWORD = "correct horse battery staple"
ANNA_NAME = "Anna de Vries"
START_TIMEOUT_S = 30

pytestmark = pytest.mark.slow


@dataclass
class NodeProvider:
    issuer: str
    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)  # its output, line by line

    def events(self, name: str) -> list[dict[str, object]]:
        parsed = [json.loads(line) for line in list(self.lines) if line.startswith("{")]
        return [event for event in parsed if event.get("event") == name]

    def output(self) -> str:
        return "".join(self.lines)


@dataclass(frozen=True)
class ExternalSso:
    provider: NodeProvider
    server: LiveServer
    alpha: Organisation
    beta: Organisation

    def site(self, host: str, path: str = "/") -> str:
        return self.server.url(host, path)


def _clients(*, port: int, sites: dict[str, str]) -> dict[str, dict[str, object]]:
    """PLEIN_OIDC_CLIENTS (slug -> client) for the relying parties of `sites` (slug ->
    domain), with the URIs the provider must register for each."""
    with override_settings(PLEIN_URL_PORT=port):
        return {
            slug: {
                "client_id": f"external-{slug}",
                "client_secret": f"secret-of-{slug}-at-the-external-provider",
                "redirect_uris": rp_redirect_uris(domains=[domain]),
                "post_logout_redirect_uris": rp_post_logout_redirect_uris(domains=[domain]),
                "backchannel_logout_uri": rp_backchannel_logout_uri(primary_domain=domain),
            }
            for slug, domain in sites.items()
        }


def _node_provider(*, port: int, clients: dict[str, dict[str, object]]) -> NodeProvider:
    node = shutil.which("node")
    assert node, (
        "node is missing: the SSO integration test needs Node 20+ (see tests/oidc_provider)"
    )
    assert (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir(), (
        "tests/oidc_provider/node_modules is missing: run `make oidc-provider`"
    )
    issuer = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [
            *(node, "server.mjs", "--port", str(port), "--issuer", issuer),
            *("--clients", json.dumps(clients), "--resolve-to", "127.0.0.1"),
        ],
        cwd=PROVIDER_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    provider = NodeProvider(issuer=issuer, process=process)
    assert process.stdout is not None
    output = process.stdout
    threading.Thread(
        target=lambda: provider.lines.extend(iter(output.readline, "")), daemon=True
    ).start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not provider.events("listening"):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_process(process)
            pytest.fail(f"the OpenID provider did not start:\n{provider.output()}")
        time.sleep(0.05)
    assert http_get_status(port, "127.0.0.1", "/.well-known/openid-configuration") == 200
    return provider


def _organisation(slug: str, domain: str) -> Organisation:
    return organisation_create(name=f"SSO {slug}", domain=domain, slug=slug).organisation


@pytest.fixture
def external_sso(committed: BaseOrganisations, tmp_path: Path) -> Iterator[ExternalSso]:
    """Two organisations of their own (deleted afterwards by `committed`), the node
    provider, and gunicorn trusting it."""
    alpha = _organisation("sso-alpha", ALPHA)
    beta = _organisation("sso-beta", BETA)
    web_port, provider_port = free_port(), free_port()
    clients = _clients(port=web_port, sites={alpha.slug: ALPHA, beta.slug: BETA})
    provider = _node_provider(port=provider_port, clients=clients)
    try:
        with live_gunicorn(
            port=web_port,
            log=tmp_path / "server.log",
            ready_host=HUB_HOST,
            extra_env={
                "PLEIN_OIDC_ISSUER": provider.issuer,
                "PLEIN_OIDC_CLIENTS": json.dumps(clients),
            },
        ) as server:
            yield ExternalSso(provider=provider, server=server, alpha=alpha, beta=beta)
            assert "Traceback" not in server.log_text(), server.log_text()
    finally:
        stop_process(provider.process)


def _explain(visit: Visit) -> str:
    """What a failed assertion on a visit prints: its hops and the last page's text."""
    hops = "\n".join(f"{hop.status} {hop.method} {hop.url}" for hop in visit.hops)
    return f"{hops}\n{visit.text[:3000]}"


def _oidc_sessions(organisation: Organisation) -> list[tuple[str, str]]:
    """(sid, username) of every session the relying party of `organisation` tracks."""
    tenant_connection().set_tenant(organisation)
    try:
        return list(OidcSession.objects.order_by("pk").values_list("sid", "user__username"))
    finally:
        tenant_connection().set_schema_to_public()


def _people(organisation: Organisation) -> list[tuple[str, str, str, str]]:
    tenant_connection().set_tenant(organisation)
    try:
        return list(
            User.objects.filter(oidc_subject__gt="").values_list(
                "oidc_issuer", "oidc_subject", "email", "display_name"
            )
        )
    finally:
        tenant_connection().set_schema_to_public()


def test_login_silent_login_and_backchannel_logout_with_oidc_provider(
    external_sso: ExternalSso,
) -> None:
    sso = external_sso
    op = urlsplit(sso.provider.issuer).netloc
    port = sso.server.port
    a, b = f"{ALPHA}:{port}", f"{BETA}:{port}"
    browser = BrowserLikeClient()

    # given a visitor logged in nowhere, who opens alpha
    first = browser.visit(sso.site(ALPHA))
    # then alpha checks once, silently, at the provider, which says login_required, and
    # the visitor lands back on alpha's home page, anonymous
    assert first.chain() == [
        (302, f"{a}/"),
        (303, f"{op}/auth"),
        (302, f"{a}/auth/callback/"),
        (200, f"{a}/"),
    ], _explain(first)
    assert parse_qs(urlsplit(first.hops[1].url).query)["prompt"] == ["none"]
    assert parse_qs(urlsplit(first.hops[2].url).query)["error"] == ["login_required"]
    assert ANNA_NAME not in first.text

    # when the visitor clicks "Log in" and signs in at the provider's own form
    start = browser.visit(sso.site(ALPHA, "/login/?next=/"))
    uid = urlsplit(start.url).path.removeprefix("/interaction/")
    assert start.chain() == [
        (302, f"{a}/login/"),
        (303, f"{op}/auth"),
        (200, f"{op}/interaction/{uid}"),
    ], _explain(start)
    authorize = parse_qs(urlsplit(start.hops[1].url).query)
    assert authorize["client_id"] == ["external-sso-alpha"]
    assert authorize["code_challenge_method"] == ["S256"]
    assert authorize["redirect_uri"] == [f"http://{a}/auth/callback/"]
    assert "prompt" not in authorize
    form = html_form(start.text, base_url=start.url, action_contains="/login")
    login = browser.visit(
        form.action, method="POST", data={"email": ANNA_EMAIL, "password": ANNA_PASSWORD}
    )
    # then the provider sends the visitor back to alpha with a code, and alpha shows who
    # is logged in
    assert login.chain() == [
        (303, f"{op}/interaction/{uid}/login"),
        (303, f"{op}/auth/{uid}"),
        (302, f"{a}/auth/callback/"),
        (200, f"{a}/"),
    ], _explain(login)
    # (oidc-provider, like any provider following OIDC Core 5.4, returns the e-mail and
    # name claims from userinfo, not in the ID token of a code flow)
    assert _people(sso.alpha) == [(sso.provider.issuer, ANNA_SUB, ANNA_EMAIL, ANNA_NAME)]
    assert ANNA_NAME in login.text, _explain(login)
    assert [e["sub"] for e in sso.provider.events("login.success")] == [ANNA_SUB]
    alpha_sessions = _oidc_sessions(sso.alpha)
    assert len(alpha_sessions) == 1
    sid = alpha_sessions[0][0]
    assert sid
    alpha_cookie = browser.cookie(ALPHA, settings.SESSION_COOKIE_NAME)
    assert alpha_cookie

    # when the visitor opens beta for the first time
    silent = browser.visit(sso.site(BETA))
    # then beta logs them in without a click: a silent prompt=none round trip whose
    # callback answers with the page itself (its address set by history.replaceState)
    assert silent.chain() == [
        (302, f"{b}/"),
        (303, f"{op}/auth"),
        (200, f"{b}/auth/callback/"),
    ], _explain(silent)
    assert silent.redirects == 2
    assert "history.replaceState(null, '', \"/\")" in silent.text
    assert parse_qs(urlsplit(silent.hops[1].url).query)["prompt"] == ["none"]
    assert parse_qs(urlsplit(silent.hops[1].url).query)["client_id"] == ["external-sso-beta"]
    assert "code" in parse_qs(urlsplit(silent.hops[2].url).query)
    assert ANNA_NAME in silent.text, _explain(silent)
    assert _people(sso.beta) == [(sso.provider.issuer, ANNA_SUB, ANNA_EMAIL, ANNA_NAME)]
    # oidc-provider gives each client its own `sid` for one provider session
    beta_sessions = _oidc_sessions(sso.beta)
    assert len(beta_sessions) == 1
    beta_sid = beta_sessions[0][0]
    assert beta_sid
    assert beta_sid != sid
    assert len(sso.provider.events("login.success")) == 1  # no second login form
    # and beta has a session of its own: alpha's cookie is not sent to beta
    beta_cookie = browser.cookie(BETA, settings.SESSION_COOKIE_NAME)
    assert beta_cookie
    assert beta_cookie != alpha_cookie

    # when the visitor logs out on beta and confirms at the provider
    logout_form = html_form(silent.text, base_url=silent.url, action_contains="/logout/")
    logout = browser.visit(logout_form.action, method="POST", data=logout_form.fields)
    assert logout.chain() == [(302, f"{b}/logout/"), (200, f"{op}/session/end")], _explain(logout)
    confirm = html_form(logout.text, base_url=logout.url, action_contains="/session/end/confirm")
    done = browser.visit(confirm.action, method="POST", data={**confirm.fields, "logout": "yes"})
    # then the provider ends its session, tells both sites over the back channel, and
    # returns the visitor to beta's home page, anonymous
    assert done.chain() == [(303, f"{op}/session/end/confirm"), (200, f"{b}/")], _explain(done)
    assert ANNA_NAME not in done.text
    delivered = sorted(
        (str(e["client_id"]), str(e["sid"])) for e in sso.provider.events("backchannel.success")
    )
    assert delivered == [("external-sso-alpha", sid), ("external-sso-beta", beta_sid)]
    assert sso.provider.events("backchannel.error") == []
    assert _oidc_sessions(sso.alpha) == []
    assert _oidc_sessions(sso.beta) == []

    # and alpha, opened with the same (now dead) session cookie, shows the visitor
    # anonymous: its one silent check finds no provider session (login_required) ...
    assert browser.cookie(ALPHA, settings.SESSION_COOKIE_NAME) == alpha_cookie
    after = browser.visit(sso.site(ALPHA))
    assert after.chain() == [
        (302, f"{a}/"),
        (303, f"{op}/auth"),
        (302, f"{a}/auth/callback/"),
        (200, f"{a}/"),
    ], _explain(after)
    assert parse_qs(urlsplit(after.hops[2].url).query)["error"] == ["login_required"]
    assert ANNA_NAME not in after.text
    assert "/login/?next=" in after.text
    # ... and it does not ask again
    again = browser.visit(sso.site(ALPHA))
    assert again.chain() == [(200, f"{a}/")], _explain(again)
    assert len(sso.provider.events("login.success")) == 1
