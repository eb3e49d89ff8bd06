"""REST API of the site's access policy under /api/v1/access/, for site admins only.

Anonymous callers get 401, other people 403; an id of another organisation (or of
nothing) is 404 with the same body.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.accounts import selectors, services
from tenant_apps.accounts.models import AccessRequestStatus, User
from tenant_apps.accounts.serializers import (
    AccessCodeCreateSerializer,
    AccessCodeSerializer,
    AccessPolicySerializer,
    AccessPolicyWriteSerializer,
    AccessRequestSerializer,
    NewAccessCodeSerializer,
)
from tenant_apps.groups.access import viewer_is_site_admin


class IsSiteAdmin(BasePermission):
    message = "Only site admins manage who may get in."

    def has_permission(self, request: Request, view: Any) -> bool:
        return viewer_is_site_admin(request.user)  # type: ignore[arg-type]


def _actor(request: Request) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _call(call: Any) -> Any:
    try:
        return call()
    except services.AccessError as error:
        raise ValidationError({error.field or "detail": [error.message]}) from error
    except services.AccessDenied as error:
        raise PermissionDenied() from error


class AdminApi(APIView):
    permission_classes = [IsAuthenticated, IsSiteAdmin]


class AccessPolicyApi(AdminApi):
    @extend_schema(responses=AccessPolicySerializer)
    def get(self, request: Request) -> Response:
        return Response(AccessPolicySerializer(selectors.access_policy_get()).data)

    @extend_schema(request=AccessPolicyWriteSerializer, responses=AccessPolicySerializer)
    def put(self, request: Request) -> Response:
        given = AccessPolicyWriteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        policy = _call(
            lambda: services.access_policy_update(
                actor=_actor(request),
                mode=data["mode"],
                codes_enabled=data["codes_enabled"],
                requests_enabled=data["requests_enabled"],
                email_domains=data["email_domains"],
            )
        )
        return Response(AccessPolicySerializer(policy).data)


class AccessCodeListApi(AdminApi):
    @extend_schema(responses=AccessCodeSerializer(many=True))
    def get(self, request: Request) -> Response:
        codes = selectors.access_codes_list()[:500]
        return Response(AccessCodeSerializer(codes, many=True).data)

    @extend_schema(request=AccessCodeCreateSerializer, responses={201: NewAccessCodeSerializer})
    def post(self, request: Request) -> Response:
        given = AccessCodeCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        created = _call(
            lambda: services.access_code_create(actor=_actor(request), **given.validated_data)
        )
        body = {**AccessCodeSerializer(created.access_code).data, "code": created.code}
        return Response(body, status=status.HTTP_201_CREATED)


class AccessCodeDetailApi(AdminApi):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, code_id: int) -> Response:
        access_code = selectors.access_code_get(code_id=code_id)
        if access_code is None:
            raise NotFound()
        _call(lambda: services.access_code_revoke(actor=_actor(request), access_code=access_code))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AccessRequestListApi(AdminApi):
    @extend_schema(responses=AccessRequestSerializer(many=True))
    def get(self, request: Request) -> Response:
        wanted = request.query_params.get("status", AccessRequestStatus.PENDING)
        if wanted not in AccessRequestStatus.values:
            raise ValidationError({"status": ["Use pending, approved or refused."]})
        found = selectors.access_requests_list(status=wanted)[:500]
        return Response(AccessRequestSerializer(found, many=True).data)


class AccessRequestDecisionApi(AdminApi):
    approve = True

    @extend_schema(request=None, responses=AccessRequestSerializer)
    def post(self, request: Request, request_id: int) -> Response:
        access_request = selectors.access_request_get(request_id=request_id)
        if access_request is None:
            raise NotFound()
        decided = _call(
            lambda: services.access_request_decide(
                actor=_actor(request), access_request=access_request, approve=self.approve
            )
        )
        return Response(AccessRequestSerializer(decided).data)
