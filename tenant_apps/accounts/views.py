"""Login, callback and logout of the relying party, the same on the hub and every subsite."""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from tenant_apps.accounts.access import access_pending_store
from tenant_apps.accounts.identity import Identity, identity_from_claims
from tenant_apps.accounts.models import User
from tenant_apps.accounts.oidc.flow import (
    ID_TOKEN_EXPIRES_KEY,
    ID_TOKEN_KEY,
    SID_KEY,
    CodeExchangeFailed,
    Mode,
    PendingLogin,
    code_exchange,
    end_session_url,
    login_url,
    pending_login_pop,
    rp_client,
    userinfo_claims_merge,
)
from tenant_apps.accounts.oidc.forward import page_forward
from tenant_apps.accounts.oidc.provider import ProviderUnavailable
from tenant_apps.accounts.oidc.redirects import safe_next
from tenant_apps.accounts.oidc.silent import (
    TRIED_COOKIE,
    TRIED_SESSION_KEY,
    silent_tried_cookie_set,
)
from tenant_apps.accounts.oidc.tokens import TokenInvalid, id_token_verify
from tenant_apps.accounts.services import (
    AccessRefused,
    account_login,
    oidc_session_forget,
    oidc_session_record,
)
from tenant_apps.groups.views import INVITATION_SESSION_KEY
from tenants.oidc_clients import oidc_issuer

logger = logging.getLogger(__name__)

BACKEND = "django.contrib.auth.backends.ModelBackend"
# Set when an unknown state restarted the login: a second one in a row means the
# browser keeps no session (cookies blocked), and restarting again would loop.
RESTART_COOKIE = "plein_oidc_restart"
SILENT_ERRORS = frozenset(
    {"login_required", "interaction_required", "consent_required", "account_selection_required"}
)


@require_GET
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request.GET.get("next"))
    if request.user.is_authenticated:
        return HttpResponseRedirect(next_url)
    try:
        return HttpResponseRedirect(login_url(request=request, next_url=next_url))
    except ProviderUnavailable:
        logger.warning("login: provider unavailable", exc_info=True)
        return _failed(request, _("The login service cannot be reached. Try again shortly."), 503)


@require_GET
@never_cache
def callback(request: HttpRequest) -> HttpResponse:
    pending = pending_login_pop(request=request, state=request.GET.get("state"))
    if pending is None:
        if request.GET.get("error"):
            # An old silent check or a cancelled login from another tab: nothing to do.
            return HttpResponseRedirect("/")
        return _restart(request)
    error = request.GET.get("error")
    if error:
        return _provider_error(request, pending, error)
    code = request.GET.get("code", "")
    if not code:
        return _failed(request, _("The login service sent no answer we can use."), 400)
    try:
        tokens = code_exchange(request=request, code=code, code_verifier=pending.code_verifier)
        claims = id_token_verify(
            token=tokens["id_token"],
            issuer=oidc_issuer(),
            client_id=rp_client(request).client_id,
            nonce=pending.nonce,
        )
        claims = userinfo_claims_merge(claims=claims, access_token=tokens.get("access_token", ""))
    except CodeExchangeFailed:
        # A code used twice (back button, reload): start a fresh login.
        return _restart(request, next_url=pending.next_url)
    except TokenInvalid as invalid:
        logger.warning("login refused: %s", invalid)
        return _failed(request, _("The login could not be verified. Please try again."), 400)
    except ProviderUnavailable:
        logger.warning("callback: provider unavailable", exc_info=True)
        return _failed(request, _("The login service cannot be reached. Try again shortly."), 503)
    identity = identity_from_claims(issuer=oidc_issuer(), claims=claims)
    try:
        user = account_login(
            identity=identity,
            organisation_id=request.tenant.pk,  # type: ignore[attr-defined]
            invitation_token=request.session.get(INVITATION_SESSION_KEY),
        )
    except AccessRefused:
        return _refused(request, pending, identity, id_token=tokens["id_token"], claims=claims)
    return login_complete(
        request=request,
        user=user,
        claims=claims,
        id_token=tokens["id_token"],
        next_url=pending.next_url,
        silent=pending.mode != Mode.INTERACTIVE,
    )


