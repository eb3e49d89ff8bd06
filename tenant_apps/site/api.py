"""The subsite's own REST API: its summary, and its branding (published for everyone; the
draft, publishing and discarding for site admins)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.accounts.models import User
from tenant_apps.groups.access import viewer_is_site_admin
from tenant_apps.site import services
from tenant_apps.site.branding import BrandingSnapshot
from tenant_apps.site.selectors import branding_draft, branding_published, site_summary
from tenant_apps.site.serializers import BrandingSerializer, BrandingWriteSerializer


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


def _snapshot_data(request: Request, snapshot: BrandingSnapshot) -> dict[str, Any]:
    return dict(BrandingSerializer(snapshot, context={"request": request}).data)


def _site_admin(request: Request) -> User:
    if not viewer_is_site_admin(request.user):  # type: ignore[arg-type]
        raise PermissionDenied(_("Only site admins can change the branding."))
    user: User = request.user  # type: ignore[assignment]
    return user


def _run(call: Any) -> Any:
    try:
        return call()
    except services.BrandingInputError as error:
        raise ValidationError(error.problems) from None


class BrandingPublishedView(APIView):
    """The branding every visitor sees."""

    permission_classes = [AllowAny]

    @extend_schema(responses=BrandingSerializer)
    def get(self, request: Request) -> Response:
        organisation = request.tenant  # type: ignore[attr-defined]
        return Response(_snapshot_data(request, branding_published(organisation=organisation)))


class BrandingDraftView(APIView):
    """The draft a site admin edits, previews and publishes. A PATCH is refused as a
    whole (400, a message per field) when anything in it fails, colours' contrast included."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(responses=BrandingSerializer)
    def get(self, request: Request) -> Response:
        _site_admin(request)
        organisation = request.tenant  # type: ignore[attr-defined]
        return Response(_snapshot_data(request, branding_draft(organisation=organisation)))

    @extend_schema(
        request={
            "application/json": BrandingWriteSerializer,
            "multipart/form-data": BrandingWriteSerializer,
        },
        responses=BrandingSerializer,
    )
    def patch(self, request: Request) -> Response:
        actor = _site_admin(request)
        organisation = request.tenant  # type: ignore[attr-defined]
        data = BrandingWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes, images = data.changes()
        _run(
            lambda: services.branding_draft_update(
                actor=actor, organisation=organisation, changes=changes, images=images
            )
        )
        return Response(_snapshot_data(request, branding_draft(organisation=organisation)))


class BrandingPublishView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=BrandingSerializer)
    def post(self, request: Request) -> Response:
        actor = _site_admin(request)
        organisation = request.tenant  # type: ignore[attr-defined]
        registry = services.branding_publish(actor=actor, organisation=organisation)
        return Response(_snapshot_data(request, branding_published(organisation=registry)))


class BrandingDiscardView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=BrandingSerializer)
    def post(self, request: Request) -> Response:
        actor = _site_admin(request)
        organisation = request.tenant  # type: ignore[attr-defined]
        services.branding_draft_discard(actor=actor, organisation=organisation)
        return Response(_snapshot_data(request, branding_draft(organisation=organisation)))
