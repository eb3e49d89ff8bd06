"""Login throttling with django-axes, for the provider's login form only.

Axes listens to Django's login signals, which every site sends (relying-party logins on
subsites, tests' force_login). This handler records and resets attempts only for
requests the provider's login view marked, so nothing else pays a query or gets locked.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from django.http import HttpRequest

_MARK = "plein_identity_login"


class IdentityLoginAxesHandler(AxesDatabaseHandler):  # type: ignore[misc]
    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        if getattr(request, _MARK, False):
            super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        if getattr(request, _MARK, False):
            super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        if getattr(request, _MARK, False):
            super().user_logged_out(sender, request, user, **kwargs)


def login_allowed(*, request: HttpRequest, username: str) -> bool:
    """Mark the request as a provider login and ask whether (username, IP) may try."""
    setattr(request, _MARK, True)
    return bool(AxesProxyHandler.is_allowed(request, {"username": username}))
