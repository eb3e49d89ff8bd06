"""Accounts per organisation keyed by (issuer, sub), filled from the claims."""

from __future__ import annotations

from django.test import Client

from shared_apps.people.models import PersonOrganisation
from shared_apps.people.selectors import person_organisations
from tenant_apps.accounts.models import User
from tenants.db import tenant_connection
from tests.accounts.conftest import log_in, site_client
from tests.accounts.provider import LoopbackProvider
from tests.conftest import BETA_HOST, BaseOrganisations
from tests.factories import UserFactory


def test_first_login_creates_the_account_from_the_claims(provider: LoopbackProvider) -> None:
    # when person-1 logs in on alpha for the first time
    log_in(
        site_client(),
        provider,
        email="anna@example.nl",
        email_verified=True,
        name="Anna de Vries",
        given_name="Anna",
        family_name="de Vries",
        locale="nl-NL",
    )
    # then alpha has an account for (issuer, sub) with the claims
    user = User.objects.get(oidc_issuer=provider.issuer, oidc_subject="person-1")
    assert (user.email, user.display_name, user.first_name, user.last_name, user.language) == (
        "anna@example.nl",
        "Anna de Vries",
        "Anna",
        "de Vries",
        "nl",
    )
    assert user.username.startswith("oidc-")
    assert not user.has_usable_password()


def test_claims_only_userinfo_serves_fill_the_account(provider: LoopbackProvider) -> None:
    # given a provider that keeps the profile out of the ID token (OIDC Core 5.4)
    provider.profiles["person-1"] = {
        "email": "bram@example.nl",
        "email_verified": True,
        "name": "Bram Jansen",
        "sub": "someone-else",  # never taken from userinfo
    }
    # when person-1 logs in on alpha
    log_in(site_client(), provider)
    # then the account is filled from userinfo, for the ID token's subject
    user = User.objects.get(oidc_issuer=provider.issuer, oidc_subject="person-1")
    assert (user.email, user.display_name) == ("bram@example.nl", "Bram Jansen")
    assert provider.hits["/oidc/userinfo/"] == 1


def test_userinfo_is_not_asked_when_the_id_token_has_the_profile(
    provider: LoopbackProvider,
) -> None:
    # when the ID token carries every profile claim
    log_in(
        site_client(),
        provider,
        email="anna@example.nl",
        email_verified=True,
        name="Anna de Vries",
        given_name="Anna",
        family_name="de Vries",
        locale="nl",
    )
    # then no extra request goes to the provider
    assert provider.hits["/oidc/userinfo/"] == 0


def test_userinfo_for_another_subject_is_ignored(provider: LoopbackProvider) -> None:
    # given a userinfo answer about a different person than the ID token's
    provider.profiles["person-1"] = {"email": "mallory@example.nl"}
    provider.userinfo_sub_override = "person-2"
    # when person-1 logs in on alpha
    log_in(site_client(), provider, name="Anna")
    # then the account keeps only what the ID token said
    user = User.objects.get(oidc_issuer=provider.issuer, oidc_subject="person-1")
    assert (user.email, user.display_name) == ("", "Anna")


def test_every_login_updates_the_account_from_the_claims(provider: LoopbackProvider) -> None:
    # given person-1's account from an earlier login
    log_in(site_client(), provider, email="old@example.nl", name="Old Name")
    # when they log in again after changing name and address at the provider
    log_in(site_client(), provider, email="new@example.nl", name="New Name", locale="en")
    # then the one account carries the new values
    user = User.objects.get(oidc_subject="person-1")
    assert (user.email, user.display_name, user.language) == ("new@example.nl", "New Name", "en")
    assert User.objects.filter(oidc_issuer=provider.issuer).count() == 1


def test_never_linked_by_email_alone(provider: LoopbackProvider, orgs: BaseOrganisations) -> None:
    # given an account on alpha with an e-mail address
    tenant_connection().set_tenant(orgs.alpha)
    existing = UserFactory(username="anna", email="anna@example.nl", is_staff=True)
    # when someone else logs in with a verified claim of the same address
    log_in(site_client(), provider, sub="stranger", email="anna@example.nl", email_verified=True)
    # then they get an account of their own, not Anna's (nor her rights)
    stranger = User.objects.get(oidc_subject="stranger")
    assert stranger.pk != existing.pk
    assert not stranger.is_staff
    existing.refresh_from_db()
    assert existing.oidc_subject == ""


def test_the_same_person_has_separate_accounts_per_organisation(
    provider: LoopbackProvider, orgs: BaseOrganisations
) -> None:
    # when person-1 logs in on alpha and on beta
    log_in(site_client(), provider)
    log_in(Client(HTTP_HOST=BETA_HOST), provider, client_id="plein-beta")
    # then each schema has its own row
    tenant_connection().set_tenant(orgs.beta)
    assert User.objects.filter(oidc_subject="person-1").count() == 1
    tenant_connection().set_tenant(orgs.alpha)
    assert User.objects.filter(oidc_subject="person-1").count() == 1


def test_login_records_the_organisation_in_the_people_index(
    provider: LoopbackProvider, orgs: BaseOrganisations, django_capture_on_commit_callbacks: object
) -> None:
    # when person-1 logs in on alpha and beta (the index is written on commit)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        log_in(site_client(), provider)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        log_in(Client(HTTP_HOST=BETA_HOST), provider, client_id="plein-beta")
    # then the public index knows both, the latest login first
    found = person_organisations(issuer=provider.issuer, subject="person-1")
    assert [m.slug for m in found] == ["beta", "alpha"]
    assert PersonOrganisation.objects.filter(oidc_subject="person-1").count() == 2


def test_hub_login_finds_the_providers_own_row(provider: LoopbackProvider) -> None:
    # given an operator row the built-in provider keeps in the public schema
    operator = UserFactory(
        username="op", oidc_issuer=provider.issuer, oidc_subject="operator-7", is_staff=True
    )
    # when that person logs in on the hub
    client = site_client("hub.test")
    log_in(client, provider, client_id="plein-hub", sub="operator-7", next_url="/")
    # then the session is theirs, not a new row's
    assert int(client.session["_auth_user_id"]) == operator.pk
    assert User.objects.filter(oidc_subject="operator-7").count() == 1
