"""REST API of groups under /api/v1/. Views only look things up through the access
helpers and call services; GroupNotFound becomes the one and only 404 body."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.accounts.models import User
from tenant_apps.groups import selectors, services
from tenant_apps.groups.access import GroupAccess, GroupNotFound, group_access
from tenant_apps.groups.covers import cover_response
from tenant_apps.groups.models import JoinRequestStatus
from tenant_apps.groups.serializers import (
    CoverSerializer,
    GroupDetailSerializer,
    GroupSerializer,
    GroupWriteSerializer,
    InvitationAcceptSerializer,
    InvitationCreateSerializer,
    InvitationSerializer,
    JoinRequestCreateSerializer,
    JoinRequestSerializer,
    MembershipSerializer,
    OwnershipTransferSerializer,
    PendingInvitationSerializer,
    ReasonSerializer,
    RoleChangeSerializer,
)


class GroupPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


def _access(request: Request, slug: str) -> GroupAccess:
    try:
        return group_access(viewer=request.user, slug=slug)  # type: ignore[arg-type]
    except GroupNotFound:
        # No argument: a missing group and a hidden one give byte-for-byte the same body.
        raise NotFound() from None


def _actor(request: Request) -> User:
    user: User = request.user  # type: ignore[assignment]  # IsAuthenticated ran first
    return user


def _run[T](call: Callable[[], T]) -> T:
    """Run a service; its rule errors become 403 or 400 with readable messages."""
    try:
        return call()
    except services.GroupPermissionDenied as error:
        raise PermissionDenied(error.message) from None
    except services.GroupError as error:
        raise ValidationError({error.field or "detail": [error.message]}) from None
    except GroupNotFound:
        raise NotFound() from None


def _detail(access: GroupAccess) -> dict[str, Any]:
    return dict(GroupDetailSerializer(access.group, context={"access": access}).data)


def _paginated(request: Request, view: APIView, items: Any, serializer: type[Any]) -> Response:
    paginator = GroupPagination()
    page: list[Any] | None = paginator.paginate_queryset(items, request, view=view)
    return paginator.get_paginated_response(serializer(page, many=True).data)


class GroupListView(APIView):
    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Text in name or description"),
            OpenApiParameter("tag", str, description="Tag name or slug"),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses=GroupSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        groups = selectors.group_list(
            viewer=request.user,  # type: ignore[arg-type]
            q=request.query_params.get("q", ""),
            tag=request.query_params.get("tag", ""),
        )
        return _paginated(request, self, groups, GroupSerializer)

    @extend_schema(request=GroupWriteSerializer, responses={201: GroupDetailSerializer})
    def post(self, request: Request) -> Response:
        data = GroupWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        group = _run(lambda: services.group_create(actor=_actor(request), **data.validated_data))
        return Response(
            _detail(group_access(viewer=_actor(request), slug=group.slug)),
            status=status.HTTP_201_CREATED,
        )


class GroupDetailView(APIView):
    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    @extend_schema(responses=GroupDetailSerializer)
    def get(self, request: Request, slug: str) -> Response:
        return Response(_detail(_access(request, slug)))

    @extend_schema(request=GroupWriteSerializer, responses=GroupDetailSerializer)
    def patch(self, request: Request, slug: str) -> Response:
        access = _access(request, slug)
        data = GroupWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = services.GroupChanges(**data.validated_data)
        _run(
            lambda: services.group_update(
                actor=_actor(request), group=access.group, changes=changes
            )
        )
        return Response(_detail(_access(request, slug)))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, slug: str) -> Response:
        access = _access(request, slug)
        _run(lambda: services.group_delete(actor=_actor(request), group=access.group))
        return Response(status=status.HTTP_204_NO_CONTENT)


class GroupCoverView(APIView):
    """The cover image: shown to whoever may see the group; replaced or removed by admins."""

    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    @extend_schema(
        responses={
            (200, "image/*"): OpenApiResponse(response=OpenApiTypes.BINARY),
            404: OpenApiResponse(description="No such group, or it has no cover"),
        }
    )
    def get(self, request: Request, slug: str) -> FileResponse:
        response = cover_response(group=_access(request, slug).group)
        if response is None:
            raise NotFound()
        return response

    @extend_schema(
        request={"multipart/form-data": CoverSerializer}, responses=GroupDetailSerializer
    )
    def put(self, request: Request, slug: str) -> Response:
        access = _access(request, slug)
        data = CoverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = services.GroupChanges(cover=data.validated_data["cover"])
        _run(
            lambda: services.group_update(
                actor=_actor(request), group=access.group, changes=changes
            )
        )
        return Response(_detail(_access(request, slug)))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, slug: str) -> Response:
        access = _access(request, slug)
        changes = services.GroupChanges(cover_remove=True)
        _run(
            lambda: services.group_update(
                actor=_actor(request), group=access.group, changes=changes
            )
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class GroupRestoreView(APIView):
    @extend_schema(request=None, responses=GroupDetailSerializer)
    def post(self, request: Request, slug: str) -> Response:
        group = _run(lambda: selectors.group_deleted_get(viewer=_actor(request), slug=slug))
        _run(lambda: services.group_restore(actor=_actor(request), group=group))
        return Response(_detail(_access(request, slug)))


class GroupJoinView(APIView):
    @extend_schema(request=None, responses=GroupDetailSerializer)
    def post(self, request: Request, slug: str) -> Response:
        access = _access(request, slug)
        _run(lambda: services.membership_join(actor=_actor(request), group=access.group))
        return Response(_detail(_access(request, slug)))


class GroupLeaveView(APIView):
    @extend_schema(request=None, responses=GroupDetailSerializer)
    def post(self, request: Request, slug: str) -> Response:
        access = _access(request, slug)
        _run(lambda: services.membership_leave(actor=_actor(request), group=access.group))
        # After leaving a secret group the person may no longer see it: say so plainly.
        try:
            return Response(_detail(_access(request, slug)))
        except NotFound:
            return Response(status=status.HTTP_204_NO_CONTENT)


class JoinRequestListView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("status", str), OpenApiParameter("page", int)],
        responses=JoinRequestSerializer(many=True),
    )
    def get(self, request: Request, slug: str) -> Response:
        access = _access(request, slug)
        requests = selectors.join_requests_for(access=access, viewer=request.user)  # type: ignore[arg-type]
        wanted = request.query_params.get("status")
        if wanted:
            if wanted not in JoinRequestStatus.values:
                raise ValidationError(
                    {"status": f"Choose one of: {', '.join(JoinRequestStatus.values)}."}
                )
            requests = requests.filter(status=wanted)
        return _paginated(request, self, requests, JoinRequestSerializer)

    @extend_schema(request=JoinRequestCreateSerializer, responses={201: JoinRequestSerializer})
    def post(self, request: Request, slug: str) -> Response:
        access = _access(request, slug)
        data = JoinRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        join_request = _run(
            lambda: services.join_request_create(
                actor=_actor(request),
                group=access.group,
                message=data.validated_data.get("message", ""),
            )
        )
        return Response(JoinRequestSerializer(join_request).data, status=status.HTTP_201_CREATED)


class JoinRequestDecisionView(APIView):
    action: str = ""

    @extend_schema(request=ReasonSerializer, responses=JoinRequestSerializer)
    def post(self, request: Request, slug: str, request_id: int) -> Response:
        access = _access(request, slug)
        join_request = _run(
            lambda: selectors.join_request_get(
                access=access, viewer=_actor(request), request_id=request_id
            )
        )
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reason = data.validated_data.get("reason", "")
        actor = _actor(request)
        if self.action == "approve":
            _run(
                lambda: services.join_request_approve(
                    actor=actor, join_request=join_request, reason=reason
                )
            )
        elif self.action == "refuse":
            _run(
                lambda: services.join_request_refuse(
                    actor=actor, join_request=join_request, reason=reason
                )
            )
        else:
            _run(lambda: services.join_request_withdraw(actor=actor, join_request=join_request))
        join_request.refresh_from_db()
        return Response(JoinRequestSerializer(join_request).data)


class InvitationListView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses=PendingInvitationSerializer(many=True),
    )
    def get(self, request: Request, slug: str) -> Response:
        """Invitations that can still be accepted; for the group's admins."""
        access = _access(request, slug)
        if not access.can_admin:
            raise PermissionDenied(_("Only the group's admins may do this."))
        invitations = selectors.invitations_pending(access=access)
        return _paginated(request, self, invitations, PendingInvitationSerializer)

    @extend_schema(request=InvitationCreateSerializer, responses={201: InvitationSerializer})
    def post(self, request: Request, slug: str) -> Response:
        access = _access(request, slug)
        data = InvitationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = _run(
            lambda: services.invitation_create(
                actor=_actor(request), group=access.group, **data.validated_data
            )
        )
        # The token is never in the response: it proves receipt of the e-mail.
        return Response(
            InvitationSerializer(created.invitation).data, status=status.HTTP_201_CREATED
        )


