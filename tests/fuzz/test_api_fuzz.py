"""Schema-driven fuzzing of a subsite's REST API against a live server.

schemathesis reads the subsite's OpenAPI schema (/api/schema/) and sends generated
requests, valid and invalid, to every operation under /api/v1/, logged in as a seeded
member (a session cookie plus a CSRF pair, so that writes get past CsrfViewMiddleware),
against gunicorn serving the test database. The check: no response is a server error.

The run happens in an organisation of its own (fuzz.test), created, seeded with
`seed_collaboration` and deleted by the test: the fuzzer commits what it creates, and the
base organisations alpha and beta must stay as every other test expects them.

Path parameters are drawn from the seeded data most of the time (group slugs, people,
content ids), so the operations are exercised on real groups and not only answer 404.

Bounded: at most FUZZ_MAX_EXAMPLES cases per operation and a hard time limit. FUZZ_SEED
picks another random seed (the default is fixed so that the suite is reproducible).
`make fuzz` runs this file alone.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client

from tenant_apps.accounts.models import User
from tenants.db import tenant_connection
from tenants.management.commands.seed_collaboration import seed_username
from tenants.models import Organisation
from tenants.services import organisation_create
from tests.benchmarks.common import free_port
from tests.conftest import BaseOrganisations
from tests.database import subprocess_database_url

ROOT = Path(settings.BASE_DIR)
FUZZ_HOST = "fuzz.test"
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "25"))
SEED = os.environ.get("FUZZ_SEED", "20240604")
# not_a_server_error is the contract; FUZZ_CHECKS=all (or a list) asks schemathesis for more.
CHECKS = os.environ.get("FUZZ_CHECKS", "not_a_server_error")
RUN_TIMEOUT_S = float(os.environ.get("FUZZ_TIMEOUT_S", "240"))
SERVER_WORKERS = 2

pytestmark = pytest.mark.slow


def _schemathesis() -> str:
    # A dev dependency (pyproject.toml): missing means a broken install, never a skip.
    beside_python = Path(sys.executable).parent / "schemathesis"
    found = str(beside_python) if beside_python.exists() else shutil.which("schemathesis")
    assert found, "schemathesis is not installed: run `make install`"
    return found


@dataclass(frozen=True)
class FuzzSite:
    organisation: Organisation
    port: int
    session_cookie: str
    csrf_token: str
    schema_path: Path
    server_log: Path
    dictionaries: dict[str, list[str | int]]


@pytest.fixture
def fuzz_site(committed: BaseOrganisations, tmp_path: Path) -> Iterator[FuzzSite]:
    # given an organisation of its own, seeded through the services
    organisation = organisation_create(
        name="Gemeente Fuzz", domain=FUZZ_HOST, slug="fuzz", kind="municipality"
    ).organisation
    call_command(
        "seed_collaboration",
        "--organisation",
        organisation.slug,
        "--groups",
        "6",
        "--members",
        "8",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    tenant_connection().set_tenant(organisation)
    try:
        user = User.objects.get(username=seed_username(1))
        client = Client(HTTP_HOST=FUZZ_HOST)
        client.force_login(user)
        session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        dictionaries = _seeded_values(user)
    finally:
        tenant_connection().set_schema_to_public()

    # and a live server on the test database
    port = free_port()
    server_log = tmp_path / "server.log"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.fuzz.settings",
        "DATABASE_URL": subprocess_database_url(str(connection.settings_dict["NAME"])),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    with server_log.open("wb") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(SERVER_WORKERS),
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        schema_path = tmp_path / "schema.json"
        schema_path.write_bytes(_wait_for_schema(server, port, server_log))
        yield FuzzSite(
            organisation=organisation,
            port=port,
            session_cookie=session_cookie,
            csrf_token=secrets.token_hex(16),  # 32 characters: an unmasked CSRF secret
            schema_path=schema_path,
            server_log=server_log,
            dictionaries=dictionaries,
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _seeded_values(user: User) -> dict[str, list[str | int]]:
    """Real values for path parameters, read from the seeded schema.

    Content ids are only found under their own group's slug, so both come from the same
    few groups: the one the fuzzing member owns (admin operations) and two they are in.
    """
    from tenant_apps.discussions.models import Discussion, NewsPost, Reply
    from tenant_apps.events.models import Event
    from tenant_apps.files.models import Folder, StoredFile
    from tenant_apps.groups.models import Group, JoinRequest, Membership

    memberships = Membership.objects.filter(user=user).order_by("-role", "group_id")
    groups = list(Group.objects.filter(pk__in=memberships.values("group_id")[:3]))
    content: set[int] = set()
    for model in (Discussion, Reply, NewsPost, Event, Folder, StoredFile):
        content |= set(model.objects.filter(group__in=groups).values_list("pk", flat=True))
    in_groups = Membership.objects.filter(group__in=groups)
    return {
        "slugs": sorted(group.slug for group in groups),
        "users": sorted(set(in_groups.values_list("user_id", flat=True))),
        "requests": sorted(
            JoinRequest.objects.filter(group__in=groups).values_list("pk", flat=True)
        ),
        "discussions": sorted(
            Discussion.objects.filter(group__in=groups).values_list("pk", flat=True)
        ),
        "content": sorted(content),
    }


def _wait_for_schema(server: subprocess.Popen[bytes], port: int, log: Path) -> bytes:
    deadline = time.monotonic() + 60
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}:\n{log.read_text()}")
        try:
            connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection_.request("GET", "/api/schema/?format=json", headers={"Host": FUZZ_HOST})
            response = connection_.getresponse()
            body = response.read()
            connection_.close()
            if response.status == 200:
                return body
            raise RuntimeError(f"/api/schema/ answered {response.status}: {body[:500]!r}")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


# Which seeded values a path parameter is drawn from; other integer ones take "content".
PARAMETER_DICTIONARIES = {
    "slug": "slugs",
    "user_id": "users",
    "request_id": "requests",
    "discussion_pk": "discussions",
}


def _config(site: FuzzSite, path: Path) -> Path:
    """A schemathesis.toml: seeded values for path parameters, 80 % of the time."""
    schema = json.loads(site.schema_path.read_text())
    parameters = {
        parameter["name"]: parameter.get("schema", {}).get("type")
        for item in schema.get("paths", {}).values()
        for operation in item.values()
        if isinstance(operation, dict)
        for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]
        if parameter.get("in") == "path"
    }
    bindings = {
        name: PARAMETER_DICTIONARIES.get(name, "content")
        for name, kind in sorted(parameters.items())
        if name in PARAMETER_DICTIONARIES or kind == "integer"
    }
    bindings = {name: d for name, d in bindings.items() if site.dictionaries[d]}
    lines: list[str] = []
    for dictionary in sorted(set(bindings.values())):
        values = json.dumps(site.dictionaries[dictionary])
        lines += [f"[dictionaries.{dictionary}]", f"values = {values}", ""]
    lines.append("[parameters]")
    lines += [
        f'"path.{name}" = {{ dictionary = "{dictionary}", probability = 0.8 }}'
        for name, dictionary in bindings.items()
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_no_api_operation_answers_with_a_server_error(fuzz_site: FuzzSite, tmp_path: Path) -> None:
    schemathesis = _schemathesis()
    # when schemathesis sends generated requests to every operation of the subsite's API
    command = [
        schemathesis,
        "--config-file",
        str(_config(fuzz_site, tmp_path / "schemathesis.toml")),
        "run",
        str(fuzz_site.schema_path),
        "--url",
        f"http://127.0.0.1:{fuzz_site.port}",
        "--header",
        f"Host: {FUZZ_HOST}",
        "--header",
        f"Cookie: {settings.SESSION_COOKIE_NAME}={fuzz_site.session_cookie}; "
        f"{settings.CSRF_COOKIE_NAME}={fuzz_site.csrf_token}",
        "--header",
        f"X-CSRFToken: {fuzz_site.csrf_token}",
        "--checks",
        CHECKS,
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        SEED,
        "--workers",
        "2",
        "--phases",
        "examples,coverage,fuzzing",
        "--generation-database",
        "none",
        "--generation-with-security-parameters",
        "false",
        "--request-timeout",
        "30",
        "--no-color",
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path / "report"),
    ]
    run = subprocess.run(
        command,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    # then no response is a 5xx
    output = run.stdout + run.stderr
    (tmp_path / "schemathesis.txt").write_text(output)
    print(output[-4000:])  # the summary, shown with -s or -rA
    server_errors = [
        line for line in fuzz_site.server_log.read_text().splitlines() if "Error" in line
    ]
    assert run.returncode == 0, (
        f"schemathesis found failures (seed {SEED}, log of the server: {fuzz_site.server_log}):\n"
        f"{output[-12000:]}\n--- server errors ---\n" + "\n".join(server_errors[-60:])
    )
