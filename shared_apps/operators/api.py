"""Operator REST API: organisations, on the hub domain only.

Every change goes through the operator services, which write the audit trail.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.db.models import QuerySet
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.operators import selectors, services
from shared_apps.operators.audit import Actor
from shared_apps.operators.downloads import export_download_response
from shared_apps.operators.models import AuditAction, AuditEntry, AuditOutcome, AuditSource
from shared_apps.operators.permissions import IsOperator
from shared_apps.operators.serializers import (
    AuditEntrySerializer,
    DeletionCheckSerializer,
    DomainChangeSerializer,
    OperatorJobSerializer,
    OrganisationCreateSerializer,
    OrganisationExportSerializer,
    OrganisationImportSerializer,
    OrganisationSerializer,
    OrganisationUpdateSerializer,
    ProvisionedSerializer,
    ProvisioningJobCreateSerializer,
)
from tenants.errors import (
    ExportRequired,
    OrganisationInputError,
    OrganisationNotFound,
    TenancyError,
)
from tenants.models import Organisation, OrganisationKind, OrganisationStatus


def _actor(request: Request) -> Actor:
    return Actor(name=request.user.get_username(), source=AuditSource.API)


class OrganisationListCreateApi(generics.ListAPIView[Organisation]):
    permission_classes = [IsOperator]
    serializer_class = OrganisationSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Part of a name, slug or domain."),
            OpenApiParameter("status", OpenApiTypes.STR, enum=OrganisationStatus.values),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=OrganisationKind.values),
        ]
    )
    def get(self, request: Request) -> Response:
        return super().get(request)

    def get_queryset(self) -> QuerySet[Organisation]:
        params = self.request.query_params
        for name, allowed in (
            ("status", OrganisationStatus.values),
            ("kind", OrganisationKind.values),
        ):
            if params.get(name) and params[name] not in allowed:
                raise ValidationError({name: f"Choose one of: {', '.join(allowed)}."})
        return selectors.organisations_for_operator(
            q=params.get("q", "")[:200],
            status=params.get("status", ""),
            kind=params.get("kind", ""),
        ).order_by("slug")

    @extend_schema(request=OrganisationCreateSerializer, responses={201: ProvisionedSerializer})
    def post(self, request: Request) -> Response:
        incoming = OrganisationCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            provisioned = services.organisation_create(
                actor=_actor(request), **incoming.validated_data
            )
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
        organisation = services.organisation_update(
            actor=_actor(request), slug=slug, **incoming.validated_data
        )
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
        description="Check `deletion/` first: it says whether an export exists.",
    )
    def delete(self, request: Request, slug: str) -> Response:
        force = request.query_params.get("force", "").lower() in {"1", "true", "yes"}
        services.organisation_delete(actor=_actor(request), slug=slug, force=force)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OrganisationDeletionApi(OperatorApi):
    """Before deleting: whether an export of the organisation exists, and how recent."""

    @extend_schema(responses={200: DeletionCheckSerializer, 404: _NOT_FOUND})
    def get(self, request: Request, slug: str) -> Response:
        check = selectors.organisation_deletion_check(slug=slug)
        return Response(DeletionCheckSerializer(check).data)


class OrganisationSuspendApi(OperatorApi):
    """Take the organisation's subsite offline (503); its data stays."""

    @extend_schema(request=None, responses={200: OrganisationSerializer, 404: _NOT_FOUND})
    def post(self, request: Request, slug: str) -> Response:
        organisation = services.organisation_suspend(actor=_actor(request), slug=slug)
        return Response(OrganisationSerializer(organisation).data)


class OrganisationResumeApi(OperatorApi):
    """Bring a suspended organisation's subsite back online."""

    @extend_schema(request=None, responses={200: OrganisationSerializer, 404: _NOT_FOUND})
    def post(self, request: Request, slug: str) -> Response:
        organisation = services.organisation_resume(actor=_actor(request), slug=slug)
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
        _domain, added = services.domain_ensure(
            actor=_actor(request), slug=slug, **incoming.validated_data
        )
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
        services.domain_remove(
            actor=_actor(request), slug=slug, domain=incoming.validated_data["domain"]
        )
        return Response(OrganisationSerializer(_organisation(slug)).data)


