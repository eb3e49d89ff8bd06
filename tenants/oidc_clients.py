"""The contract between the built-in OpenID Provider and every relying party.

One issuer for the whole platform, and one OIDC client per organisation (the hub
included). Both sides compute the same values from settings, so neither imports the
other and an external provider can replace the built-in one by configuration alone:

- `PLEIN_OIDC_ISSUER` empty: the built-in provider on the hub's domain, at /oidc.
- Client secrets are derived (HMAC of the client id under a platform key), so nothing
  secret is stored in plain text and a new organisation's relying party can log in the
  moment its schema exists. `PLEIN_OIDC_CLIENTS` (JSON: slug -> {client_id,
  client_secret}) takes precedence, for clients registered at an external provider.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings

from tenants.services import organisation_url

# Paths every relying party serves; the provider registers them per organisation domain.
RP_CALLBACK_PATH = "/auth/callback/"
RP_BACKCHANNEL_LOGOUT_PATH = "/auth/backchannel-logout/"
RP_POST_LOGOUT_PATH = "/"
BUILTIN_ISSUER_PATH = "/oidc"


@dataclass(frozen=True, slots=True)
class OidcClient:
    client_id: str
    client_secret: str


def oidc_issuer() -> str:
    """The issuer URL, without a trailing slash (as it appears in `iss`)."""
    configured: str = settings.PLEIN_OIDC_ISSUER
    if configured:
        return configured.rstrip("/")
    return organisation_url(settings.PLEIN_HUB_DOMAIN).rstrip("/") + BUILTIN_ISSUER_PATH


def oidc_issuer_is_builtin() -> bool:
    return not settings.PLEIN_OIDC_ISSUER


def oidc_client_id(*, slug: str) -> str:
    return f"plein-{slug}"


def oidc_client(*, slug: str) -> OidcClient:
    """The client credentials the organisation `slug` uses as a relying party."""
    registered = settings.PLEIN_OIDC_CLIENTS.get(slug)
    if registered:
        return OidcClient(
            client_id=registered["client_id"], client_secret=registered["client_secret"]
        )
    client_id = oidc_client_id(slug=slug)
    return OidcClient(client_id=client_id, client_secret=_derived_secret(client_id))


def _derived_secret(client_id: str) -> str:
    key = (settings.PLEIN_OIDC_CLIENT_SECRET_KEY or settings.SECRET_KEY).encode()
    message = f"plein-oidc-client-secret:{client_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def rp_redirect_uris(*, domains: list[str]) -> list[str]:
    return [organisation_url(d).rstrip("/") + RP_CALLBACK_PATH for d in domains]


def rp_post_logout_redirect_uris(*, domains: list[str]) -> list[str]:
    return [organisation_url(d).rstrip("/") + RP_POST_LOGOUT_PATH for d in domains]


def rp_backchannel_logout_uri(*, primary_domain: str) -> str:
    return organisation_url(primary_domain).rstrip("/") + RP_BACKCHANNEL_LOGOUT_PATH
