"""REST API of folders and files, under /api/v1/groups/<slug>/. Downloads go through
`/files/<id>/download`, which checks access like every other item; there is no public URL."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from tenant_apps.accounts.models import User
from tenant_apps.discussions.group_content import ContentNotFound
from tenant_apps.discussions.group_content_api import (
    FORBIDDEN,
    NOT_FOUND,
    ContentAPIView,
    ContentDetailView,
    ContentListView,
    ContentRestoreView,
    detail_schema,
    list_schema,
    restore_schema,
)
from tenant_apps.files import selectors, services
from tenant_apps.files.downloads import download_response
from tenant_apps.files.models import Folder, StoredFile
from tenant_apps.files.serializers import (
    FolderInputSerializer,
    FolderOutputSerializer,
    FolderUpdateSerializer,
    StoredFileInputSerializer,
    StoredFileOutputSerializer,
    StoredFileUpdateSerializer,
)
from tenant_apps.groups.access import GroupAccess

logger = logging.getLogger(__name__)

# Multipart framing around the file itself; anything beyond the limit plus this is refused
# before the body is read.
MULTIPART_OVERHEAD_BYTES = 64 * 1024


def folder_from_id(*, access: GroupAccess, pk: int | None, field: str) -> Folder | None:
    """A folder named in a request body: unknown ids are a field error, not a 404."""
    if pk is None:
        return None
    try:
        return selectors.folder_get(access=access, pk=pk)
    except ContentNotFound:
        raise ValidationError({field: _("No such folder in this group.")}) from None


def _id_param(request: Request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value is None:
        return None
    if not value.isdigit():
        raise ValidationError({name: _("Give a folder id.")})
    return int(value)


class _Folders:
    def content_queryset(self, *, access: GroupAccess, **kwargs: Any) -> QuerySet[Folder]:
        # What lies below a deleted folder is gone with it, except for admins (who restore).
        folders = selectors.folder_queryset()
        if access.can_admin:
            return folders
        return folders.exclude(pk__in=selectors.folders_hidden(access=access))


@list_schema(FolderOutputSerializer, FolderInputSerializer, "files")
@extend_schema_view(
    get=extend_schema(
        parameters=[OpenApiParameter("parent", int, description="Only in this folder.")]
    )
)
class FolderListAPI(_Folders, ContentListView):
    output_serializer_class = FolderOutputSerializer
    input_serializer_class = FolderInputSerializer

    def content_filter(self, *, queryset: QuerySet[Any], access: GroupAccess) -> QuerySet[Any]:
        parent = _id_param(self.request, "parent")
        if access.can_admin:  # lists hide them for admins too (content_queryset does not)
            queryset = queryset.exclude(pk__in=selectors.folders_hidden(access=access))
        return queryset if parent is None else queryset.filter(parent_id=parent)

    def content_create(
        self, *, access: GroupAccess, actor: User, data: dict[str, Any], **kwargs: Any
    ) -> Folder:
        parent = folder_from_id(access=access, pk=data["parent"], field="parent")
        return services.folder_create(access=access, actor=actor, name=data["name"], parent=parent)


@detail_schema(FolderOutputSerializer, FolderUpdateSerializer, "files")
class FolderDetailAPI(_Folders, ContentDetailView):
    output_serializer_class = FolderOutputSerializer
    update_serializer_class = FolderUpdateSerializer

    def content_update(
        self, *, access: GroupAccess, actor: User, content: Any, data: dict[str, Any]
    ) -> Folder:
        if "name" not in data:
            return content
        return services.folder_update(access=access, actor=actor, folder=content, name=data["name"])


@restore_schema(FolderOutputSerializer, "files")
class FolderRestoreAPI(_Folders, ContentRestoreView):
    output_serializer_class = FolderOutputSerializer


class _Files:
    def content_queryset(self, *, access: GroupAccess, **kwargs: Any) -> QuerySet[StoredFile]:
        files = selectors.stored_file_queryset()
        if access.can_admin:
            return files
        return files.exclude(folder_id__in=selectors.folders_hidden(access=access))


@list_schema(StoredFileOutputSerializer, StoredFileInputSerializer, "files")
@extend_schema_view(
    get=extend_schema(
        parameters=[OpenApiParameter("folder", int, description="Only in this folder.")]
    ),
    post=extend_schema(
        request={"multipart/form-data": StoredFileInputSerializer},
        description="Upload a file (multipart). Refused with 400: too large, or content "
        "that is not an accepted type or does not match the name.",
    ),
)
class StoredFileListAPI(_Files, ContentListView):
    output_serializer_class = StoredFileOutputSerializer
    input_serializer_class = StoredFileInputSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def content_filter(self, *, queryset: QuerySet[Any], access: GroupAccess) -> QuerySet[Any]:
        folder = _id_param(self.request, "folder")
        if access.can_admin:  # lists hide them for admins too (content_queryset does not)
            queryset = queryset.exclude(folder_id__in=selectors.folders_hidden(access=access))
        return queryset if folder is None else queryset.filter(folder_id=folder)

    def post(self, request: Request, slug: str, **kwargs: Any) -> Response:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        if declared > services.max_upload_bytes() + MULTIPART_OVERHEAD_BYTES:
            # Refuse before reading (and spooling) a body we would refuse anyway; the
            # access checks still come first so outsiders learn nothing new.
            self.group_access(slug)
            raise ValidationError({"file": _("The file is larger than the upload limit.")})
        return super().post(request, slug, **kwargs)

    def content_create(
        self, *, access: GroupAccess, actor: User, data: dict[str, Any], **kwargs: Any
    ) -> StoredFile:
        folder = folder_from_id(access=access, pk=data["folder"], field="folder")
        return services.file_upload(
            access=access, actor=actor, upload=data["file"], folder=folder, name=data["name"]
        )


@detail_schema(StoredFileOutputSerializer, StoredFileUpdateSerializer, "files")
class StoredFileDetailAPI(_Files, ContentDetailView):
    output_serializer_class = StoredFileOutputSerializer
    update_serializer_class = StoredFileUpdateSerializer

    def content_update(
        self, *, access: GroupAccess, actor: User, content: Any, data: dict[str, Any]
    ) -> StoredFile:
        move = "folder" in data
        folder = folder_from_id(access=access, pk=data.get("folder"), field="folder")
        return services.file_update(
            access=access,
            actor=actor,
            stored_file=content,
            name=data.get("name"),
            folder=folder,
            move=move,
        )


@restore_schema(StoredFileOutputSerializer, "files")
class StoredFileRestoreAPI(_Files, ContentRestoreView):
    output_serializer_class = StoredFileOutputSerializer


class StoredFileDownloadAPI(ContentAPIView):
    @extend_schema(
        tags=["files"],
        responses={
            200: OpenApiResponse(OpenApiTypes.BINARY, description="The file, as an attachment."),
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def get(self, request: Request, slug: str, pk: int) -> FileResponse:
        access = self.group_access(slug)
        stored_file = selectors.stored_file_get(access=access, pk=pk)
        try:
            return download_response(stored_file=stored_file)
        except FileNotFoundError:
            # The row outlived its bytes (a restore from backup without media): say so in
            # the log, and answer like any missing item rather than with a 500.
            logger.error("file %s of group %s has no stored bytes", pk, slug)
            raise ContentNotFound(str(pk)) from None
