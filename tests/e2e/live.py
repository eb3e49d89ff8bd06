"""Live servers and a real browser for the end-to-end and SSO integration tests.

gunicorn serves the test database (whose data the test committed) on a free loopback
port; Debian's chromium, driven by Playwright for Python, visits it headless. The sites
have names without DNS (*.localhost, *.test): Chromium sends every name to loopback with
a host resolver rule, and server processes started here get the same rule through
tests/e2e/loopback/sitecustomize.py. Missing chromium or Playwright is a failure, not a
skip: the browser tests are part of the suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from tenants.models import Organisation
from tests.benchmarks.common import http_get_status
from tests.database import subprocess_database_url

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(settings.BASE_DIR)
CHROMIUM = os.environ.get("PLEIN_CHROMIUM", "/usr/bin/chromium")
LOOPBACK = "127.0.0.1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    f"--host-resolver-rules=MAP * {LOOPBACK}",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"
TIMEOUT_MS = 15_000
SERVER_START_TIMEOUT_S = 60


@dataclass(frozen=True)
class LiveServer:
    port: int
    log: Path

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def loopback_resolver_env() -> dict[str, str]:
    """Environment that makes a Python subprocess resolve every host name to loopback."""
    folder = str(Path(__file__).parent / "loopback")
    existing = os.environ.get("PYTHONPATH", "")
    return {
        "PYTHONPATH": folder + (os.pathsep + existing if existing else ""),
        "PLEIN_TEST_RESOLVE_TO": LOOPBACK,
    }


def live_server_env(*, port: int, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment of a server process on the current test database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": subprocess_database_url(str(connection.settings_dict["NAME"])),
        "PLEIN_URL_PORT": str(port),
        "PYTHONUNBUFFERED": "1",
        **loopback_resolver_env(),
        **(extra or {}),
    }


@contextmanager
def live_gunicorn(
    *,
    port: int,
    log: Path,
    ready_host: str,
    extra_env: dict[str, str] | None = None,
    workers: int = 2,
) -> Iterator[LiveServer]:
    """gunicorn on the test database until the block ends; ready when `ready_host` answers
    200 on /. Its output (warnings and tracebacks) goes to `log`. The hub's OIDC client
    follows the server's port meanwhile (see hub_client_on_port)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with hub_client_on_port(port=port), log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "config.wsgi:application",
                "--bind", f"{LOOPBACK}:{port}", "--workers", str(workers),
                "--log-level", "warning",
            ],
            cwd=ROOT,
            env=live_server_env(port=port, extra=extra_env),
            stdout=output,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        server = LiveServer(port=port, log=log)
        try:
            _wait_until_ready(process, server, ready_host)
            yield server
        finally:
            stop_process(process)


def _wait_until_ready(process: subprocess.Popen[bytes], server: LiveServer, host: str) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while True:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{server.log_text()}")
        try:
            if http_get_status(server.port, host, timeout=2) == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{host} did not answer:\n{server.log_text()}")
        time.sleep(0.1)


@contextmanager
def hub_client_on_port(*, port: int) -> Iterator[None]:
    """The hub's OIDC client registered with the live server's port for the block.

    The hub is created once per test session, its client's redirect URIs on the default
    port; a live server on another port would have the hub's silent logins refused by the
    provider (a redirect URI it does not know answers 400). Organisations a test makes
    under override_settings(PLEIN_URL_PORT=port) get the right URIs by themselves.
    """
    from shared_apps.identity.services.clients import oidc_client_sync

    hub = Organisation.objects.filter(slug="hub").first()
    if hub is None:
        yield
        return
    with override_settings(PLEIN_URL_PORT=port):
        oidc_client_sync(organisation=hub)
    try:
        yield
    finally:
        oidc_client_sync(organisation=hub)


def stop_process(process: subprocess.Popen[Any]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def sync_playwright() -> Callable[[], Any]:
    """Playwright's sync API; a clear failure when it or the browser is missing."""
    try:
        from playwright.sync_api import sync_playwright as entry
    except ImportError:
        pytest.fail(
            "Playwright for Python is not installed: pip install playwright (the Python "
            "package only; the browser is Debian's chromium, not `playwright install`)."
        )
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"chromium not found at {CHROMIUM}: apt-get install -y chromium")
    return entry


@contextmanager
def chromium() -> Iterator[Browser]:
    """Headless Debian chromium. Only browser work belongs inside the block: Playwright's
    event loop makes Django refuse ORM calls on this thread."""
    with sync_playwright()() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()
