"""Who may open the console: operators (staff users of the public schema) only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from shared_apps.operators.audit import Actor
from shared_apps.operators.models import AuditSource

View = Callable[..., HttpResponseBase]

# The hub's single sign-on login (every site has /login/?next=...).
LOGIN_URL = "/login/"


def operator_required(view: View) -> View:
    """Anonymous visitors go to the login; signed-in people who are not operators get 403."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url=LOGIN_URL)
        if not user.is_staff:
            return render(request, "operators/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return guarded


def console_actor(request: HttpRequest) -> Actor:
    return Actor(name=request.user.get_username(), source=AuditSource.CONSOLE)
