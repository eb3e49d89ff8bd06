"""The REST shape shared by every kind of group content (discussions, replies, news, events,
folders, files): list and create, read, change, delete and restore one item.

Subclasses say which serializers to use and which services to call; the order of checks is
fixed here so that it is the same everywhere: the group (404 when the viewer may not know
it), then the right to read its content (403), then the item (404 when missing, from another
organisation, or deleted for non-admins), then the right to change it (401/403).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.accounts.models import User
from tenant_apps.discussions.group_content import (
    ContentNotFound,
    NotLoggedIn,
    content_get,
    content_require_edit,
    content_require_write,
    content_restore,
    content_soft_delete,
    content_visible,
)
from tenant_apps.groups.access import GroupAccess, GroupNotFound, group_access
from tenant_apps.groups.models import GroupContent


class PersonSerializer(serializers.Serializer[User]):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)


class ContentOutputSerializer(serializers.Serializer[GroupContent]):
    """Fields every item has. Subclasses add their own."""

    id = serializers.IntegerField(read_only=True)
    author = PersonSerializer(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    last_edited_by = PersonSerializer(read_only=True, allow_null=True)
    last_edited_at = serializers.DateTimeField(read_only=True, allow_null=True)
    deleted_at = serializers.DateTimeField(read_only=True, allow_null=True)


NOT_FOUND = OpenApiResponse(description="No such group or item, or one you may not see.")
FORBIDDEN = OpenApiResponse(description="Not allowed for you (log in, or be a member/admin).")


ERRORS = {403: FORBIDDEN, 404: NOT_FOUND}


def list_schema(output: Any, input_: Any, tag: str) -> Any:
    return extend_schema_view(
        get=extend_schema(tags=[tag], responses={200: output(many=True), **ERRORS}),
        post=extend_schema(
            tags=[tag], request=input_, responses={201: output, 400: None, **ERRORS}
        ),
    )


def detail_schema(output: Any, input_: Any, tag: str) -> Any:
    return extend_schema_view(
        get=extend_schema(tags=[tag], responses={200: output, **ERRORS}),
        patch=extend_schema(
            tags=[tag], request=input_, responses={200: output, 400: None, **ERRORS}
        ),
        delete=extend_schema(tags=[tag], responses={204: None, **ERRORS}),
    )


def restore_schema(output: Any, tag: str) -> Any:
    return extend_schema_view(
        post=extend_schema(tags=[tag], request=None, responses={200: output, **ERRORS})
    )


def validation_error_from(error: DjangoValidationError) -> exceptions.ValidationError:
    """Services raise Django's ValidationError with field names; the API answers 400 with them."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    return exceptions.ValidationError({"non_field_errors": error.messages})


class ContentAPIView(APIView):
    # Reading public groups needs no login; every method decides access itself through
    # the group access helpers, which know about anonymous visitors.
    permission_classes = [AllowAny]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, GroupNotFound | ContentNotFound):
            # The same body for "missing", "not yours" and "another organisation's".
            exc = exceptions.NotFound()
        elif isinstance(exc, NotLoggedIn):
            exc = exceptions.NotAuthenticated(str(exc))
        elif isinstance(exc, DjangoPermissionDenied):
            exc = exceptions.PermissionDenied(str(exc) or None)
        elif isinstance(exc, DjangoValidationError):
            exc = validation_error_from(exc)
        return super().handle_exception(exc)

    def group_access(self, slug: str) -> GroupAccess:
        return group_access(viewer=self.request.user, slug=slug)


