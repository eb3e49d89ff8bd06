"""The search page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from tenant_apps.search.forms import SearchForm
from tenant_apps.search.selectors import search_hit_from_row, search_hits
from tenant_apps.search.texts import EMPTY_QUERY_MESSAGE, NO_RESULTS_MESSAGE

PAGE_SIZE = 20


@require_http_methods(["GET", "HEAD"])
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    context: dict[str, object] = {"form": form, "hits": [], "page": None}
    if not form.is_valid():
        # An unknown type, or a NUL byte in the text: the form shows the message.
        return render(request, "search/search.html", context, status=400)
    text: str = form.cleaned_data["q"]
    kind: str | None = form.cleaned_data["type"] or None
    if not text:
        context["message"] = EMPTY_QUERY_MESSAGE
        return render(request, "search/search.html", context)
    page = Paginator(search_hits(viewer=request.user, text=text, kind=kind), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context.update(
        {
            "page": page,
            "hits": [search_hit_from_row(row) for row in page.object_list],
            "message": None if page.paginator.count else NO_RESULTS_MESSAGE,
            "query_string": urlencode({"q": text, "type": kind or ""}),
        }
    )
    return render(request, "search/search.html", context)