class InvitationDetailView(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, slug: str, invitation_id: int) -> Response:
        """Revoke an invitation: its link stops working. Revoking twice is harmless."""
        access = _access(request, slug)
        if not access.can_admin:
            raise PermissionDenied(_("Only the group's admins may do this."))
        invitation = _run(
            lambda: selectors.invitation_get(access=access, invitation_id=invitation_id)
        )
        _run(lambda: services.invitation_revoke(actor=_actor(request), invitation=invitation))
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationAcceptView(APIView):
    @extend_schema(request=InvitationAcceptSerializer, responses=GroupDetailSerializer)
    def post(self, request: Request) -> Response:
        data = InvitationAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = _run(
            lambda: services.invitation_accept(
                actor=_actor(request), token=data.validated_data["token"]
            )
        )
        return Response(_detail(_access(request, membership.group.slug)))


class MemberListView(APIView):
    # Who is in a group is personal data: anonymous visitors get 401, whatever the group.
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("q", str), OpenApiParameter("page", int)],
        responses=MembershipSerializer(many=True),
    )
    def get(self, request: Request, slug: str) -> Response:
        access = _access(request, slug)
        if not access.can_see_members:
            raise PermissionDenied(_("Only members can see who is in this group."))
        members = selectors.group_members(access=access, q=request.query_params.get("q", ""))
        return _paginated(request, self, members, MembershipSerializer)


