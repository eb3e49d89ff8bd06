"""The subsite's own REST API (grows with groups and content)."""

from __future__ import annotations

from dataclasses import asdict

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from tenant_apps.site.selectors import site_summary


@extend_schema(
    responses=inline_serializer(
        "SiteSummary",
        fields={
            "name": serializers.CharField(),
            "slug": serializers.CharField(),
            "kind": serializers.CharField(),
            "members": serializers.IntegerField(),
            "pages": serializers.IntegerField(),
        },
    )
)
@api_view(["GET"])
@permission_classes([AllowAny])
def site_detail(request: Request) -> Response:
    return Response(asdict(site_summary(organisation=request.tenant)))  # type: ignore[attr-defined]
