"""After a silent login, answer the callback with the page the visitor asked for.

A silent login is page → provider → callback → page: three redirects, where the last one
only exists to change the address. Instead the callback runs the page's own view, in this
request, now that the person is logged in, and answers with it: two redirects. The address
bar is set to the page's URL by `history.replaceState` (and `Content-Location` says which
resource this is); the code and state in the callback's URL are single-use, so a reload
there starts an ordinary login that ends on the page.

Only for plain GET views that answer 200 with HTML; anything else falls back to the
redirect, so no view sees a request it would not see otherwise.
"""

from __future__ import annotations

import json
import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.template.response import SimpleTemplateResponse
from django.urls import Resolver404, resolve

logger = logging.getLogger(__name__)

HEAD_OPEN = b"<head>"


def page_forward(*, request: HttpRequest, next_url: str) -> HttpResponse | None:
    """The response of the view at `next_url` (a same-site path), or None to redirect."""
    path, _, query = next_url.partition("?")
    try:
        match = resolve(path, urlconf=getattr(request, "urlconf", None))
    except Resolver404:
        return None
    request.path = request.path_info = path
    # A copy: the WSGI environ itself still describes the callback (access logs).
    request.META = {**request.META, "PATH_INFO": path, "QUERY_STRING": query}
    request.GET = QueryDict(query)
    request.resolver_match = match
    try:
        response = match.func(request, *match.args, **match.kwargs)
        if isinstance(response, SimpleTemplateResponse):
            response = response.render()
    except (Http404, PermissionDenied):
        return None  # the redirect lets that page answer for itself, as it always does
    except Exception:
        logger.exception("forwarding to %s after a silent login failed; redirecting", path)
        return None
    if (
        response.status_code != 200
        or response.streaming
        or not response.get("Content-Type", "").startswith("text/html")
        or HEAD_OPEN not in response.content
    ):
        return None
    # The address becomes the page's before anything on it can be used; `<` is escaped so
    # the path can never close the script element.
    address = json.dumps(next_url).replace("<", "\\u003c")
    script = f"<script>history.replaceState(null, '', {address});</script>".encode()
    response.content = response.content.replace(HEAD_OPEN, HEAD_OPEN + script, 1)
    response["Content-Location"] = next_url
    return response