class OrganisationExportApi(OperatorApi):
    """Write the organisation (schema and media) to one archive on the server."""

    @extend_schema(request=None, responses={201: OrganisationExportSerializer, 404: _NOT_FOUND})
    def post(self, request: Request, slug: str) -> Response:
        export = services.organisation_export(actor=_actor(request), slug=slug)
        return Response(OrganisationExportSerializer(export).data, status=status.HTTP_201_CREATED)


class OrganisationExportJobApi(OperatorApi):
    """Export in the background; poll the job, then download from its `download_url`."""

    @extend_schema(request=None, responses={202: OperatorJobSerializer, 404: _NOT_FOUND})
    def post(self, request: Request, slug: str) -> Response:
        job = services.organisation_export_start(actor=_actor(request), slug=slug)
        job.refresh_from_db()  # eager Celery may have finished it already
        return Response(OperatorJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ExportDownloadApi(OperatorApi):
    """The export archive itself (application/gzip), streamed."""

    @extend_schema(
        responses={
            (200, "application/gzip"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="No such export, or its file is gone."),
        }
    )
    def get(self, request: Request, export_id: int) -> FileResponse:
        return export_download_response(actor=_actor(request), export_id=export_id)


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
            organisation = services.organisation_import(
                actor=_actor(request), archive=archive, **options
            )
        return Response(
            OrganisationSerializer(_organisation(organisation.slug)).data,
            status=status.HTTP_201_CREATED,
        )


class ProvisioningJobCreateApi(OperatorApi):
    """Queue the provisioning of a new organisation; poll the job for its URL."""

    @extend_schema(
        request=ProvisioningJobCreateSerializer,
        responses={
            202: OperatorJobSerializer,
            400: OpenApiResponse(description="One message per field that cannot be accepted."),
        },
    )
    def post(self, request: Request) -> Response:
        incoming = ProvisioningJobCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        job = services.organisation_provision_start(
            actor=_actor(request), **incoming.validated_data
        )
        job.refresh_from_db()  # eager Celery may have finished it already
        return Response(OperatorJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class OperatorJobApi(OperatorApi):
    """A background job (provisioning or export): queued, running, done or failed."""

    @extend_schema(
        responses={200: OperatorJobSerializer, 404: OpenApiResponse(description="No such job.")}
    )
    def get(self, request: Request, job_id: int) -> Response:
        job = selectors.operator_job_get(job_id=job_id)
        if job is None:
            raise Http404
        return Response(OperatorJobSerializer(job).data)


class AuditEntryListApi(generics.ListAPIView[AuditEntry]):
    """The audit trail, newest first, filtered by organisation, action, actor or outcome."""

    permission_classes = [IsOperator]
    serializer_class = AuditEntrySerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("organisation", OpenApiTypes.STR, description="Organisation slug."),
            OpenApiParameter("action", OpenApiTypes.STR, enum=AuditAction.values),
            OpenApiParameter("actor", OpenApiTypes.STR, description="Username."),
            OpenApiParameter("outcome", OpenApiTypes.STR, enum=AuditOutcome.values),
        ]
    )
    def get(self, request: Request) -> Response:
        return super().get(request)

    def get_queryset(self) -> QuerySet[AuditEntry]:
        params = self.request.query_params
        for name, allowed in (("action", AuditAction.values), ("outcome", AuditOutcome.values)):
            if params.get(name) and params[name] not in allowed:
                raise ValidationError({name: f"Choose one of: {', '.join(allowed)}."})
        return selectors.audit_entries(
            organisation_slug=params.get("organisation", ""),
            action=params.get("action", ""),
            actor=params.get("actor", ""),
            outcome=params.get("outcome", ""),
        )


def _organisation(slug: str) -> Organisation:
    return selectors.organisation_for_operator(slug=slug)
