"""Log in once: an anonymous visitor's first page on this site asks the provider silently.

After AuthenticationMiddleware. Sends the browser straight to the provider with
prompt=none (one redirect fewer than via /login/), once per browser session and site, and
renews an expired ID token the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from tenant_apps.accounts.oidc.flow import login_url
from tenant_apps.accounts.oidc.provider import ProviderUnavailable
from tenant_apps.accounts.oidc.silent import silent_login_mark, silent_login_mode

logger = logging.getLogger(__name__)


class SilentLoginMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        mode = silent_login_mode(request)
        if mode is None:
            return self.get_response(request)
        try:
            target = login_url(request=request, next_url=request.get_full_path(), mode=mode)
        except ProviderUnavailable:
            # The provider is down: serve the page anonymously rather than fail it.
            logger.warning("silent login skipped: provider unavailable", exc_info=True)
            response = self.get_response(request)
            silent_login_mark(request=request, response=response, mode=mode)
            return response
        response = HttpResponseRedirect(target)
        response["Cache-Control"] = "no-store"
        silent_login_mark(request=request, response=response, mode=mode)
        return response
