"""The optional second factor: TOTP enrolment, and the code step at login or when a
relying party asks for `acr_values=plein:mfa`."""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from shared_apps.identity.forms import OtpForm
from shared_apps.identity.services.sessions import (
    AMR_OTP,
    AMR_PASSWORD,
    provider_session_mfa_add,
)
from shared_apps.identity.views.session import (
    SESSION_PENDING_NEXT,
    SESSION_PENDING_USER,
    current_provider_session,
    login_complete,
    provider_login_required,
    safe_next,
)
from tenant_apps.accounts.models import User

_WRONG_CODE = gettext_lazy("The code is not right or has expired. Try the current code.")


@provider_login_required
@require_http_methods(["GET", "POST"])
def setup_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    next_url = safe_next(request, reverse("identity:profile"))
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return render(request, "identity/two_factor_enabled.html", {"next": next_url})
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = OtpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            session = current_provider_session(request)
            if session is not None:
                provider_session_mfa_add(session=session)
            messages.success(request, _("Two-step login is on."))
            return HttpResponseRedirect(next_url)
        if form.is_valid():
            form.add_error("token", str(_WRONG_CODE))
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "next": next_url,
        # segno writes only path data: no user text reaches the markup unescaped.
        "qr_svg": mark_safe(qr.svg_inline(scale=4, title=_("QR code for your authenticator app"))),
        "secret": b32encode(device.bin_key).decode(),
    }
    return render(request, "identity/two_factor_setup.html", context, status=status)


@provider_login_required
@require_POST
def disable_view(request: HttpRequest) -> HttpResponse:
    session = current_provider_session(request)
    if session is None or AMR_OTP not in session.amr:
        # Turning the second factor off needs the second factor in this session.
        return HttpResponseRedirect(
            f"{reverse('identity:two-factor-verify')}?next={reverse('identity:two-factor')}"
        )
    TOTPDevice.objects.filter(user=request.user).delete()
    messages.success(request, _("Two-step login is off."))
    return HttpResponseRedirect(reverse("identity:profile"))


@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    pending_id = request.session.get(SESSION_PENDING_USER)
    session = current_provider_session(request)
    if pending_id is not None:
        user = User.objects.filter(pk=pending_id, is_active=True).first()
        next_url = str(request.session.get(SESSION_PENDING_NEXT) or reverse("identity:profile"))
    elif session is not None:
        user = session.user
        next_url = safe_next(request, reverse("identity:profile"))
    else:
        return HttpResponseRedirect(reverse("identity:login"))
    if user is None:
        return HttpResponseRedirect(reverse("identity:login"))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        # A relying party asked for a second factor the person does not have yet.
        return HttpResponseRedirect(
            f"{reverse('identity:two-factor')}?{urlencode({'next': next_url})}"
        )
    form = OtpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and device.verify_token(form.cleaned_data["token"]):
            if pending_id is not None:
                request.session.pop(SESSION_PENDING_USER, None)
                request.session.pop(SESSION_PENDING_NEXT, None)
                login_complete(request=request, user=user, amr=[AMR_PASSWORD, AMR_OTP])
            elif session is not None:
                provider_session_mfa_add(session=session)
            return HttpResponseRedirect(next_url)
        if form.is_valid():
            form.add_error("token", str(_WRONG_CODE))
    return render(
        request, "identity/two_factor_verify.html", {"form": form, "next": next_url}, status=status
    )
