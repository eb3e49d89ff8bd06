"""One confidential OIDC client per organisation (the hub included), kept in step with
the organisation's domains.

The client secret is a derived 256-bit value (tenants.oidc_clients), so it is stored as
one SHA-256 digest instead of with DOT's default PBKDF2/argon2 hasher: a slow hash guards
guessable passwords, not random 256-bit keys, and would cost most of the 0.1 s budget of
provisioning from the warm pool. PleinOAuth2Validator checks the digest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from oauth2_provider.models import AbstractApplication, Application

from shared_apps.identity.models import OrganisationClient
from tenants.models import Organisation
from tenants.oidc_clients import (
    oidc_client,
    oidc_issuer_is_builtin,
    rp_backchannel_logout_uri,
    rp_post_logout_redirect_uris,
    rp_redirect_uris,
)

SECRET_DIGEST_PREFIX = "plein-sha256$"
_APPLICATION_FIELDS = [
    "name",
    "client_type",
    "authorization_grant_type",
    "client_secret",
    "hash_client_secret",
    "redirect_uris",
    "post_logout_redirect_uris",
    "skip_authorization",
    "algorithm",
]


def client_secret_digest(secret: str) -> str:
    return SECRET_DIGEST_PREFIX + hashlib.sha256(secret.encode()).hexdigest()


def oidc_client_sync(
    *, organisation: Organisation, domains: Iterable[tuple[str, bool]] | None = None
) -> Application | None:
    """Create or update the organisation's client from its domains ((domain, is_primary)
    pairs; read from the database when not given). None when an external issuer is used."""
    if not oidc_issuer_is_builtin():
        return None
    if domains is None:
        domains = organisation.domains.values_list("domain", "is_primary")
    ordered = sorted(domains, key=lambda pair: (not pair[1], pair[0]))  # primary first
    names = [domain for domain, _primary in ordered]
    credentials = oidc_client(slug=organisation.slug)
    # One INSERT ... ON CONFLICT DO UPDATE per table: 2 queries on the provisioning path.
    (application,) = Application.objects.bulk_create(
        [
            Application(
                client_id=credentials.client_id,
                name=organisation.name,
                client_type=AbstractApplication.CLIENT_CONFIDENTIAL,
                authorization_grant_type=AbstractApplication.GRANT_AUTHORIZATION_CODE,
                client_secret=client_secret_digest(credentials.client_secret),
                hash_client_secret=False,  # stored as a digest already; see the module text
                redirect_uris=" ".join(rp_redirect_uris(domains=names)),
                post_logout_redirect_uris=" ".join(rp_post_logout_redirect_uris(domains=names)),
                skip_authorization=True,  # the platform's own sites: no consent screen
                algorithm=AbstractApplication.RS256_ALGORITHM,
            )
        ],
        update_conflicts=True,
        unique_fields=["client_id"],
        update_fields=[*_APPLICATION_FIELDS, "updated"],
    )
    OrganisationClient.objects.bulk_create(
        [
            OrganisationClient(
                organisation_slug=organisation.slug,
                application=application,
                backchannel_logout_uri=(
                    rp_backchannel_logout_uri(primary_domain=names[0]) if names else ""
                ),
            )
        ],
        update_conflicts=True,
        unique_fields=["organisation_slug"],
        update_fields=["application", "backchannel_logout_uri"],
    )
    return application


def oidc_client_remove(*, slug: str) -> None:
    """Delete the organisation's client with every grant and token issued to it."""
    client_id = oidc_client(slug=slug).client_id
    Application.objects.filter(client_id=client_id).delete()
    OrganisationClient.objects.filter(organisation_slug=slug).delete()


def oidc_clients_sync_all(*, progress: Callable[[Organisation], None] | None = None) -> int:
    """Re-create or update every organisation's client; returns how many were synced."""
    count = 0
    for organisation in Organisation.objects.prefetch_related("domains").order_by("slug"):
        pairs = [(d.domain, d.is_primary) for d in organisation.domains.all()]
        oidc_client_sync(organisation=organisation, domains=pairs)
        count += 1
        if progress is not None:
            progress(organisation)
    return count
