"""One OIDC client per organisation, following its lifecycle and domains."""

from __future__ import annotations

import io

from django.core.management import call_command
from oauth2_provider.models import Application

from shared_apps.identity.models import OrganisationClient
from tenants.oidc_clients import oidc_client
from tenants.services import (
    domain_add,
    domain_make_primary,
    domain_remove,
    organisation_create,
    organisation_delete,
)
from tests.conftest import BaseOrganisations


def test_every_base_organisation_and_the_hub_has_its_confidential_client(
    orgs: BaseOrganisations,
) -> None:
    clients = {
        app.client_id: app
        for app in Application.objects.filter(
            client_id__in=["plein-hub", "plein-alpha", "plein-beta"]
        )
    }
    assert sorted(clients) == ["plein-alpha", "plein-beta", "plein-hub"]
    alpha = clients["plein-alpha"]
    assert alpha.client_type == "confidential"
    assert alpha.authorization_grant_type == "authorization-code"
    assert alpha.skip_authorization is True
    assert alpha.algorithm == "RS256"
    assert alpha.redirect_uris == "http://alpha.test:8000/auth/callback/"
    assert alpha.post_logout_redirect_uris == "http://alpha.test:8000/"
    assert clients["plein-hub"].redirect_uris == "http://hub.test:8000/auth/callback/"
    # the derived secret is not stored as such, only its digest
    assert oidc_client(slug="alpha").client_secret not in alpha.client_secret
    assert alpha.client_secret.startswith("plein-sha256$")
    link = OrganisationClient.objects.get(organisation_slug="alpha")
    assert link.application == alpha
    assert link.backchannel_logout_uri == "http://alpha.test:8000/auth/backchannel-logout/"


def test_domains_added_made_primary_and_removed_follow_into_the_client(
    orgs: BaseOrganisations,
) -> None:
    # given a new organisation
    organisation_create(name="Gemeente Gamma", domain="gamma.test", slug="gamma")
    app = Application.objects.get(client_id="plein-gamma")
    assert app.redirect_uris == "http://gamma.test:8000/auth/callback/"
    # when a domain is added, then made primary
    domain_add(slug="gamma", domain="www.gamma.test")
    domain_make_primary(slug="gamma", domain="www.gamma.test")
    # then both domains are registered, the primary first, and logout goes to the primary
    app.refresh_from_db()
    assert app.redirect_uris == (
        "http://www.gamma.test:8000/auth/callback/ http://gamma.test:8000/auth/callback/"
    )
    assert app.post_logout_redirect_uris == "http://www.gamma.test:8000/ http://gamma.test:8000/"
    assert (
        OrganisationClient.objects.get(organisation_slug="gamma").backchannel_logout_uri
        == "http://www.gamma.test:8000/auth/backchannel-logout/"
    )
    # when the old domain is removed
    domain_remove(slug="gamma", domain="gamma.test")
    app.refresh_from_db()
    assert app.redirect_uris == "http://www.gamma.test:8000/auth/callback/"


def test_deleting_an_organisation_removes_its_client(orgs: BaseOrganisations) -> None:
    organisation_create(name="Gemeente Delta", domain="delta.test", slug="delta")
    assert Application.objects.filter(client_id="plein-delta").exists()
    organisation_delete(slug="delta", force=True)
    assert not Application.objects.filter(client_id="plein-delta").exists()
    assert not OrganisationClient.objects.filter(organisation_slug="delta").exists()
    assert Application.objects.filter(client_id="plein-alpha").exists()


def test_sync_command_recreates_missing_clients_with_progress(orgs: BaseOrganisations) -> None:
    # given an installation whose clients were lost (or that predates the provider)
    Application.objects.filter(client_id__in=["plein-alpha", "plein-hub"]).delete()
    out, err = io.StringIO(), io.StringIO()
    # when the command runs
    call_command("sync_oidc_clients", stdout=out, stderr=err)
    # then every organisation has its client again, and the command said so
    assert Application.objects.get(client_id="plein-alpha").redirect_uris == (
        "http://alpha.test:8000/auth/callback/"
    )
    assert Application.objects.filter(client_id="plein-hub").exists()
    assert out.getvalue() == "oidc: 3 clients in step with their organisations' domains.\n"
    assert "oidc clients" in err.getvalue()
