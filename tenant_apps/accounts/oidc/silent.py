"""When to send a visitor silently (prompt=none) to the provider: cheap checks first.

Decided from the method, path and headers, then two cookies; the session (one query, the
same the view would make) is read only for a visitor who has a session and was not tried.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from tenant_apps.accounts.oidc.flow import ID_TOKEN_EXPIRES_KEY, Mode

TRIED_COOKIE = "plein_sso_tried"  # a silent check ran in this browser on this site
OPT_OUT_COOKIE = "plein_sso_optout"  # the visitor asked not to be logged in silently
TRIED_SESSION_KEY = "oidc_silent_tried_at"
REFRESH_TRIED_SESSION_KEY = "oidc_refresh_tried_at"
# An ID token renewal that did not come back is not retried for this long (no loop).
REFRESH_RETRY_S = 60

# Substrings of crawler, preview and tool User-Agents (lower case); plain `in` tests are
# several times cheaper than one alternation regex over a long browser User-Agent.
BOT_MARKERS = (
    "bot",
    "crawl",
    "spider",
    "slurp",
    "archiver",
    "facebookexternalhit",
    "embedly",
    "preview",
    "monitor",
    "curl",
    "wget",
    "python-",
    "httpie",
    "go-http-client",
    "java/",
    "libwww",
    "okhttp",
    "scrapy",
)


def _skipped_path(path: str) -> bool:
    prefixes: tuple[str, ...] = tuple(settings.PLEIN_SSO_SILENT_SKIP_PREFIXES)
    return path.startswith(prefixes)


def _is_page_navigation(request: HttpRequest) -> bool:
    headers = request.headers
    if "X-Requested-With" in headers:
        return False
    if "text/html" not in headers.get("Accept", ""):
        return False
    if headers.get("Sec-Fetch-Mode", "navigate") != "navigate":
        return False
    return headers.get("Sec-Fetch-Dest", "document") == "document"


def _is_bot(request: HttpRequest) -> bool:
    agent = request.headers.get("User-Agent", "").lower()
    return not agent or any(marker in agent for marker in BOT_MARKERS)


def silent_login_mode(request: HttpRequest) -> str | None:
    """Mode.SILENT, Mode.REFRESH, or None (the usual answer, at no cost)."""
    if request.method != "GET" or _skipped_path(request.path):
        return None
    cookies = request.COOKIES
    if cookies.get(OPT_OUT_COOKIE) or cookies.get(TRIED_COOKIE):
        return None
    if not _is_page_navigation(request) or _is_bot(request):
        return None
    if not cookies.get(settings.SESSION_COOKIE_NAME):
        return Mode.SILENT  # no session at all: certainly anonymous, never tried here
    session = request.session  # type: ignore[attr-defined]
    if "_auth_user_id" in session:
        expires_at = session.get(ID_TOKEN_EXPIRES_KEY)
        if not isinstance(expires_at, int | float) or expires_at > time.time():
            return None
        tried = session.get(REFRESH_TRIED_SESSION_KEY, 0)
        if isinstance(tried, int | float) and tried + REFRESH_RETRY_S > time.time():
            return None
        return Mode.REFRESH
    if TRIED_SESSION_KEY in session:
        return None
    return Mode.SILENT


def silent_login_mark(*, request: HttpRequest, response: HttpResponse, mode: str) -> None:
    """Remember that a silent check ran, so it runs once and never loops."""
    key = REFRESH_TRIED_SESSION_KEY if mode == Mode.REFRESH else TRIED_SESSION_KEY
    request.session[key] = time.time()  # type: ignore[attr-defined]
    if mode != Mode.REFRESH:
        silent_tried_cookie_set(response)


def silent_tried_cookie_set(response: HttpResponse) -> None:
    response.set_cookie(
        TRIED_COOKIE,
        "1",
        max_age=settings.PLEIN_SSO_SILENT_COOKIE_S,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
