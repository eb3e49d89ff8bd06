"""The link between a browser's Django session and its provider session."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from shared_apps.identity.models import ProviderSession
from shared_apps.identity.services.sessions import provider_session_active, provider_session_start
from tenant_apps.accounts.models import User

SESSION_SID = "identity_sid"
SESSION_PENDING_USER = "identity_pending_user"
SESSION_PENDING_NEXT = "identity_pending_next"
PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"


def login_complete(*, request: HttpRequest, user: User, amr: list[str]) -> ProviderSession:
    """Log the person in and open a provider session for this browser."""
    login(request, user, backend=PASSWORD_BACKEND)
    session = provider_session_start(
        user=user, session_key=request.session.session_key or "", amr=amr
    )
    request.session[SESSION_SID] = str(session.sid)
    return session


def current_provider_session(request: HttpRequest) -> ProviderSession | None:
    """The browser's live provider session. A person whose provider session ended
    elsewhere (logout in another tab, on another site) is logged out here too."""
    if not request.user.is_authenticated:
        return None
    session = provider_session_active(sid=request.session.get(SESSION_SID, ""))
    if session is None or session.user_id != request.user.pk:
        logout(request)
        return None
    return session


def safe_next(request: HttpRequest, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def provider_login_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if current_provider_session(request) is None:
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('identity:login')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper
