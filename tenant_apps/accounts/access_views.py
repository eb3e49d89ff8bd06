"""The page a closed site shows a person it did not let in: how to get in."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from tenant_apps.accounts.access import PendingAccess, access_pending_clear, access_pending_get
from tenant_apps.accounts.models import AccessMode
from tenant_apps.accounts.selectors import access_policy_get, access_request_for_identity
from tenant_apps.accounts.services import (
    AccessError,
    AccessRefused,
    access_request_submit,
    account_login,
)
from tenant_apps.accounts.views import login_complete

CODE_MAX_LENGTH = 64


def _page(
    request: HttpRequest, pending: PendingAccess | None, status: int = 200, **extra: Any
) -> HttpResponse:
    policy = access_policy_get()
    context: dict[str, Any] = {
        "policy": policy,
        "is_closed": policy.mode == AccessMode.CLOSED,
        "pending": pending,
        "login_url": "/login/",
        **extra,
    }
    if pending is not None:
        context["access_request"] = access_request_for_identity(
            issuer=pending.identity.issuer, subject=pending.identity.subject
        )
    return render(request, "accounts/access.html", context, status=status)


@require_GET
@never_cache
def access(request: HttpRequest) -> HttpResponse:
    return _page(request, access_pending_get(request=request))


@require_POST
@never_cache
def access_code(request: HttpRequest) -> HttpResponse:
    pending = access_pending_get(request=request)
    if pending is None:
        return redirect("accounts-access")
    code = request.POST.get("code", "").strip()[:CODE_MAX_LENGTH]
    if not code:
        return _page(request, pending, 400, code_error=_("Enter the code you were given."))
    try:
        user = account_login(
            identity=pending.identity,
            organisation_id=request.tenant.pk,  # type: ignore[attr-defined]
            access_code=code if access_policy_get().codes_enabled else None,
        )
    except AccessRefused:
        return _page(
            request,
            pending,
            400,
            code_error=_("This code is not valid: it may be mistyped, used up or expired."),
        )
    access_pending_clear(request=request)
    return login_complete(
        request=request,
        user=user,
        claims=pending.claims,
        id_token=pending.id_token,
        next_url=pending.next_url,
    )


@require_POST
@never_cache
def access_request(request: HttpRequest) -> HttpResponse:
    pending = access_pending_get(request=request)
    if pending is None:
        return redirect("accounts-access")
    try:
        access_request_submit(
            identity=pending.identity, message=request.POST.get("message", "").strip()
        )
    except AccessError as error:
        return _page(request, pending, 400, request_error=error.message)
    return _page(request, pending, request_sent=True)
