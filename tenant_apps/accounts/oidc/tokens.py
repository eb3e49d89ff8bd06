"""Verification of the issuer's ID tokens and logout tokens.

Everything mozilla-django-oidc leaves out is checked here: RS256 signature by a key of the
issuer's JWKS (refetched once when the `kid` is unknown, for key rotation), `iss`, `aud`
(and `azp` when there are several audiences), `exp`/`iat`, and the nonce.
"""

from __future__ import annotations

import json
import time
from typing import Any

from jwcrypto.common import JWException
from jwcrypto.jwk import JWK, JWKSet
from jwcrypto.jws import JWS

from tenant_apps.accounts.oidc.provider import provider_jwks, provider_metadata

ALGORITHM = "RS256"
CLOCK_SKEW_S = 60
# A logout token older than this is refused even when unseen (OIDC Back-Channel Logout §2.6).
LOGOUT_TOKEN_MAX_AGE_S = 300
BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout"

Claims = dict[str, Any]


class TokenInvalid(Exception):
    """A token that must not be trusted; the message says why (for logs and 400 bodies)."""


def id_token_verify(*, token: str, issuer: str, client_id: str, nonce: str) -> Claims:
    claims = _signed_claims(token=token, issuer=issuer)
    _check_issuer_and_audience(claims, issuer=issuer, client_id=client_id)
    now = time.time()
    exp = _number(claims, "exp")
    if exp + CLOCK_SKEW_S < now:
        raise TokenInvalid("the ID token has expired")
    if _number(claims, "iat") - CLOCK_SKEW_S > now:
        raise TokenInvalid("the ID token was issued in the future")
    if not nonce or claims.get("nonce") != nonce:
        raise TokenInvalid("the nonce does not match this login")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise TokenInvalid("the ID token has no subject")
    return claims


def logout_token_verify(*, token: str, issuer: str, client_id: str) -> Claims:
    claims = _signed_claims(token=token, issuer=issuer)
    _check_issuer_and_audience(claims, issuer=issuer, client_id=client_id)
    iat = _number(claims, "iat")
    now = time.time()
    if iat - CLOCK_SKEW_S > now or iat + LOGOUT_TOKEN_MAX_AGE_S < now:
        raise TokenInvalid("the logout token's iat is outside the accepted window")
    if "exp" in claims and _number(claims, "exp") + CLOCK_SKEW_S < now:
        raise TokenInvalid("the logout token has expired")
    events = claims.get("events")
    if not isinstance(events, dict) or not isinstance(events.get(BACKCHANNEL_EVENT), dict):
        raise TokenInvalid("the logout token has no back-channel logout event")
    if "nonce" in claims:
        raise TokenInvalid("a logout token must not carry a nonce")
    if not claims.get("sid") and not claims.get("sub"):
        raise TokenInvalid("the logout token names neither sid nor sub")
    if not isinstance(claims.get("jti"), str) or not claims["jti"]:
        raise TokenInvalid("the logout token has no jti")
    return claims


def _signed_claims(*, token: str, issuer: str) -> Claims:
    if not isinstance(token, str) or token.count(".") != 2:
        raise TokenInvalid("not a compact JWS")
    jws = JWS()
    try:
        jws.deserialize(token)
        header = jws.jose_header
    except (JWException, ValueError) as error:
        raise TokenInvalid(f"unreadable token: {error}") from error
    if not isinstance(header, dict) or header.get("alg") != ALGORITHM:
        raise TokenInvalid("the token is not signed with RS256")
    kid = header.get("kid")
    keys = _keys_for(kid, provider_jwks(issuer=issuer))
    if not keys:
        # Perhaps the issuer rotated its keys: fetch the JWKS once more, then give up.
        keys = _keys_for(kid, provider_jwks(issuer=issuer, refresh=True))
        if not keys:
            raise TokenInvalid(f"no key {kid!r} in the issuer's JWKS")
    for key in keys:
        try:
            jws.verify(key, alg=ALGORITHM)
            break
        except (JWException, ValueError):
            continue
    else:
        raise TokenInvalid("the signature does not verify")
    try:
        claims = json.loads(jws.payload)
    except ValueError as error:
        raise TokenInvalid("the payload is not JSON") from error
    if not isinstance(claims, dict):
        raise TokenInvalid("the payload is not a JSON object")
    return claims


def _keys_for(kid: object, jwks: JWKSet) -> list[JWK]:
    keys = [key for key in jwks["keys"] if key.get("kty") == "RSA"]
    if kid is None:
        return keys
    return [key for key in keys if key.get("kid") == kid]


def _check_issuer_and_audience(claims: Claims, *, issuer: str, client_id: str) -> None:
    # `iss` must equal the discovery document's issuer exactly (trailing slash included).
    if claims.get("iss") != provider_metadata(issuer=issuer).issuer:
        raise TokenInvalid("the token's issuer is not ours")
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else audience
    if not isinstance(audiences, list) or client_id not in audiences:
        raise TokenInvalid("the token is not meant for this site")
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise TokenInvalid("the token's authorised party is not this site")


def _number(claims: Claims, name: str) -> float:
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TokenInvalid(f"the token has no numeric {name}")
    return float(value)
