"""Writing folders and files.

Uploads are stored through default_storage (the organisation's own media folder) under a
random name, after the size limit and the sniffed content type were checked; a failed
database write removes the stored bytes again, so nothing is left half-written.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from tenant_apps.accounts.models import User
from tenant_apps.activity.services import activity_record
from tenant_apps.discussions.group_content import content_mark_edited, content_require_write
from tenant_apps.files.models import Folder, StoredFile
from tenant_apps.files.sniffing import file_extension, file_name_clean, upload_content_type
from tenant_apps.groups.access import GroupAccess

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SNIFF_BYTES = 8192


def max_upload_bytes() -> int:
    return int(getattr(settings, "PLEIN_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def _clean_folder_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give a name.")})
    return name


def _check_parent(*, access: GroupAccess, parent: Folder | None, field: str) -> None:
    # Callers look folders up through the access helpers; this guards the service itself.
    if parent is not None and (parent.group_id != access.group.pk or parent.deleted_at):
        raise ValidationError({field: _("No such folder in this group.")})


@transaction.atomic
def folder_create(
    *, access: GroupAccess, actor: User, name: str, parent: Folder | None = None
) -> Folder:
    content_require_write(access=access, viewer=actor)
    _check_parent(access=access, parent=parent, field="parent")
    folder = Folder.objects.create(
        group=access.group, author=actor, name=_clean_folder_name(name), parent=parent
    )
    activity_record(
        group=access.group,
        actor=actor,
        verb="folder.created",
        target_type="folder",
        target_id=folder.pk,
        summary=folder.name,
    )
    return folder


def folder_update(*, access: GroupAccess, actor: User, folder: Folder, name: str) -> Folder:
    folder.name = _clean_folder_name(name)
    content_mark_edited(content=folder, actor=actor)
    folder.save()
    return folder


def file_upload(
    *,
    access: GroupAccess,
    actor: User,
    upload: UploadedFile,
    folder: Folder | None = None,
    name: str = "",
) -> StoredFile:
    content_require_write(access=access, viewer=actor)
    _check_parent(access=access, parent=folder, field="folder")
    limit = max_upload_bytes()
    size = upload.size or 0
    if size > limit:
        raise ValidationError(
            {
                "file": _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
            }
        )
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    display_name = file_name_clean(name or upload.name or "")
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    content_type = upload_content_type(name=display_name, head=head, chunks=upload.chunks())
    upload.seek(0)
    stored = StoredFile(
        group=access.group,
        author=actor,
        folder=folder,
        name=display_name,
        content_type=content_type,
        size_bytes=size,
    )
    # A random stored name: nothing a person typed reaches the file system.
    stored.file.save(uuid.uuid4().hex, upload, save=False)
    try:
        with transaction.atomic():
            stored.save()
            activity_record(
                group=access.group,
                actor=actor,
                verb="file.uploaded",
                target_type="file",
                target_id=stored.pk,
                summary=stored.name,
            )
    except BaseException:
        stored.file.delete(save=False)
        raise
    return stored


def file_update(
    *,
    access: GroupAccess,
    actor: User,
    stored_file: StoredFile,
    name: str | None = None,
    folder: Folder | None = None,
    move: bool = False,
) -> StoredFile:
    """Rename, and with move=True put the file in `folder` (None: the group's top level)."""
    if name is not None:
        cleaned = file_name_clean(name)
        # Renaming must not turn an accepted PDF into "report.html".
        if file_extension(cleaned) != file_extension(stored_file.name):
            raise ValidationError({"name": _("Keep the file's extension.")})
        stored_file.name = cleaned
    if move:
        _check_parent(access=access, parent=folder, field="folder")
        stored_file.folder = folder
    content_mark_edited(content=stored_file, actor=actor)
    stored_file.save()
    return stored_file
