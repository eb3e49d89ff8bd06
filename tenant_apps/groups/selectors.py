"""Reads on groups, always scoped by the viewer through tenant_apps.groups.access."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.db.models import Q, QuerySet
from django.utils import timezone

from tenant_apps.accounts.models import User
from tenant_apps.groups.access import (
    GroupAccess,
    GroupNotFound,
    Viewer,
    groups_visible_to,
    viewer_is_site_admin,
)
from tenant_apps.groups.models import Group, Invitation, JoinRequest, Membership

# Cells starting with these are run as formulas by spreadsheet programs (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def group_list(*, viewer: Viewer, q: str = "", tag: str = "") -> QuerySet[Group]:
    """Groups the viewer may know exist, filtered by free text and/or a tag (by slug or name)."""
    groups = groups_visible_to(viewer)
    q = q.strip()
    if q:
        groups = groups.filter(Q(name__icontains=q) | Q(description__icontains=q))
    tag = tag.strip()
    if tag:
        groups = groups.filter(Q(tags__slug=tag) | Q(tags__name__iexact=tag)).distinct()
    # taggit's manager takes no custom prefetch queryset; serializers sort the names.
    return groups.prefetch_related("tags")  # type: ignore[misc]  # not a plain relation to django-stubs


def group_deleted_get(*, viewer: Viewer, slug: str) -> Group:
    """A soft-deleted group, for site admins only (to restore it); others get GroupNotFound."""
    group = None
    if viewer_is_site_admin(viewer):
        group = Group.objects.filter(slug=slug, deleted_at__isnull=False).first()
    if group is None:
        raise GroupNotFound(slug)
    return group


def groups_deleted(*, viewer: Viewer) -> QuerySet[Group]:
    """Soft-deleted groups, newest deletion first; only site admins see any."""
    if not viewer_is_site_admin(viewer):
        return Group.objects.none()
    return Group.objects.filter(deleted_at__isnull=False).order_by("-deleted_at", "pk")


def group_members(*, access: GroupAccess, q: str = "") -> QuerySet[Membership]:
    """The members, for logged-in viewers who may read the group's content; searchable."""
    if not access.can_see_members:
        return Membership.objects.none()
    members = Membership.objects.filter(group=access.group).select_related("user")
    q = q.strip()
    if q:
        members = members.filter(
            Q(user__display_name__icontains=q)
            | Q(user__first_name__icontains=q)
            | Q(user__last_name__icontains=q)
            | Q(user__username__icontains=q)
        )
    return members.order_by("user__display_name", "user__username", "pk")


def join_requests_for(*, access: GroupAccess, viewer: Viewer) -> QuerySet[JoinRequest]:
    """Admins see every request of the group (history too); others only their own."""
    requests = JoinRequest.objects.filter(group=access.group).select_related("user", "decided_by")
    if access.can_admin:
        return requests
    if not viewer.is_authenticated:
        return requests.none()
    return requests.filter(user_id=viewer.pk)


def join_request_get(*, access: GroupAccess, viewer: Viewer, request_id: int) -> JoinRequest:
    """One request the viewer may act on; anything else is GroupNotFound (a plain 404)."""
    join_request = join_requests_for(access=access, viewer=viewer).filter(pk=request_id).first()
    if join_request is None:
        raise GroupNotFound(str(request_id))
    return join_request


def invitations_for(*, access: GroupAccess) -> QuerySet[Invitation]:
    if not access.can_admin:
        return Invitation.objects.none()
    return Invitation.objects.filter(group=access.group)


def invitations_pending(*, access: GroupAccess) -> QuerySet[Invitation]:
    """Invitations that can still be accepted (not used, revoked or expired), for admins."""
    return (
        invitations_for(access=access)
        .filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("invited_by")
        .order_by("-created_at", "-pk")
    )


def invitation_get(*, access: GroupAccess, invitation_id: int) -> Invitation:
    """One invitation of this group for its admins; anything else is GroupNotFound."""
    invitation = (
        invitations_for(access=access).select_related("group").filter(pk=invitation_id).first()
    )
    if invitation is None:
        raise GroupNotFound(str(invitation_id))
    return invitation


def member_get(*, access: GroupAccess, user_id: int) -> Membership:
    """One membership of this group, for its admins (to change or remove it)."""
    membership = None
    if access.can_admin:
        membership = (
            Membership.objects.filter(group=access.group, user_id=user_id)
            .select_related("user")
            .first()
        )
    if membership is None:
        raise GroupNotFound(str(user_id))
    return membership


def membership_of(*, group: Group, viewer: Viewer) -> Membership | None:
    if not viewer.is_authenticated:
        return None
    return Membership.objects.filter(group=group, user_id=viewer.pk).first()


class _Echo:
    """A file-like object that hands back what csv writes, for streaming."""

    def write(self, value: str) -> str:
        return value


def _safe_cell(value: str) -> str:
    if value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def members_csv_rows(*, access: GroupAccess) -> Iterator[str]:
    """CSV lines of the member list for admins, streamed, formula-safe."""
    # Checked before streaming starts: a generator would only fail mid-response.
    if not access.can_admin:
        raise GroupNotFound(access.group.slug)
    return _members_csv_lines(group=access.group)


def _members_csv_lines(*, group: Group) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(["name", "username", "email", "role", "joined_at"])
    members = (
        Membership.objects.filter(group=group)
        .select_related("user")
        .order_by("user__username", "pk")
    )
    for membership in members.iterator(chunk_size=500):
        user: User = membership.user
        yield writer.writerow(
            [
                _safe_cell(str(user)),
                _safe_cell(user.username),
                _safe_cell(user.email),
                membership.role,
                membership.joined_at.isoformat(),
            ]
        )
