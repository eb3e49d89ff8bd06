"""The door of the Wagtail admin (/cms/) for an organisation that logs in through SSO.

Wagtail sends a logged-in person without admin access back to the login page; with
single sign-on the login page sends them straight back, a loop. Here such a person gets a
plain 403 that says why; Wagtail's own login and logout hand over to the site's SSO ones.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

ADMIN_PREFIX = "/cms/"
_WAGTAIL_LOGIN = ADMIN_PREFIX + "login/"
_WAGTAIL_LOGOUT = ADMIN_PREFIX + "logout/"
SITE_LOGOUT = "/logout/"


class CmsAdminDoorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        tenant = getattr(request, "tenant", None)
        if not path.startswith(ADMIN_PREFIX) or tenant is None or tenant.is_hub:
            return self.get_response(request)
        if path == _WAGTAIL_LOGOUT and request.method == "POST":
            # 307 keeps the POST (and its CSRF token): the site's logout ends the SSO
            # session everywhere, where Wagtail's own would end this site's alone.
            return HttpResponseRedirect(SITE_LOGOUT, preserve_request=True)
        if path == _WAGTAIL_LOGIN:
            next_url = request.GET.get("next") or ADMIN_PREFIX
            query = urlencode({"next": next_url})
            return HttpResponseRedirect(f"{settings.WAGTAILADMIN_LOGIN_URL}?{query}")
        user = request.user  # type: ignore[attr-defined]
        if user.is_authenticated and not user.has_perm("wagtailadmin.access_admin"):
            return render(request, "cms/admin_forbidden.html", status=403)
        return self.get_response(request)
