"""The provider's account pages under /account/ on the hub's domain."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import authenticate, logout, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from shared_apps.identity.forms import (
    LoginForm,
    PasswordResetRequestForm,
    ProfileForm,
    RegisterForm,
)
from shared_apps.identity.lockout import login_allowed
from shared_apps.identity.models import Profile, UpstreamLink
from shared_apps.identity.services.people import (
    IdentityInputError,
    ProfileChanges,
    email_normalise,
    password_reset_request,
    person_email_verify,
    person_profile_update,
    person_register,
)
from shared_apps.identity.services.sessions import (
    AMR_PASSWORD,
    provider_session_end,
    provider_session_rebind,
)
from shared_apps.identity.services.upstream import upstream_enabled, upstream_name
from shared_apps.identity.views.session import (
    SESSION_PENDING_NEXT,
    SESSION_PENDING_USER,
    SESSION_SID,
    current_provider_session,
    login_complete,
    provider_login_required,
    safe_next,
)
from tenant_apps.accounts.models import User


def _upstream_label() -> str:
    """The upstream provider's name when federation is configured, else ""."""
    return upstream_name() if upstream_enabled() else ""


def _lockout_message() -> str:
    return _(
        "Too many failed attempts to log in with this e-mail address from your network. "
        "Wait 15 minutes and try again, or reset your password."
    )


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, reverse("identity:profile"))
    form = LoginForm(request.POST or None)
    status, error = 200, ""
    if request.method == "POST":
        status = 400
        if form.is_valid():
            username = email_normalise(form.cleaned_data["username"])
            if not login_allowed(request=request, username=username):
                status, error = 429, _lockout_message()
            else:
                user = authenticate(
                    request, username=username, password=form.cleaned_data["password"]
                )
                if user is None:
                    if login_allowed(request=request, username=username):
                        error = _("The e-mail address or password is not right.")
                    else:
                        status, error = 429, _lockout_message()
                elif TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                    # The password is right; the login completes after the second factor.
                    request.session.cycle_key()
                    request.session[SESSION_PENDING_USER] = user.pk
                    request.session[SESSION_PENDING_NEXT] = next_url
                    return HttpResponseRedirect(reverse("identity:two-factor-verify"))
                else:
                    login_complete(request=request, user=user, amr=[AMR_PASSWORD])
                    return HttpResponseRedirect(next_url)
    return render(
        request,
        "identity/login.html",
        {"form": form, "next": next_url, "error": error, "upstream": _upstream_label()},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        sid = request.session.get(SESSION_SID, "")
        logout(request)
        if sid:
            provider_session_end(sid=sid)
        messages.success(request, _("You are logged out on every site of the platform."))
        return HttpResponseRedirect(reverse("identity:login"))
    return render(request, "identity/logout.html")


@require_http_methods(["GET", "POST"])
def register_view(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                person_register(
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    language=request.LANGUAGE_CODE,
                )
            except IdentityInputError as error:
                for field, problem in error.problems.items():
                    form.add_error(field, problem)
            else:
                return render(request, "identity/register_done.html", status=201)
    return render(request, "identity/register.html", {"form": form}, status=status)


def verify_email_view(request: HttpRequest, token: str) -> HttpResponse:
    user = person_email_verify(token=token)
    return render(
        request,
        "identity/verify_email.html",
        {"verified": user is not None},
        status=200 if user is not None else 400,
    )


@require_http_methods(["GET", "POST"])
def password_reset_view(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            password_reset_request(email=form.cleaned_data["email"])
            return render(request, "identity/password_reset_sent.html")
        return render(request, "identity/password_reset.html", {"form": form}, status=400)
    return render(request, "identity/password_reset.html", {"form": form})


@require_http_methods(["GET", "POST"])
def password_reset_confirm_view(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        user_id = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError):
        user_id = 0
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "identity/password_reset_confirm.html", {"valid": False}, status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your password is changed. Log in with it now."))
            return HttpResponseRedirect(reverse("identity:login"))
        return render(
            request,
            "identity/password_reset_confirm.html",
            {"valid": True, "form": form},
            status=400,
        )
    return render(request, "identity/password_reset_confirm.html", {"valid": True, "form": form})


@provider_login_required
@require_http_methods(["GET", "POST"])
def password_change_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            update_session_auth_hash(request, form.user)
            provider_session_rebind(
                sid=request.session.get(SESSION_SID, ""),
                user_id=user.pk,
                session_key=request.session.session_key or "",
            )
            messages.success(request, _("Your password is changed."))
            return HttpResponseRedirect(reverse("identity:profile"))
        return render(request, "identity/password_change.html", {"form": form}, status=400)
    return render(request, "identity/password_change.html", {"form": form})


@provider_login_required
@require_http_methods(["GET", "POST"])
def profile_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    profile, _created = Profile.objects.get_or_create(user=user)
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
    }
    form = ProfileForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                person_profile_update(
                    user=user,
                    changes=ProfileChanges(
                        first_name=form.cleaned_data["first_name"],
                        last_name=form.cleaned_data["last_name"],
                        language=form.cleaned_data["language"],
                    ),
                    avatar=form.cleaned_data["avatar"] or None,
                )
            except IdentityInputError as error:
                for field, problem in error.problems.items():
                    form.add_error(field, problem)
            else:
                messages.success(request, _("Your profile is saved."))
                return HttpResponseRedirect(reverse("identity:profile"))
    context = {
        "form": form,
        "profile": profile,
        "session": current_provider_session(request),
        "has_totp": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "upstream": _upstream_label(),
        "upstream_linked": UpstreamLink.objects.filter(user=user).exists(),
    }
    return render(request, "identity/profile.html", context, status=status)


def picture_view(request: HttpRequest, subject: str) -> FileResponse:
    """A person's picture, public because the `picture` claim points here."""
    profile = Profile.objects.filter(user__oidc_subject=subject).exclude(avatar="").first()
    if profile is None:
        raise Http404
    response = FileResponse(profile.avatar.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
