"""The hub's REST API: group search with facets and the organisation directory (public),
and the logged-in person's own groups across organisations."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.hub.selectors import (
    SORTS,
    HubSearchInvalid,
    hub_groups_search_for,
    hub_my_groups_of,
    hub_organisations,
    hub_search_params,
)
from shared_apps.hub.serializers import (
    HubErrorSerializer,
    HubGroupPageSerializer,
    HubOrganisationSerializer,
    MyOrganisationGroupsSerializer,
)
from tenants.models import OrganisationKind


def _invalid(errors: dict[str, str]) -> Response:
    return Response(
        {"detail": _("Invalid search parameters."), "errors": errors},
        status=status.HTTP_400_BAD_REQUEST,
    )


class HubGroupsApi(APIView):
    permission_classes = [AllowAny]
    # Public and read-only: no session needed, so no CSRF or login prompt either.
    authentication_classes: list[type] = []

    @extend_schema(
        operation_id="hub_groups_search",
        summary="Search the listed groups of every active organisation",
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                description="Search text (web search "
                "syntax: quotes, or, -word); cut to 200 characters.",
            ),
            OpenApiParameter("organisation", OpenApiTypes.STR, description="Organisation slug."),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=list(OrganisationKind.values)),
            OpenApiParameter("tag", OpenApiTypes.STR),
            OpenApiParameter("language", OpenApiTypes.STR, enum=["nl", "en"]),
            OpenApiParameter("sort", OpenApiTypes.STR, enum=list(SORTS), default="relevance"),
            OpenApiParameter("page", OpenApiTypes.INT, default=1),
        ],
        responses={
            200: HubGroupPageSerializer,
            400: OpenApiResponse(HubErrorSerializer, description="A parameter is invalid"),
        },
    )
    def get(self, request: Request) -> Response:
        try:
            params = hub_search_params(request.query_params)
        except HubSearchInvalid as invalid:
            return _invalid(invalid.errors)
        result = hub_groups_search_for(params=params)
        return Response(HubGroupPageSerializer(result).data)


class HubOrganisationsApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        operation_id="hub_organisations_list",
        summary="Every active organisation with its number of listed groups",
        parameters=[OpenApiParameter("kind", OpenApiTypes.STR, enum=list(OrganisationKind.values))],
        responses={
            200: HubOrganisationSerializer(many=True),
            400: OpenApiResponse(HubErrorSerializer, description="A parameter is invalid"),
        },
    )
    def get(self, request: Request) -> Response:
        kind = request.query_params.get("kind") or None
        if kind is not None and kind not in OrganisationKind.values:
            return _invalid({"kind": _("Unknown kind.")})
        return Response(HubOrganisationSerializer(hub_organisations(kind=kind), many=True).data)


class HubMyGroupsApi(APIView):
    # The platform's default authentication (token, OIDC access token, session): an
    # anonymous caller gets DRF's 401, and only ever their own memberships otherwise.
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="hub_my_groups_list",
        summary="The caller's groups in every active organisation, by organisation",
        description="Found by the caller's OpenID identity (issuer and subject); secret "
        "groups included, as they are the caller's own memberships. Empty for an account "
        "without an OpenID identity.",
        responses={
            200: MyOrganisationGroupsSerializer(many=True),
            401: OpenApiResponse(description="Not logged in (no session or token)"),
        },
    )
    def get(self, request: Request) -> Response:
        organisations = hub_my_groups_of(user=request.user)
        return Response(MyOrganisationGroupsSerializer(organisations, many=True).data)
