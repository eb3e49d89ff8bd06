"""OpenID Connect Back-Channel Logout 1.0, which django-oauth-toolkit lacks.

A logout token is built for each attempt (fresh `iat`, short `exp`), so a delivery
retried hours later still carries a token the relying party accepts.
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from jwcrypto import jwt
from oauth2_provider.settings import oauth2_settings
from oauth2_provider.utils import jwk_from_pem

from shared_apps.identity.models import OrganisationClient
from tenants.oidc_clients import oidc_issuer

logger = logging.getLogger(__name__)

BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout"
LOGOUT_TOKEN_LIFETIME_S = 120
DELIVERY_TIMEOUT_S = 5.0


class BackchannelDeliveryFailed(Exception):
    """The relying party did not answer 2xx; worth retrying later."""


def logout_token_build(*, client_id: str, subject: str, sid: str) -> str:
    key = jwk_from_pem(oauth2_settings.OIDC_RSA_PRIVATE_KEY)
    now = int(time.time())
    claims = {
        "iss": oidc_issuer(),
        "aud": client_id,
        "iat": now,
        "exp": now + LOGOUT_TOKEN_LIFETIME_S,
        "jti": str(uuid.uuid4()),
        "sub": subject,
        "sid": sid,
        "events": {BACKCHANNEL_EVENT: {}},
    }
    header = {"alg": "RS256", "kid": key.thumbprint(), "typ": "logout+jwt"}
    token = jwt.JWT(header=header, claims=claims)
    token.make_signed_token(key)
    return str(token.serialize())


def backchannel_logout_deliver(*, client_id: str, subject: str, sid: str) -> bool:
    """POST a logout token to the client's back-channel logout URI.

    Returns False when there is nobody to tell (the client or its URI is gone) or the
    relying party refused the token (4xx); raises
    BackchannelDeliveryFailed when the relying party is unreachable or refuses.
    """
    link = OrganisationClient.objects.filter(application__client_id=client_id).first()
    if link is None or not link.backchannel_logout_uri:
        return False
    body = urllib.parse.urlencode(
        {"logout_token": logout_token_build(client_id=client_id, subject=subject, sid=sid)}
    ).encode()
    request = urllib.request.Request(
        link.backchannel_logout_uri,
        data=body,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urllib.request.urlopen(request, timeout=DELIVERY_TIMEOUT_S) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        if error.code < 500:
            # The relying party read the token and refused it: retrying cannot help.
            logger.warning(
                "Back-channel logout refused by %s: HTTP %s",
                link.backchannel_logout_uri,
                error.code,
            )
            return False
        raise BackchannelDeliveryFailed(
            f"{link.backchannel_logout_uri}: HTTP {error.code}"
        ) from error
    except (urllib.error.URLError, OSError) as error:
        raise BackchannelDeliveryFailed(f"{link.backchannel_logout_uri}: {error}") from error
    if not 200 <= status < 300:
        raise BackchannelDeliveryFailed(f"{link.backchannel_logout_uri}: HTTP {status}")
    return True
