"""Operator REST API: organisations, on the hub domain only."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.operators.permissions import IsOperator
from shared_apps.operators.serializers import (
    DomainChangeSerializer,
    OrganisationCreateSerializer,
    OrganisationExportSerializer,
    OrganisationImportSerializer,
    OrganisationSerializer,
    OrganisationUpdateSerializer,
    ProvisionedSerializer,
)
from tenants.errors import (
    ExportRequired,
    OrganisationInputError,
    OrganisationNotFound,
    TenancyError,
)
from tenants.models import Organisation
from tenants.portability import organisation_export, organisation_import
from tenants.services import (
    domain_ensure,
    domain_remove,
    organisation_create,
    organisation_delete,
    organisation_resume,
    organisation_suspend,
    organisation_update,
)


class OrganisationListCreateApi(generics.ListAPIView[Organisation]):
    permission_classes = [IsOperator]
    serializer_class = OrganisationSerializer

    def get_queryset(self) -> QuerySet[Organisation]:
        return (
            Organisation.objects.exclude(schema_name="public")
            .prefetch_related("domains")
            .order_by("slug")
        )

    @extend_schema(request=OrganisationCreateSerializer, responses={201: ProvisionedSerializer})
    def post(self, request: Request) -> Response:
        incoming = OrganisationCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            provisioned = organisation_create(**incoming.validated_data)
        except OrganisationInputError as error:
            return Response(error.errors, status=status.HTTP_400_BAD_REQUEST)
        except TenancyError as error:
            return Response({"detail": str(error)}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        return Response(ProvisionedSerializer(provisioned).data, status=status.HTTP_201_CREATED)


class OperatorApi(APIView):
    # Base of the endpoints on one organisation: the services' refusals become responses.
    # (A comment, not a docstring: drf-spectacular would show it on every endpoint.)
    # An unknown slug and the hub's own slug answer the same 404, so the API does not tell
    # which organisations exist beyond those an operator may manage.

    permission_classes = [IsOperator]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, OrganisationNotFound):
            return Response({"detail": str(exc)}, status=status.HTTP_404_NOT_FOUND)
        if isinstance(exc, OrganisationInputError):
            return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, ExportRequired):
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        if isinstance(exc, TenancyError):
            return Response({"detail": str(exc)}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        return super().handle_exception(exc)


_NOT_FOUND = OpenApiResponse(description="No organisation with this slug.")


class OrganisationDetailApi(OperatorApi):
    """One organisation: read it, change its name, kind or theme, or delete it."""

    @extend_schema(responses={200: OrganisationSerializer, 404: _NOT_FOUND})
    def get(self, request: Request, slug: str) -> Response:
        return Response(OrganisationSerializer(_organisation(slug)).data)

    @extend_schema(
        request=OrganisationUpdateSerializer,
        responses={200: OrganisationSerializer, 404: _NOT_FOUND},
    )
    def patch(self, request: Request, slug: str) -> Response:
        incoming = OrganisationUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        organisation = organisation_update(slug=slug, **incoming.validated_data)
        return Response(OrganisationSerializer(organisation).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "force",
                OpenApiTypes.BOOL,
                description="Delete even though the organisation was never exported.",
            )
        ],
        responses={
            204: None,
            404: _NOT_FOUND,
            409: OpenApiResponse(description="Not exported yet; export first or force."),
        },
    )
    def delete(self, request: Request, slug: str) -> Response:
        force = request.query_params.get("force", "").lower() in {"1", "true", "yes"}
        organisation_delete(slug=slug, force=force)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OrganisationSuspendApi(OperatorApi):
    """Take the organisation's subsite offline (503); its data stays."""

    @extend_schema(request=None, responses={200: OrganisationSerializer, 404: _NOT_FOUND})
    def post(self, request: Request, slug: str) -> Response:
        organisation = organisation_suspend(slug=slug)
        return Response(OrganisationSerializer(organisation).data)


class OrganisationResumeApi(OperatorApi):
    """Bring a suspended organisation's subsite back online."""

    @extend_schema(request=None, responses={200: OrganisationSerializer, 404: _NOT_FOUND})
    def post(self, request: Request, slug: str) -> Response:
        organisation = organisation_resume(slug=slug)
        return Response(OrganisationSerializer(organisation).data)


class OrganisationDomainsApi(OperatorApi):
    """The organisation's domains: the primary one and aliases that redirect to it."""

    @extend_schema(
        request=DomainChangeSerializer,
        responses={200: OrganisationSerializer, 201: OrganisationSerializer, 404: _NOT_FOUND},
        description="Add a domain (an alias unless `primary`), or make an existing one primary.",
    )
    def post(self, request: Request, slug: str) -> Response:
        incoming = DomainChangeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        _domain, added = domain_ensure(slug=slug, **incoming.validated_data)
        return Response(
            OrganisationSerializer(_organisation(slug)).data,
            status=status.HTTP_201_CREATED if added else status.HTTP_200_OK,
        )

    @extend_schema(
        request=DomainChangeSerializer,
        responses={200: OrganisationSerializer, 404: _NOT_FOUND},
        description="Remove an alias; the primary domain cannot be removed.",
    )
    def delete(self, request: Request, slug: str) -> Response:
        incoming = DomainChangeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        domain_remove(slug=slug, domain=incoming.validated_data["domain"])
        return Response(OrganisationSerializer(_organisation(slug)).data)


class OrganisationExportApi(OperatorApi):
    """Write the organisation (schema and media) to one archive on the server."""

    @extend_schema(request=None, responses={201: OrganisationExportSerializer, 404: _NOT_FOUND})
    def post(self, request: Request, slug: str) -> Response:
        export = organisation_export(slug=slug)
        return Response(OrganisationExportSerializer(export).data, status=status.HTTP_201_CREATED)


class OrganisationImportApi(OperatorApi):
    """Restore an uploaded export, or import it as a copy under a new slug and domain."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=OrganisationImportSerializer, responses={201: OrganisationSerializer})
    def post(self, request: Request) -> Response:
        incoming = OrganisationImportSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        options = dict(incoming.validated_data)
        upload = options.pop("archive")
        # Under its uploaded name, so that error messages name the file the operator sent.
        with tempfile.TemporaryDirectory(prefix="plein-import-") as folder:
            archive = Path(folder) / Path(upload.name or "upload.tar.gz").name
            with archive.open("wb") as spooled:
                for chunk in upload.chunks():
                    spooled.write(chunk)
            organisation = organisation_import(archive=archive, **options)
        return Response(
            OrganisationSerializer(_organisation(organisation.slug)).data,
            status=status.HTTP_201_CREATED,
        )


def _organisation(slug: str) -> Organisation:
    organisation = (
        Organisation.objects.exclude(schema_name="public")
        .prefetch_related("domains")
        .filter(slug=slug)
        .first()
    )
    if organisation is None:
        raise OrganisationNotFound(slug)
    return organisation
