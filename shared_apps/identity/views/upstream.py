"""Log in with the upstream provider (federation), or link it to the logged-in person."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_otp.plugins.otp_totp.models import TOTPDevice

from shared_apps.identity.links import hub_link
from shared_apps.identity.services.people import IdentityInputError
from shared_apps.identity.services.upstream import (
    UpstreamError,
    person_for_upstream,
    upstream_claims,
    upstream_enabled,
    upstream_name,
    upstream_request_build,
)
from shared_apps.identity.views.session import (
    SESSION_PENDING_NEXT,
    SESSION_PENDING_USER,
    current_provider_session,
    login_complete,
    safe_next,
)

SESSION_UPSTREAM = "identity_upstream"
AMR_FEDERATED = "fed"


def _callback_uri() -> str:
    return hub_link("identity:upstream-callback")


@require_GET
def start_view(request: HttpRequest) -> HttpResponse:
    if not upstream_enabled():
        raise Http404
    try:
        upstream = upstream_request_build(redirect_uri=_callback_uri())
    except UpstreamError:
        return _failed(request)
    request.session[SESSION_UPSTREAM] = {
        "state": upstream.state,
        "nonce": upstream.nonce,
        "verifier": upstream.verifier,
        "next": safe_next(request, reverse("identity:profile")),
    }
    return HttpResponseRedirect(upstream.url)


@require_GET
def callback_view(request: HttpRequest) -> HttpResponse:
    if not upstream_enabled():
        raise Http404
    pending = request.session.pop(SESSION_UPSTREAM, None)
    state = request.GET.get("state", "")
    if not pending or not state or not constant_time_compare(state, pending["state"]):
        # A stale or forged callback: start again rather than guess.
        messages.error(request, _("That login attempt had expired. Please try again."))
        return HttpResponseRedirect(reverse("identity:login"))
    code = request.GET.get("code", "")
    if not code:
        return _failed(request)
    try:
        claims = upstream_claims(
            code=code,
            redirect_uri=_callback_uri(),
            verifier=pending["verifier"],
            nonce=pending["nonce"],
        )
    except UpstreamError:
        return _failed(request)
    session = current_provider_session(request)
    try:
        user = person_for_upstream(claims=claims, current=session.user if session else None)
    except IdentityInputError as error:
        return render(
            request,
            "identity/upstream_failed.html",
            {"message": error.problems["upstream"], "name": upstream_name()},
            status=409,
        )
    if session is not None:
        messages.success(request, _("Your %(name)s account is linked.") % {"name": upstream_name()})
        return HttpResponseRedirect(pending["next"])
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        request.session.cycle_key()
        request.session[SESSION_PENDING_USER] = user.pk
        request.session[SESSION_PENDING_NEXT] = pending["next"]
        return HttpResponseRedirect(reverse("identity:two-factor-verify"))
    login_complete(request=request, user=user, amr=[AMR_FEDERATED])
    return HttpResponseRedirect(pending["next"])


def _failed(request: HttpRequest) -> HttpResponse:
    message = _(
        "Logging in with %(name)s did not work. Try again, or log in with your password."
    ) % {"name": upstream_name()}
    return render(
        request,
        "identity/upstream_failed.html",
        {"message": message, "name": upstream_name()},
        status=502,
    )
