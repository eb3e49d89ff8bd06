"""OpenID Connect Back-Channel Logout 1.0 receiver: the provider tells this site to end
a person's sessions (after they logged out on another site)."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tenant_apps.accounts.oidc.flow import rp_client
from tenant_apps.accounts.oidc.provider import ProviderUnavailable
from tenant_apps.accounts.oidc.replay import ReplayStoreUnavailable, logout_token_first_use
from tenant_apps.accounts.oidc.tokens import TokenInvalid, logout_token_verify
from tenant_apps.accounts.services import oidc_sessions_end
from tenants.oidc_clients import oidc_issuer

logger = logging.getLogger(__name__)


def _answer(status: int, error: str = "", description: str = "") -> HttpResponse:
    response: HttpResponse
    if error:
        response = JsonResponse({"error": error, "error_description": description}, status=status)
    else:
        response = HttpResponse(status=status)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # called by the provider, server to server, authenticated by the signed token
@require_POST
def backchannel_logout(request: HttpRequest) -> HttpResponse:
    token = request.POST.get("logout_token", "")
    if not token:
        return _answer(400, "invalid_request", "logout_token is missing")
    client_id = rp_client(request).client_id
    try:
        claims = logout_token_verify(token=token, issuer=oidc_issuer(), client_id=client_id)
    except TokenInvalid as invalid:
        logger.warning("back-channel logout refused: %s", invalid)
        return _answer(400, "invalid_request", str(invalid))
    except ProviderUnavailable:
        return _answer(503, "temporarily_unavailable", "the issuer's keys cannot be fetched")
    try:
        if not logout_token_first_use(client_id=client_id, jti=claims["jti"]):
            return _answer(400, "invalid_request", "this logout token was already used")
    except ReplayStoreUnavailable:
        return _answer(503, "temporarily_unavailable", "try again later")
    sid = claims.get("sid")
    sub = claims.get("sub")
    ended = oidc_sessions_end(
        issuer=oidc_issuer(),
        sid=sid if isinstance(sid, str) else "",
        subject=sub if isinstance(sub, str) else "",
    )
    logger.info("back-channel logout ended %d session(s)", ended)
    return _answer(200)