class MemberDetailView(APIView):
    @extend_schema(request=RoleChangeSerializer, responses=MembershipSerializer)
    def patch(self, request: Request, slug: str, user_id: int) -> Response:
        access = _access(request, slug)
        data = RoleChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = _run(
            lambda: services.membership_role_change(
                actor=_actor(request),
                group=access.group,
                user_id=user_id,
                role=data.validated_data["role"],
            )
        )
        return Response(MembershipSerializer(membership).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, slug: str, user_id: int) -> Response:
        access = _access(request, slug)
        _run(
            lambda: services.membership_remove(
                actor=_actor(request), group=access.group, user_id=user_id
            )
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class OwnershipTransferView(APIView):
    @extend_schema(request=OwnershipTransferSerializer, responses=MembershipSerializer)
    def post(self, request: Request, slug: str) -> Response:
        access = _access(request, slug)
        data = OwnershipTransferSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = _run(
            lambda: services.ownership_transfer(
                actor=_actor(request),
                group=access.group,
                to_user_id=data.validated_data["user_id"],
            )
        )
        return Response(MembershipSerializer(membership).data)


class MembersCsvView(APIView):
    @extend_schema(responses={(200, "text/csv"): OpenApiResponse(response=OpenApiTypes.STR)})
    def get(self, request: Request, slug: str) -> StreamingHttpResponse:
        access = _access(request, slug)
        if not access.can_admin:
            raise PermissionDenied(_("Only the group's admins may do this."))
        response = StreamingHttpResponse(
            selectors.members_csv_rows(access=access), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{access.group.slug}-members.csv"'
        return response