class ContentListView(ContentAPIView):
    """GET: the group's items, paginated, newest rules per type; POST: add one."""

    output_serializer_class: type[serializers.Serializer[Any]]
    input_serializer_class: type[serializers.Serializer[Any]]
    # Also read by drf-spectacular, so that the schema shows the paginated envelope.
    pagination_class = PageNumberPagination

    def content_queryset(self, *, access: GroupAccess, **kwargs: Any) -> QuerySet[Any]:
        raise NotImplementedError

    def content_filter(self, *, queryset: QuerySet[Any], access: GroupAccess) -> QuerySet[Any]:
        """Query-string filters of a type (e.g. a folder); none by default."""
        return queryset

    def content_create(
        self, *, access: GroupAccess, actor: User, data: dict[str, Any], **kwargs: Any
    ) -> GroupContent:
        raise NotImplementedError

    def get(self, request: Request, slug: str, **kwargs: Any) -> Response:
        access = self.group_access(slug)
        queryset = content_visible(
            access=access, queryset=self.content_queryset(access=access, **kwargs)
        )
        queryset = self.content_filter(queryset=queryset, access=access)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        data = self.output_serializer_class(page, many=True).data
        return paginator.get_paginated_response(data)

    def post(self, request: Request, slug: str, **kwargs: Any) -> Response:
        access = self.group_access(slug)
        actor = content_require_write(access=access, viewer=request.user)
        # A parent (the discussion of a reply) is looked up before the body is validated,
        # so a missing parent is a 404 whatever was sent.
        self.content_queryset(access=access, **kwargs)
        serializer = self.input_serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = self.content_create(
            access=access, actor=actor, data=dict(serializer.validated_data), **kwargs
        )
        return Response(self.output_serializer_class(item).data, status=status.HTTP_201_CREATED)


class ContentDetailView(ContentAPIView):
    """GET one item; PATCH it (author or admin); DELETE it softly (author or admin)."""

    output_serializer_class: type[serializers.Serializer[Any]]
    update_serializer_class: type[serializers.Serializer[Any]]

    def content_queryset(self, *, access: GroupAccess, **kwargs: Any) -> QuerySet[Any]:
        raise NotImplementedError

    def content_update(
        self, *, access: GroupAccess, actor: User, content: Any, data: dict[str, Any]
    ) -> GroupContent:
        raise NotImplementedError

    def content_delete(self, *, access: GroupAccess, viewer: Any, content: Any) -> None:
        content_soft_delete(access=access, viewer=viewer, content=content)

    def content_object(self, slug: str, pk: int, **kwargs: Any) -> tuple[GroupAccess, Any]:
        access = self.group_access(slug)
        queryset = self.content_queryset(access=access, **kwargs)
        return access, content_get(access=access, queryset=queryset, pk=pk)

    def get(self, request: Request, slug: str, pk: int, **kwargs: Any) -> Response:
        _access, item = self.content_object(slug, pk, **kwargs)
        return Response(self.output_serializer_class(item).data)

    def patch(self, request: Request, slug: str, pk: int, **kwargs: Any) -> Response:
        access, item = self.content_object(slug, pk, **kwargs)
        actor = content_require_edit(access=access, viewer=request.user, content=item)
        serializer = self.update_serializer_class(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        item = self.content_update(
            access=access, actor=actor, content=item, data=dict(serializer.validated_data)
        )
        return Response(self.output_serializer_class(item).data)

    def delete(self, request: Request, slug: str, pk: int, **kwargs: Any) -> Response:
        access, item = self.content_object(slug, pk, **kwargs)
        self.content_delete(access=access, viewer=request.user, content=item)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ContentRestoreView(ContentAPIView):
    """POST: bring a soft-deleted item back (group admins and site admins)."""

    output_serializer_class: type[serializers.Serializer[Any]]

    def content_queryset(self, *, access: GroupAccess, **kwargs: Any) -> QuerySet[Any]:
        raise NotImplementedError

    def content_restore(self, *, access: GroupAccess, viewer: Any, content: Any) -> None:
        content_restore(access=access, viewer=viewer, content=content)

    @extend_schema(request=None, responses={200: OpenApiResponse(), 403: FORBIDDEN, 404: NOT_FOUND})
    def post(self, request: Request, slug: str, pk: int, **kwargs: Any) -> Response:
        access = self.group_access(slug)
        queryset = self.content_queryset(access=access, **kwargs)
        item = content_get(access=access, queryset=queryset, pk=pk)
        self.content_restore(access=access, viewer=request.user, content=item)
        return Response(self.output_serializer_class(item).data)
