"""Provider identities on public-schema users: opaque, stable subjects of this issuer."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError

from shared_apps.identity.models import Profile
from shared_apps.identity.services.people import person_identity_assign
from tenant_apps.accounts.models import User
from tests.conftest import BaseOrganisations
from tests.identity.helpers import person_create


def test_create_operator_gives_the_operator_a_provider_identity(orgs: BaseOrganisations) -> None:
    call_command("create_operator", "olga", stdout=io.StringIO())
    olga = User.objects.get(username="olga")
    assert olga.oidc_issuer == "http://hub.test:8000/oidc"
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", olga.oidc_subject
    )
    assert Profile.objects.filter(user=olga).count() == 1


def test_an_identity_is_assigned_once_and_then_kept(orgs: BaseOrganisations) -> None:
    anna = person_create()
    subject = anna.oidc_subject
    person_identity_assign(user=anna)
    anna.refresh_from_db()
    assert anna.oidc_subject == subject
    assert anna.pk != subject and anna.email not in subject


def test_create_person_makes_a_verified_person_who_can_log_in(
    orgs: BaseOrganisations,
    mailoutbox: list[object],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    # when an operator creates a person from the command line (and the transaction commits)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command(
            "create_person",
            "--email",
            " Demo@Plein.Localhost ",
            "--password",
            "zonnige-dinsdag-42",
            "--first-name",
            "Demo",
            stdout=out,
        )
    # then the person has a provider identity, a verified address and the password
    demo = User.objects.get(username="demo@plein.localhost")
    assert out.getvalue() == "demo@plein.localhost can log in now.\n"
    assert demo.oidc_issuer == "http://hub.test:8000/oidc" and demo.oidc_subject
    assert Profile.objects.get(user=demo).email_verified is True
    assert demo.check_password("zonnige-dinsdag-42")
    # and no verification mail is queued for an address the operator vouched for
    assert (callbacks, mailoutbox) == ([], [])


def test_create_person_twice_fails_clearly_unless_exists_ok(orgs: BaseOrganisations) -> None:
    # given a person
    call_command("create_person", "--email", "a@b.nl", "--password", "lang-genoeg-1")
    # when the command runs again it fails with a one-line reason
    try:
        call_command("create_person", "--email", "a@b.nl", "--password", "lang-genoeg-2")
    except CommandError as error:
        assert str(error).startswith("--email: ")  # in the platform's language (nl)
    else:
        raise AssertionError("a second create_person succeeded")
    # and with --exists-ok it says so and leaves the person as it was
    out = io.StringIO()
    call_command("create_person", "--email", "a@b.nl", "--password", "x", "--exists-ok", stdout=out)
    assert out.getvalue() == "a@b.nl exists already; left as it is.\n"
    assert User.objects.get(username="a@b.nl").check_password("lang-genoeg-1")


def test_create_person_refuses_a_weak_password(orgs: BaseOrganisations) -> None:
    try:
        call_command("create_person", "--email", "c@d.nl", "--password", "123")
    except CommandError as error:
        assert str(error).startswith("--password: ")
    else:
        raise AssertionError("a weak password was accepted")
    assert not User.objects.filter(username="c@d.nl").exists()
