"""Search API (mounted under /api/v1/)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.search.selectors import search_hit_from_row, search_hits
from tenant_apps.search.serializers import SearchHitSerializer, SearchParamsSerializer
from tenant_apps.search.texts import EMPTY_QUERY_MESSAGE, NO_RESULTS_MESSAGE


class SearchPagination(PageNumberPagination):
    page_size = 20


class SearchView(APIView):
    """Search groups, discussions, news, events and files of this site that you may see."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[SearchParamsSerializer],
        responses=inline_serializer(
            "SearchResults",
            fields={
                "count": serializers.IntegerField(),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "query": serializers.CharField(),
                "message": serializers.CharField(allow_null=True),
                "results": SearchHitSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        params = SearchParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        text: str = params.validated_data["q"]
        if not text:
            return Response(
                {
                    "count": 0,
                    "next": None,
                    "previous": None,
                    "query": "",
                    "message": str(EMPTY_QUERY_MESSAGE),
                    "results": [],
                }
            )
        paginator = SearchPagination()
        rows = paginator.paginate_queryset(
            search_hits(viewer=request.user, text=text, kind=params.validated_data["type"]),
            request,
            view=self,
        )
        hits: Any = [search_hit_from_row(row) for row in rows or []]
        page = paginator.get_paginated_response(SearchHitSerializer(hits, many=True).data)
        page.data["query"] = text
        page.data["message"] = None if page.data["count"] else str(NO_RESULTS_MESSAGE)
        return page