def login_complete(
    *,
    request: HttpRequest,
    user: User,
    claims: dict[str, Any],
    id_token: str,
    next_url: str,
    silent: bool = False,
) -> HttpResponse:
    """Start the session and remember what logout needs (id_token_hint, sid). After a
    silent login the page itself is the answer (oidc/forward.py): one redirect fewer."""
    auth_login(request, user, backend=BACKEND)
    request.session[ID_TOKEN_KEY] = id_token
    request.session[ID_TOKEN_EXPIRES_KEY] = claims.get("exp") or time.time()
    sid = claims.get("sid") if isinstance(claims.get("sid"), str) else ""
    request.session[SID_KEY] = sid
    request.session.save()  # a key now, so the sid -> session link can name it
    oidc_session_record(sid=sid or "", session_key=str(request.session.session_key), user=user)
    forwarded = page_forward(request=request, next_url=next_url) if silent else None
    response = forwarded or HttpResponseRedirect(next_url)
    response.delete_cookie(TRIED_COOKIE)
    response.delete_cookie(RESTART_COOKIE)
    return response


def _provider_error(request: HttpRequest, pending: PendingLogin, error: str) -> HttpResponse:
    if pending.mode != Mode.INTERACTIVE and error in SILENT_ERRORS:
        # Not logged in at the provider: stay (or become) anonymous, quietly.
        if pending.mode == Mode.REFRESH:
            _local_logout(request)
        request.session[TRIED_SESSION_KEY] = time.time()
        response = HttpResponseRedirect(pending.next_url)
        silent_tried_cookie_set(response)
        return response
    if error == "access_denied":
        return _failed(request, _("The login was cancelled."), 400, next_url=pending.next_url)
    logger.warning("login: provider answered error %r", error[:100])
    return _failed(
        request,
        _("The login service refused the login. Please try again."),
        400,
        next_url=pending.next_url,
    )


def _refused(
    request: HttpRequest,
    pending: PendingLogin,
    identity: Identity,
    *,
    id_token: str,
    claims: dict[str, Any],
) -> HttpResponse:
    if pending.mode != Mode.INTERACTIVE:
        # A silent check on a closed site: browse on anonymously; "Log in" explains.
        request.session[TRIED_SESSION_KEY] = time.time()
        response = HttpResponseRedirect(pending.next_url)
        silent_tried_cookie_set(response)
        return response
    access_pending_store(
        request=request,
        identity=identity,
        next_url=pending.next_url,
        id_token=id_token,
        claims=claims,
    )
    return redirect("accounts-access")


def _restart(request: HttpRequest, next_url: str = "/") -> HttpResponse:
    if request.COOKIES.get(RESTART_COOKIE):
        response = _failed(
            request,
            _("The login could not be completed. Allow cookies for this site and try again."),
            400,
        )
        response.delete_cookie(RESTART_COOKIE)
        return response
    response = HttpResponseRedirect(_login_path(next_url))
    response.set_cookie(
        RESTART_COOKIE,
        "1",
        max_age=60,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _login_path(next_url: str) -> str:
    return "/login/?" + urlencode({"next": safe_next(next_url)})


def _failed(request: HttpRequest, message: str, status: int, next_url: str = "/") -> HttpResponse:
    return render(
        request,
        "accounts/login_failed.html",
        {"message": message, "retry_url": _login_path(next_url)},
        status=status,
    )


def _local_logout(request: HttpRequest) -> str:
    """End this site's session; returns the ID token for the provider's logout."""
    id_token = str(request.session.get(ID_TOKEN_KEY) or "")
    if request.session.session_key:
        oidc_session_forget(session_key=request.session.session_key)
    auth_logout(request)
    return id_token


@require_POST
@never_cache
def logout(request: HttpRequest) -> HttpResponse:
    """Log out here, then at the provider, which logs the person out everywhere else."""
    id_token = _local_logout(request)
    target = end_session_url(request=request, id_token=id_token) if id_token else "/"
    response = HttpResponseRedirect(target)
    # Do not log straight back in through a silent check on the way home.
    silent_tried_cookie_set(response)
    return response
