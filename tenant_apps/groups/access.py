"""Who may see and do what in a group: the one place where group permissions are decided.

Every view, API endpoint and selector asks here. A group the viewer may not see raises
GroupNotFound, exactly as a group that does not exist: "not yours" and "missing" must be
indistinguishable (Zulip's access_stream_by_id).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from tenant_apps.accounts.models import User
from tenant_apps.groups.models import (
    Group,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Role,
    Visibility,
)

Viewer = User | AnonymousUser


class GroupNotFound(Exception):
    """No such group, or one the viewer may not know about."""


@dataclass(frozen=True, slots=True)
class GroupAccess:
    group: Group
    role: str | None  # the viewer's role in the group, None when not a member
    pending: bool  # the viewer has a join request waiting
    is_site_admin: bool
    is_authenticated: bool = False

    @property
    def is_member(self) -> bool:
        return self.role is not None

    @property
    def can_read_content(self) -> bool:
        return self.group.visibility == Visibility.PUBLIC or self.is_member or self.is_site_admin

    @property
    def can_see_members(self) -> bool:
        """Who is in a group is personal data: only for logged-in people of this
        organisation who may read the group's content, never for anonymous visitors."""
        return self.is_authenticated and self.can_read_content

    @property
    def can_write_content(self) -> bool:
        return self.is_member or self.is_site_admin

    @property
    def can_admin(self) -> bool:
        return self.role in (Role.OWNER, Role.ADMIN) or self.is_site_admin

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


def viewer_is_site_admin(viewer: Viewer) -> bool:
    """Site admins of this organisation manage every group in it."""
    return bool(viewer.is_authenticated and (viewer.is_staff or viewer.is_superuser))


def groups_visible_to(viewer: Viewer) -> QuerySet[Group]:
    """Groups the viewer may know exist: public and closed ones, and secret ones they are in."""
    groups = Group.objects.filter(deleted_at__isnull=True)
    if viewer_is_site_admin(viewer):
        return groups
    listed = Q(visibility__in=[Visibility.PUBLIC, Visibility.CLOSED])
    if not viewer.is_authenticated:
        return groups.filter(listed)
    member = Membership.objects.filter(group=OuterRef("pk"), user_id=viewer.pk)
    return groups.filter(listed | Q(Exists(member)))


def groups_readable_by(viewer: Viewer) -> QuerySet[Group]:
    """Groups whose content the viewer may read: public ones, and those they are in."""
    groups = Group.objects.filter(deleted_at__isnull=True)
    if viewer_is_site_admin(viewer):
        return groups
    if not viewer.is_authenticated:
        return groups.filter(visibility=Visibility.PUBLIC)
    member = Membership.objects.filter(group=OuterRef("pk"), user_id=viewer.pk)
    return groups.filter(Q(visibility=Visibility.PUBLIC) | Q(Exists(member)))


def group_access(*, viewer: Viewer, slug: str) -> GroupAccess:
    """The viewer's access to the group with this slug; GroupNotFound if they may not see it."""
    group = groups_visible_to(viewer).filter(slug=slug).first()
    if group is None:
        raise GroupNotFound(slug)
    return _access_to(viewer=viewer, group=group)


def group_access_by_id(*, viewer: Viewer, group_id: int) -> GroupAccess:
    group = groups_visible_to(viewer).filter(pk=group_id).first()
    if group is None:
        raise GroupNotFound(str(group_id))
    return _access_to(viewer=viewer, group=group)


def _access_to(*, viewer: Viewer, group: Group) -> GroupAccess:
    role: str | None = None
    pending = False
    if viewer.is_authenticated:
        role = (
            Membership.objects.filter(group=group, user_id=viewer.pk)
            .values_list("role", flat=True)
            .first()
        )
        if role is None:
            pending = JoinRequest.objects.filter(
                group=group, user_id=viewer.pk, status=JoinRequestStatus.PENDING
            ).exists()
    return GroupAccess(
        group=group,
        role=role,
        pending=pending,
        is_site_admin=viewer_is_site_admin(viewer),
        is_authenticated=bool(viewer.is_authenticated),
    )
