"""Rules shared by every kind of group content (discussions, replies, news, events, folders,
files): who reads, writes, edits, deletes and restores, and how soft deletion works.

It lives here because discussions were the first content type; events and files import it
so that the rules are written once. The group-level decisions come from
`tenant_apps.groups.access`; this module adds the content-level ones on top.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tenant_apps.accounts.models import User
from tenant_apps.groups.access import GroupAccess, Viewer
from tenant_apps.groups.models import GroupContent


class ContentNotFound(Exception):
    """No such item in this group, or one the viewer may not see (deleted, for non-admins)."""


class NotLoggedIn(PermissionDenied):
    """The action needs a logged-in person; the API answers 401/403, pages ask to log in."""


def content_require_read(*, access: GroupAccess) -> None:
    # The group itself is known (group_access did not raise), so refusing its content is an
    # honest 403 and reveals nothing new; secret groups never get this far for outsiders.
    if not access.can_read_content:
        raise PermissionDenied(_("Only members of this group can see its content."))


def content_require_write(*, access: GroupAccess, viewer: Viewer) -> User:
    if not viewer.is_authenticated:
        raise NotLoggedIn(_("Log in to take part in this group."))
    if not access.can_write_content:
        raise PermissionDenied(_("Only members of this group can add to it."))
    assert isinstance(viewer, User)
    return viewer


def content_visible[ContentT: GroupContent](
    *, access: GroupAccess, queryset: QuerySet[ContentT]
) -> QuerySet[ContentT]:
    """The items of the group the viewer may read; soft-deleted ones are left out."""
    content_require_read(access=access)
    return queryset.filter(group=access.group, deleted_at__isnull=True)


def content_get[ContentT: GroupContent](
    *, access: GroupAccess, queryset: QuerySet[ContentT], pk: int
) -> ContentT:
    """One item of the group. A deleted item exists only for the group's admins (so that
    they can restore it); for everyone else it is exactly as missing as a wrong id."""
    content_require_read(access=access)
    items = queryset.filter(group=access.group)
    if not access.can_admin:
        items = items.filter(deleted_at__isnull=True)
    item = items.filter(pk=pk).first()
    if item is None:
        raise ContentNotFound(str(pk))
    return item


def content_can_edit(*, access: GroupAccess, viewer: Viewer, content: GroupContent) -> bool:
    """Authors edit and delete their own items; group admins and site admins any item."""
    if access.can_admin:
        return True
    return bool(
        viewer.is_authenticated
        and content.author_id is not None
        and content.author_id == viewer.pk
        and content.deleted_at is None
    )


def content_require_edit(*, access: GroupAccess, viewer: Viewer, content: GroupContent) -> User:
    if not viewer.is_authenticated:
        raise NotLoggedIn(_("Log in to take part in this group."))
    if not content_can_edit(access=access, viewer=viewer, content=content):
        raise PermissionDenied(_("Only the author and the group's admins can change this."))
    assert isinstance(viewer, User)
    return viewer


def content_mark_edited(*, content: GroupContent, actor: User) -> None:
    content.last_edited_by = actor
    content.last_edited_at = timezone.now()


def content_soft_delete(*, access: GroupAccess, viewer: Viewer, content: GroupContent) -> None:
    """Hide an item; its row stays so that an admin can restore it. Deleting twice is a no-op."""
    actor = content_require_edit(access=access, viewer=viewer, content=content)
    if content.deleted_at is not None:
        return
    content.deleted_at = timezone.now()
    content.deleted_by = actor
    content.save(update_fields=["deleted_at", "deleted_by"])


def content_restore(*, access: GroupAccess, viewer: Viewer, content: GroupContent) -> None:
    if not viewer.is_authenticated:
        raise NotLoggedIn(_("Log in to take part in this group."))
    if not access.can_admin:
        raise PermissionDenied(_("Only the group's admins can restore deleted items."))
    content.deleted_at = None
    content.deleted_by = None
    content.save(update_fields=["deleted_at", "deleted_by"])
