"""In a real browser, against gunicorn and a real Celery worker: an operator creates an
organisation and the job page's script shows the new site's link when the worker is done."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from tests.benchmarks.common import free_port
from tests.celery_worker import RunningWorker, celery_worker_running
from tests.conftest import HUB_HOST, BaseOrganisations
from tests.e2e.live import SCREENSHOTS, TIMEOUT_MS, LiveServer, chromium, live_gunicorn

SETTINGS = "tests.e2e.worker_settings"


@pytest.fixture
def session_key(committed: BaseOrganisations) -> Iterator[str]:
    """A committed operator session on the hub, as its single sign-on would leave it."""
    user = get_user_model().objects.create_user(username="browser-olga", is_staff=True)
    client = Client(HTTP_HOST=HUB_HOST)
    client.force_login(user)
    yield client.cookies[settings.SESSION_COOKIE_NAME].value
    connection.set_schema_to_public()
    from tests.operators.conftest import _console_rows_delete

    _console_rows_delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_user WHERE username = 'browser-olga'")


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def worker(committed: BaseOrganisations, port: int) -> Iterator[RunningWorker]:
    # The worker builds the new site's URL, with the live server's port.
    with celery_worker_running(
        name="console-browser", settings_module=SETTINGS, extra_env={"PLEIN_URL_PORT": str(port)}
    ) as running:
        yield running


@pytest.fixture
def server(worker: RunningWorker, session_key: str, port: int) -> Iterator[LiveServer]:
    with live_gunicorn(
        port=port,
        log=SCREENSHOTS / "console-server.log",
        ready_host=HUB_HOST,
        extra_env={"DJANGO_SETTINGS_MODULE": SETTINGS, "PLEIN_TEST_QUEUE": worker.queue},
    ) as live:
        yield live


def test_creating_an_organisation_shows_its_link_when_ready(
    server: LiveServer, session_key: str, worker: RunningWorker
) -> None:
    from playwright.sync_api import expect

    with chromium() as browser:
        context = browser.new_context(locale="en-GB")
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session_key,
                    "url": server.url(HUB_HOST),
                }
            ]
        )
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        # given the console's form
        page.goto(server.url(HUB_HOST, "/operator/organisations/new/"))
        # when an operator fills it in by its labels and submits
        page.get_by_label("Name").fill("Gemeente Zwolle")
        page.get_by_label("Domain").fill("zwolle.test")
        page.get_by_label("Kind").select_option("municipality")
        page.get_by_role("button", name="Create").click()
        # then the job page's live region ends with the new site's link, without a reload
        page.wait_for_url("**/operator/jobs/*/")
        status = page.get_by_role("status").filter(has_text="Status:")
        link = status.get_by_role("link", name=f"http://zwolle.test:{server.port}/")
        expect(link).to_be_visible()
        expect(page.locator("#job-progress")).to_have_attribute("value", "3")
        page.screenshot(path=str(SCREENSHOTS / "operator-console-created.png"), full_page=True)
        # and the link opens the new subsite
        link.click()
        page.wait_for_url(f"http://zwolle.test:{server.port}/")
        expect(page.locator("h1")).to_contain_text("Gemeente Zwolle")
    log = server.log_text()
    assert "Traceback" not in log, log
    assert worker.alive, "".join(worker.log[-30:])


# Every console page, in both languages, checked with axe-core (WCAG 2.1 AA rules).
CONSOLE_PAGES = [
    "/operator/",
    "/operator/?kind=municipality&q=alpha",
    "/operator/organisations/new/",
    "/operator/organisations/alpha/",
    "/operator/organisations/alpha/delete/",
    "/operator/organisations/alpha/delete/confirm/",
    "/operator/import/",
    "/operator/audit/",
]


def test_console_pages_have_no_serious_or_critical_axe_violations(
    server: LiveServer, session_key: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found: list[str] = []
    checked = 0
    with chromium() as browser:
        for locale in ("nl-NL", "en-GB"):
            context = browser.new_context(locale=locale)
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": session_key,
                        "url": server.url(HUB_HOST),
                    }
                ]
            )
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            for number, path in enumerate(CONSOLE_PAGES):
                response = page.goto(server.url(HUB_HOST, path))
                assert response is not None and response.status == 200, path
                found += _blocking(f"{locale} {path}", axe.run(page).response["violations"])
                checked += 1
                shot = SCREENSHOTS / f"operator-console-{locale}-{number}.png"
                page.screenshot(path=str(shot), full_page=True)
            # and a form showing its errors
            page.goto(server.url(HUB_HOST, "/operator/organisations/new/"))
            page.locator("form.card button[type=submit]").click()
            page.wait_for_selector("[aria-invalid=true]")
            found += _blocking(f"{locale} new (errors)", axe.run(page).response["violations"])
            checked += 1
            context.close()
    assert checked == 2 * (len(CONSOLE_PAGES) + 1)
    assert found == [], "\n".join(found)


def _blocking(path: str, violations: list[dict[str, object]]) -> list[str]:
    return [
        f"{path}: {v['id']} ({v['impact']}): {v['help']}"
        for v in violations
        if v.get("impact") in {"serious", "critical"}
    ]
