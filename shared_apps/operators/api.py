"""Operator REST API: organisations, on the hub domain only."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from shared_apps.operators.permissions import IsOperator
from shared_apps.operators.serializers import (
    OrganisationCreateSerializer,
    OrganisationSerializer,
    ProvisionedSerializer,
)
from tenants.errors import OrganisationInputError, TenancyError
from tenants.models import Organisation
from tenants.services import organisation_create


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
