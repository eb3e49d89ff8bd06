"""Federation: the provider as a relying party of an upstream OpenID Provider.

Code flow with PKCE S256, a state and a nonce; the upstream ID token's signature (from
its JWKS), `iss`, `aud`, `exp` and `nonce` are checked. A person is found by the
upstream (issuer, sub) only: a new upstream identity whose e-mail address already has an
account here is refused (that person logs in with the password and links the account
from the profile), so nobody takes over an account by claiming its address upstream.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from jwcrypto import jwk, jwt
from jwcrypto.common import JWException

from shared_apps.identity.models import Profile, UpstreamLink
from shared_apps.identity.services.people import IdentityInputError, email_normalise
from tenant_apps.accounts.models import User
from tenants.oidc_clients import oidc_issuer

HTTP_TIMEOUT_S = 10.0
SIGNING_ALGORITHMS = ["RS256", "PS256", "ES256"]


class UpstreamError(Exception):
    """The upstream provider could not be reached or answered something invalid."""


@dataclass(frozen=True, slots=True)
class UpstreamRequest:
    url: str
    state: str
    nonce: str
    verifier: str


def upstream_enabled() -> bool:
    return bool(
        settings.PLEIN_UPSTREAM_OIDC_ISSUER
        and settings.PLEIN_UPSTREAM_OIDC_CLIENT_ID
        and settings.PLEIN_UPSTREAM_OIDC_CLIENT_SECRET
    )


def upstream_name() -> str:
    return str(settings.PLEIN_UPSTREAM_OIDC_NAME or settings.PLEIN_UPSTREAM_OIDC_ISSUER)


def upstream_request_build(*, redirect_uri: str) -> UpstreamRequest:
    metadata = _metadata()
    state, nonce, verifier = (secrets.token_urlsafe(32) for _n in range(3))
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    query = urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": settings.PLEIN_UPSTREAM_OIDC_CLIENT_ID,
            "redirect_uri": redirect_uri,
            "scope": "openid profile email",
            "state": state,
            "nonce": nonce,
            "code_challenge": challenge.rstrip(b"=").decode(),
            "code_challenge_method": "S256",
        }
    )
    return UpstreamRequest(
        url=f"{metadata['authorization_endpoint']}?{query}",
        state=state,
        nonce=nonce,
        verifier=verifier,
    )


def upstream_claims(*, code: str, redirect_uri: str, verifier: str, nonce: str) -> dict[str, Any]:
    """Redeem the code and return the verified claims of the upstream ID token."""
    metadata = _metadata()
    credentials = (
        f"{settings.PLEIN_UPSTREAM_OIDC_CLIENT_ID}:{settings.PLEIN_UPSTREAM_OIDC_CLIENT_SECRET}"
    )
    tokens = _http_json(
        metadata["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        },
        headers={"Authorization": "Basic " + base64.b64encode(credentials.encode()).decode()},
    )
    if not isinstance(tokens.get("id_token"), str):
        raise UpstreamError("the token response has no ID token")
    keys = jwk.JWKSet.from_json(json.dumps(_http_json(metadata["jwks_uri"])))
    try:
        checked = jwt.JWT(
            jwt=tokens["id_token"],
            key=keys,
            algs=SIGNING_ALGORITHMS,
            check_claims={
                "iss": settings.PLEIN_UPSTREAM_OIDC_ISSUER,
                "aud": settings.PLEIN_UPSTREAM_OIDC_CLIENT_ID,
                "exp": None,
                "nonce": nonce,
            },
        )
    except (JWException, ValueError) as error:
        raise UpstreamError(f"the ID token is not valid: {error}") from error
    claims: dict[str, Any] = json.loads(checked.claims)
    if not claims.get("sub"):
        raise UpstreamError("the ID token has no subject")
    return claims


def person_for_upstream(*, claims: dict[str, Any], current: User | None) -> User:
    """The person behind upstream `claims`: linked before, linked now to the logged-in
    `current` person, or new. Never an existing account found by its e-mail address."""
    issuer, subject = str(claims["iss"]), str(claims["sub"])
    link = (
        UpstreamLink.objects.filter(issuer=issuer, subject=subject).select_related("user").first()
    )
    if link is not None:
        return link.user
    if current is not None:
        UpstreamLink.objects.create(user=current, issuer=issuer, subject=subject)
        return current
    email = email_normalise(str(claims.get("email") or ""))
    if not email:
        raise IdentityInputError(
            {"upstream": _("%(name)s did not give an e-mail address.") % {"name": upstream_name()}}
        )
    if User.objects.filter(username=email).exists():
        raise IdentityInputError(
            {
                "upstream": _(
                    "An account with this e-mail address exists already. Log in with its "
                    "password, then link your %(name)s account on your profile page."
                )
                % {"name": upstream_name()}
            }
        )
    try:
        with transaction.atomic():
            user = User(
                username=email,
                email=email,
                first_name=str(claims.get("given_name") or "")[:150],
                last_name=str(claims.get("family_name") or "")[:150],
                oidc_issuer=oidc_issuer(),
                oidc_subject=str(uuid.uuid4()),
            )
            user.display_name = user.get_full_name()
            user.set_unusable_password()
            user.save()
            Profile.objects.create(user=user, email_verified=claims.get("email_verified") is True)
            UpstreamLink.objects.create(user=user, issuer=issuer, subject=subject)
    except IntegrityError as error:  # the same first login, twice at once
        raise IdentityInputError({"upstream": _("Try logging in again.")}) from error
    return user


def _metadata() -> dict[str, Any]:
    issuer = settings.PLEIN_UPSTREAM_OIDC_ISSUER.rstrip("/")
    metadata = _http_json(f"{issuer}/.well-known/openid-configuration")
    if metadata.get("issuer") != settings.PLEIN_UPSTREAM_OIDC_ISSUER:
        raise UpstreamError("the discovery document names another issuer")
    return metadata


def _http_json(
    url: str, *, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(
        url, data=body, headers={"Accept": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_S) as response:
            loaded = json.loads(response.read())
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise UpstreamError(f"{url}: {error}") from error
    if not isinstance(loaded, dict):
        raise UpstreamError(f"{url}: not a JSON object")
    return loaded
