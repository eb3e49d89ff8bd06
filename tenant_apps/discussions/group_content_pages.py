"""What the HTML pages of every content type share: the same 404 for a group or item the
visitor may not see (missing, not theirs, another organisation's), and pagination."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from tenant_apps.discussions.group_content import ContentNotFound
from tenant_apps.groups.access import GroupNotFound

PAGE_SIZE = 25


def content_page[**P](
    view: Callable[Concatenate[HttpRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except (GroupNotFound, ContentNotFound) as missing:
            raise Http404 from missing

    return wrapper


def page_of(request: HttpRequest, queryset: QuerySet[Any]) -> Page[Any]:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
