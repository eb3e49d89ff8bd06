"""The hub's pages (public schema): group search (with the visitor's own groups when
logged in), the organisation directory, one organisation's groups. They only call the
selectors."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from shared_apps.hub.selectors import (
    SORTS,
    HubSearchInvalid,
    HubSearchParams,
    hub_groups_search_for,
    hub_my_groups_of,
    hub_organisation_get,
    hub_organisations,
    hub_search_params,
)
from tenants.models import OrganisationKind

_FILTERS = ("organisation", "kind", "tag", "language")


def home(request: HttpRequest) -> HttpResponse:
    """Search over the public groups of every organisation (the hub's front page)."""
    # The front page also introduces the organisations, a way in besides searching, and
    # shows a logged-in person their own groups everywhere.
    return _search_page(
        request,
        template="hub/home.html",
        context={
            "organisations": hub_organisations(),
            "my_groups": hub_my_groups_of(user=request.user),
        },
    )


def organisations(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or None
    status = 200
    error = ""
    if kind is not None and kind not in OrganisationKind.values:
        kind, status, error = None, 400, "kind"
    return render(
        request,
        "hub/organisations.html",
        {
            "organisations": hub_organisations(kind=kind),
            "kinds": OrganisationKind.choices,
            "kind": kind or "",
            "error": error,
        },
        status=status,
    )


def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    found = hub_organisation_get(slug=slug)
    if found is None:
        raise Http404  # suspended, archived, deleted or never existed: all look the same
    return _search_page(
        request,
        template="hub/organisation.html",
        context={"organisation": found},
        fixed={"organisation": found.slug},
    )


def _search_page(
    request: HttpRequest,
    *,
    template: str,
    context: dict[str, Any],
    fixed: dict[str, str] | None = None,
) -> HttpResponse:
    data: dict[str, str] = request.GET.dict()
    data.update(fixed or {})
    try:
        params = hub_search_params(data)
        errors: dict[str, str] = {}
    except HubSearchInvalid as invalid:
        # The page still answers, with the message and the unfiltered first page.
        params, errors = HubSearchParams(q=data.get("q", "")[:200]), invalid.errors
    result = hub_groups_search_for(params=params)
    active = {name: getattr(params, name) for name in _FILTERS if getattr(params, name)}
    base = {"q": params.q, **active, "sort": params.sort}
    context.update(
        {
            "result": result,
            "params": params,
            "errors": errors,
            "active_filters": active,
            "filtered": bool(params.q or active),
            "facets": _facet_links(result.facets, base=base, fixed=fixed or {}),
            "sorts": [(sort, _query({**base, "sort": sort, "page": None})) for sort in SORTS],
            "previous_url": _query({**base, "page": result.page - 1}),
            "next_url": _query({**base, "page": result.page + 1}),
            "clear_url": _query({key: value for key, value in (fixed or {}).items()}),
        }
    )
    return render(request, template, context, status=400 if errors else 200)


def _facet_links(
    facets: dict[str, Any], *, base: dict[str, Any], fixed: dict[str, str]
) -> list[dict[str, Any]]:
    # Each facet value is a link that adds (or, when chosen, removes) that filter.
    groups = []
    for name in _FILTERS:
        if name in fixed or name not in facets:
            continue
        values = []
        for facet in facets[name]:
            chosen = base.get(name) == facet.value
            target = {**base, name: None if chosen else facet.value, "page": None}
            values.append(
                {"facet": facet, "chosen": chosen, "url": _query(target)},
            )
        groups.append({"name": name, "values": values})
    return groups


def _query(values: dict[str, Any]) -> str:
    kept = {key: value for key, value in values.items() if value not in (None, "", 1)}
    if kept.get("sort") == "relevance":
        del kept["sort"]
    return f"?{urlencode(kept)}" if kept else "?"
