"""/manage/access/: the site admin sets who may get in, hands out codes, decides requests."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tenant_apps.accounts import selectors, services
from tenant_apps.accounts.forms import AccessCodeForm, AccessPolicyForm
from tenant_apps.accounts.models import User
from tenant_apps.groups.access import viewer_is_site_admin


def site_admin_required[View: Callable[..., HttpResponse]](view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return HttpResponseRedirect("/login/?" + urlencode({"next": request.path}))
        if not viewer_is_site_admin(request.user):
            return render(request, "accounts/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _actor(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _page(
    request: HttpRequest,
    *,
    policy_form: AccessPolicyForm | None = None,
    code_form: AccessCodeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    policy = selectors.access_policy_get()
    context = {
        "policy_form": policy_form
        or AccessPolicyForm(
            initial={
                "mode": policy.mode,
                "codes_enabled": policy.codes_enabled,
                "requests_enabled": policy.requests_enabled,
                "email_domains": policy.email_domains,
            }
        ),
        "code_form": code_form or AccessCodeForm(),
        "codes": selectors.access_codes_list()[:200],
        "requests": selectors.access_requests_list()[:200],
    }
    return render(request, "accounts/manage_access.html", context, status=status)


@require_GET
@site_admin_required
def manage_access(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@site_admin_required
def manage_policy(request: HttpRequest) -> HttpResponse:
    form = AccessPolicyForm(request.POST)
    if not form.is_valid():
        return _page(request, policy_form=form, status=400)
    try:
        services.access_policy_update(
            actor=_actor(request),
            mode=form.cleaned_data["mode"],
            codes_enabled=form.cleaned_data["codes_enabled"],
            requests_enabled=form.cleaned_data["requests_enabled"],
            email_domains=form.cleaned_data["email_domains"].splitlines(),
        )
    except services.AccessError as error:
        form.add_error("email_domains" if error.field == "email_domains" else None, error.message)
        return _page(request, policy_form=form, status=400)
    messages.success(request, _("The access policy has been saved."))
    return redirect("accounts-manage-access")


@require_POST
@site_admin_required
def manage_code_create(request: HttpRequest) -> HttpResponse:
    form = AccessCodeForm(request.POST)
    if not form.is_valid():
        return _page(request, code_form=form, status=400)
    created = services.access_code_create(
        actor=_actor(request),
        label=form.cleaned_data["label"],
        max_uses=form.cleaned_data["max_uses"],
    )
    messages.success(
        request,
        _("New code: %(code)s. Copy it now; it is not shown again.") % {"code": created.code},
    )
    return redirect("accounts-manage-access")


@require_POST
@site_admin_required
def manage_code_revoke(request: HttpRequest, code_id: int) -> HttpResponse:
    access_code = selectors.access_code_get(code_id=code_id)
    if access_code is None:
        raise Http404()
    services.access_code_revoke(actor=_actor(request), access_code=access_code)
    messages.success(request, _("The code has been revoked."))
    return redirect("accounts-manage-access")


@require_POST
@site_admin_required
def manage_request_decide(request: HttpRequest, request_id: int, action: str) -> HttpResponse:
    access_request = selectors.access_request_get(request_id=request_id)
    if access_request is None or action not in ("approve", "refuse"):
        raise Http404()
    try:
        services.access_request_decide(
            actor=_actor(request), access_request=access_request, approve=action == "approve"
        )
    except services.AccessError as error:
        messages.error(request, error.message)
        return redirect("accounts-manage-access")
    messages.success(
        request,
        _("Access granted: they get in at their next login.")
        if action == "approve"
        else _("The request has been refused."),
    )
    return redirect("accounts-manage-access")
