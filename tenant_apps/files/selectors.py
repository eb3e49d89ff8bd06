"""Reading folders and files, always scoped by the viewer's access."""

from __future__ import annotations

from django.db.models import QuerySet

from tenant_apps.discussions.group_content import content_get, content_visible
from tenant_apps.files.models import Folder, StoredFile
from tenant_apps.groups.access import GroupAccess


def folder_queryset() -> QuerySet[Folder]:
    return Folder.objects.select_related("author", "last_edited_by")


def stored_file_queryset() -> QuerySet[StoredFile]:
    return StoredFile.objects.select_related("author", "last_edited_by")


def folder_list(*, access: GroupAccess, parent: Folder | None) -> QuerySet[Folder]:
    return content_visible(access=access, queryset=folder_queryset()).filter(parent=parent)


def folder_get(*, access: GroupAccess, pk: int) -> Folder:
    return content_get(access=access, queryset=folder_queryset(), pk=pk)


def stored_file_list(*, access: GroupAccess, folder: Folder | None) -> QuerySet[StoredFile]:
    return content_visible(access=access, queryset=stored_file_queryset()).filter(folder=folder)


def stored_file_get(*, access: GroupAccess, pk: int) -> StoredFile:
    return content_get(access=access, queryset=stored_file_queryset(), pk=pk)
