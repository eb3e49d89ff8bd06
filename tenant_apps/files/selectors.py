"""Reading folders and files, always scoped by the viewer's access."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet

from tenant_apps.discussions.group_content import ContentNotFound, content_get, content_visible
from tenant_apps.files.models import Folder, StoredFile
from tenant_apps.groups.access import GroupAccess


def folder_queryset() -> QuerySet[Folder]:
    return Folder.objects.select_related("author", "last_edited_by")


def stored_file_queryset() -> QuerySet[StoredFile]:
    return StoredFile.objects.select_related("author", "last_edited_by")


def folders_hidden(*, access: GroupAccess) -> set[int]:
    """Deleted folders of the group and everything below them.

    Deleting a folder hides its contents with it (and restoring it brings them back)
    without touching their own rows. One query: a group's folder tree is small.
    """
    rows = list(
        Folder.objects.filter(group=access.group).values_list("pk", "parent_id", "deleted_at")
    )
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id, _deleted_at in rows:
        children[parent_id].append(pk)
    hidden: set[int] = set()
    pending = [pk for pk, _parent_id, deleted_at in rows if deleted_at is not None]
    while pending:
        pk = pending.pop()
        if pk not in hidden:
            hidden.add(pk)
            pending.extend(children[pk])
    return hidden


def folder_list(*, access: GroupAccess, parent: Folder | None) -> QuerySet[Folder]:
    folders = content_visible(access=access, queryset=folder_queryset()).filter(parent=parent)
    return folders.exclude(pk__in=folders_hidden(access=access))


def folder_get(*, access: GroupAccess, pk: int) -> Folder:
    folder = content_get(access=access, queryset=folder_queryset(), pk=pk)
    # Below a deleted folder an item is as missing as a deleted one (admins may restore).
    if not access.can_admin and folder.pk in folders_hidden(access=access):
        raise ContentNotFound(str(pk))
    return folder


def stored_file_list(*, access: GroupAccess, folder: Folder | None) -> QuerySet[StoredFile]:
    files = content_visible(access=access, queryset=stored_file_queryset()).filter(folder=folder)
    return files.exclude(folder_id__in=folders_hidden(access=access))


def stored_file_get(*, access: GroupAccess, pk: int) -> StoredFile:
    stored = content_get(access=access, queryset=stored_file_queryset(), pk=pk)
    if not access.can_admin and stored.folder_id in folders_hidden(access=access):
        raise ContentNotFound(str(pk))
    return stored
