"""Request hygiene that applies to every host, before any view runs."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest


class NulByteGuardMiddleware:
    """Refuse a NUL character in the path or query string with a 400.

    PostgreSQL cannot store or compare NUL in text, so such a value would otherwise reach
    the database driver and fail as a 500 in whichever view filters by it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = request.META.get("QUERY_STRING", "") + request.path
        if "\x00" in raw or "\x00" in unquote(raw):
            return HttpResponseBadRequest(
                "The address contains a NUL character, which is never valid here.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
