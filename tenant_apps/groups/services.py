"""Writes on groups, memberships, join requests and invitations.

Every service checks the actor's right to do what it does (views fetched the group
through the access helpers already, so the actor at least knows the group exists) and
raises GroupError for a broken rule, GroupPermissionDenied for a missing right. Changes
the hub cares about are published with group_changed_publish (delivered on commit).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import File
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tenant_apps.accounts.models import User
from tenant_apps.groups.access import viewer_is_site_admin
from tenant_apps.groups.covers import (
    CoverRefused,
    cover_content_type,
    cover_file_delete,
    cover_store,
)
from tenant_apps.groups.events import ChangeKind, group_changed_publish
from tenant_apps.groups.models import (
    Group,
    Invitation,
    JoinPolicy,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Role,
    Visibility,
)
from tenant_apps.groups.sanitising import rich_text_clean
from tenants.db import tenant_connection

INVITATION_LIFETIME = timedelta(days=14)
# Slugs that page URLs under /groups/ already use.
RESERVED_SLUGS = frozenset({"new", "deleted"})
MAX_TAGS = 20
MAX_TAG_LENGTH = 50


class GroupError(Exception):
    """A rule of groups was broken; views answer 400 with this message."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class GroupPermissionDenied(GroupError):
    """The actor knows the group but may not do this; views answer 403."""


def _role_of(*, group: Group, user: User) -> str | None:
    return Membership.objects.filter(group=group, user=user).values_list("role", flat=True).first()


def _require_admin(*, actor: User, group: Group) -> None:
    if viewer_is_site_admin(actor):
        return
    if _role_of(group=group, user=actor) not in (Role.OWNER, Role.ADMIN):
        raise GroupPermissionDenied(_("Only the group's admins may do this."))


def _require_owner(*, actor: User, group: Group) -> None:
    if viewer_is_site_admin(actor):
        return
    if _role_of(group=group, user=actor) != Role.OWNER:
        raise GroupPermissionDenied(_("Only the group's owner may do this."))


def _member_count_refresh(*, group: Group) -> None:
    """Recount in one statement, so concurrent joins and leaves cannot drift the number."""
    count = (
        Membership.objects.filter(group_id=OuterRef("pk"))
        .order_by()
        .values("group_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Group.objects.filter(pk=group.pk).update(member_count=Coalesce(Subquery(count), 0))
    group.refresh_from_db(fields=["member_count"])
    group_changed_publish(group_id=group.pk, kind=ChangeKind.MEMBERSHIP_CHANGED)


def _clean_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise GroupError(_("A group needs a name."), field="name")
    if len(name) > 200:
        raise GroupError(_("The name can be at most 200 characters."), field="name")
    return name


def _clean_choice(value: str, *, choices: Iterable[str], field: str) -> str:
    if value not in set(choices):
        raise GroupError(_("“%(value)s” is not a valid choice.") % {"value": value}, field=field)
    return value


def _clean_tags(tags: Iterable[str]) -> list[str]:
    cleaned = sorted({tag.strip() for tag in tags if tag.strip()})
    if len(cleaned) > MAX_TAGS:
        raise GroupError(_("A group can have at most %d tags.") % MAX_TAGS, field="tags")
    if any(len(tag) > MAX_TAG_LENGTH for tag in cleaned):
        raise GroupError(_("A tag can be at most %d characters.") % MAX_TAG_LENGTH, field="tags")
    return cleaned


def _checked_cover(cover: File[bytes]) -> str:
    """Checked before anything is written, so a refused cover leaves nothing half-done."""
    try:
        return cover_content_type(cover)
    except CoverRefused as refused:
        raise GroupError(refused.message, field="cover") from None


def _cover_replace(*, group: Group, cover: File[bytes] | None, content_type: str) -> None:
    """Point the group at a new cover (or none); the old file goes once the change commits,
    so a rolled-back change still has its picture."""
    old_name = group.cover.name or ""
    group.cover.name = (
        cover_store(group=group, upload=cover, content_type=content_type) if cover else ""
    )
    Group.objects.filter(pk=group.pk).update(cover=group.cover.name)
    if old_name and old_name != group.cover.name:
        transaction.on_commit(lambda: cover_file_delete(old_name))


def _unique_slug(name: str) -> str:
    base = (slugify(name) or "group")[:70].strip("-") or "group"
    # Deleted groups keep their slug, so a restore never collides.
    taken = set(Group.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= RESERVED_SLUGS
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


@transaction.atomic
def group_create(
    *,
    actor: User,
    name: str,
    description: str = "",
    welcome_message: str = "",
    visibility: str = Visibility.PUBLIC,
    join_policy: str = JoinPolicy.OPEN,
    tags: Iterable[str] = (),
    cover: File[bytes] | None = None,
) -> Group:
    """A new group; its creator becomes its owner and first member."""
    name = _clean_name(name)
    cover_type = _checked_cover(cover) if cover is not None else ""
    visibility = _clean_choice(visibility, choices=Visibility.values, field="visibility")
    join_policy = _clean_choice(join_policy, choices=JoinPolicy.values, field="join_policy")
    tag_names = _clean_tags(tags)
    for _attempt in range(5):
        try:
            # A savepoint per attempt: two people creating "Wijkraad" at once both succeed.
            with transaction.atomic():
                group = Group.objects.create(
                    name=name,
                    slug=_unique_slug(name),
                    description=rich_text_clean(description),
                    welcome_message=rich_text_clean(welcome_message),
                    visibility=visibility,
                    join_policy=join_policy,
                )
            break
        except IntegrityError:
            continue
    else:
        raise GroupError(_("Could not find a free address for this name."), field="name")
    if tag_names:
        group.tags.set(tag_names)
    if cover is not None:
        _cover_replace(group=group, cover=cover, content_type=cover_type)
    Membership.objects.create(group=group, user=actor, role=Role.OWNER)
    Group.objects.filter(pk=group.pk).update(member_count=1)
    group.member_count = 1
    group_changed_publish(group_id=group.pk, kind=ChangeKind.CREATED)
    return group


@dataclass(frozen=True, slots=True)
class GroupChanges:
    """What group_update may change; None leaves a field as it is."""

    name: str | None = None
    description: str | None = None
    welcome_message: str | None = None
    visibility: str | None = None
    join_policy: str | None = None
    tags: list[str] | None = None
    cover: File[bytes] | None = None  # a new cover image
    cover_remove: bool = False  # drop the cover (ignored when a new one is given)


@transaction.atomic
def group_update(*, actor: User, group: Group, changes: GroupChanges) -> Group:
    _require_admin(actor=actor, group=group)
    cover_type = _checked_cover(changes.cover) if changes.cover is not None else ""
    old_visibility = group.visibility
    if changes.name is not None:
        group.name = _clean_name(changes.name)
    if changes.description is not None:
        group.description = rich_text_clean(changes.description)
    if changes.welcome_message is not None:
        group.welcome_message = rich_text_clean(changes.welcome_message)
    if changes.visibility is not None:
        group.visibility = _clean_choice(
            changes.visibility, choices=Visibility.values, field="visibility"
        )
    if changes.join_policy is not None:
        group.join_policy = _clean_choice(
            changes.join_policy, choices=JoinPolicy.values, field="join_policy"
        )
    group.save()
    if changes.tags is not None:
        group.tags.set(_clean_tags(changes.tags))
    if changes.cover is not None:
        _cover_replace(group=group, cover=changes.cover, content_type=cover_type)
    elif changes.cover_remove and group.cover:
        _cover_replace(group=group, cover=None, content_type="")
    if group.visibility != old_visibility:
        # The hub must add or drop the group, not merely refresh it.
        group_changed_publish(group_id=group.pk, kind=ChangeKind.VISIBILITY_CHANGED)
    else:
        group_changed_publish(group_id=group.pk, kind=ChangeKind.CHANGED)
    return group


@transaction.atomic
def group_delete(*, actor: User, group: Group) -> None:
    """Soft delete by the owner or a site admin; site admins can restore it."""
    _require_owner(actor=actor, group=group)
    if group.deleted_at is None:
        group.deleted_at = timezone.now()
        group.save(update_fields=["deleted_at", "updated_at"])
        group_changed_publish(group_id=group.pk, kind=ChangeKind.DELETED)


@transaction.atomic
def group_restore(*, actor: User, group: Group) -> Group:
    if not viewer_is_site_admin(actor):
        raise GroupPermissionDenied(_("Only site admins may restore a group."))
    if group.deleted_at is not None:
        group.deleted_at = None
        group.save(update_fields=["deleted_at", "updated_at"])
        group_changed_publish(group_id=group.pk, kind=ChangeKind.CREATED)
    return group


@transaction.atomic
def membership_join(*, actor: User, group: Group) -> Membership:
    """Join an open group. Joining twice (a double submit) returns the same membership."""
    existing = Membership.objects.filter(group=group, user=actor).first()
    if existing is not None:
        return existing
    if group.join_policy != JoinPolicy.OPEN and not viewer_is_site_admin(actor):
        raise GroupError(_("This group cannot be joined directly."))
    try:
        with transaction.atomic():
            membership = Membership.objects.create(group=group, user=actor, role=Role.MEMBER)
    except IntegrityError:
        # The other submit won the race: same outcome.
        return Membership.objects.get(group=group, user=actor)
    _member_count_refresh(group=group)
    return membership


@transaction.atomic
def join_request_create(*, actor: User, group: Group, message: str = "") -> JoinRequest:
    """Ask to join; asking again while a request waits returns that request."""
    if Membership.objects.filter(group=group, user=actor).exists():
        raise GroupError(_("You are already a member of this group."))
    if group.join_policy != JoinPolicy.REQUEST:
        raise GroupError(_("This group does not take join requests."))
    pending = JoinRequest.objects.filter(
        group=group, user=actor, status=JoinRequestStatus.PENDING
    ).first()
    if pending is not None:
        return pending
    try:
        with transaction.atomic():
            return JoinRequest.objects.create(group=group, user=actor, message=message.strip())
    except IntegrityError:
        return JoinRequest.objects.get(group=group, user=actor, status=JoinRequestStatus.PENDING)


def _pending(join_request: JoinRequest) -> JoinRequest:
    locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if locked.status != JoinRequestStatus.PENDING:
        raise GroupError(_("This request has already been handled."))
    return locked


@transaction.atomic
def join_request_approve(*, actor: User, join_request: JoinRequest, reason: str = "") -> Membership:
    group = join_request.group
    _require_admin(actor=actor, group=group)
    locked = _pending(join_request)
    locked.status = JoinRequestStatus.APPROVED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_reason = reason.strip()
    locked.save()
    membership, created = Membership.objects.get_or_create(
        group=group, user_id=locked.user_id, defaults={"role": Role.MEMBER}
    )
    if created:
        _member_count_refresh(group=group)
    return membership


@transaction.atomic
def join_request_refuse(*, actor: User, join_request: JoinRequest, reason: str) -> JoinRequest:
    """Refuse with a reason; the requester sees it, and the request stays as history."""
    _require_admin(actor=actor, group=join_request.group)
    if not reason.strip():
        raise GroupError(_("Tell the person why their request is refused."), field="reason")
    locked = _pending(join_request)
    locked.status = JoinRequestStatus.REFUSED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_reason = reason.strip()
    locked.save()
    return locked


@transaction.atomic
def join_request_withdraw(*, actor: User, join_request: JoinRequest) -> JoinRequest:
    if join_request.user_id != actor.pk:
        raise GroupPermissionDenied(_("Only the person who asked may withdraw a request."))
    locked = _pending(join_request)
    locked.status = JoinRequestStatus.WITHDRAWN
    locked.decided_at = timezone.now()
    locked.save()
    return locked


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class NewInvitation:
    invitation: Invitation
    token: str  # only ever in the e-mail; the database keeps its sha256


@transaction.atomic
def invitation_create(
    *, actor: User, group: Group, email: str, role: str = Role.MEMBER
) -> NewInvitation:
    """Invite someone by e-mail (with or without an account); the mail leaves on commit."""
    # Imported here: the task module imports this one (tasks only call services).
    from tenant_apps.groups.tasks import invitation_mail_send_task

    _require_admin(actor=actor, group=group)
    email = email.strip()
    if role not in (Role.MEMBER, Role.ADMIN):
        raise GroupError(_("An invitation is for a member or an admin."), field="role")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        group=group,
        email=email,
        token_hash=invitation_token_hash(token),
        invited_by=actor,
        role=role,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    transaction.on_commit(
        lambda: invitation_mail_send_task.delay(invitation_id=invitation.pk, token=token)
    )
    return NewInvitation(invitation=invitation, token=token)


def invitation_mail_send(*, invitation_id: int, token: str) -> bool:
    """Send the invitation e-mail; False when it is no longer worth sending."""
    invitation = Invitation.objects.select_related("group").filter(pk=invitation_id).first()
    if invitation is None or invitation.revoked_at or invitation.accepted_at:
        return False
    domain = _site_domain()
    url = f"https://{domain}/invitations/{token}/"
    send_mail(
        subject=_("You are invited to join %(group)s") % {"group": invitation.group.name},
        message=_(
            "You are invited to join the group %(group)s.\n\n"
            "Open this link to accept (it expires on %(expires)s):\n%(url)s\n"
        )
        % {
            "group": invitation.group.name,
            "expires": invitation.expires_at.date().isoformat(),
            "url": url,
        },
        from_email=None,
        recipient_list=[invitation.email],
    )
    return True


def _site_domain() -> str:
    tenant = tenant_connection().tenant
    domain = tenant.get_primary_domain()
    return str(domain.domain) if domain is not None else ""


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    _require_admin(actor=actor, group=invitation.group)
    if invitation.accepted_at is not None:
        raise GroupError(_("This invitation has already been used."))
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def invitation_accept(*, actor: User, token: str) -> Membership:
    """Accept by token for the logged-in person. The token is the proof of invitation,
    so it is not tied to the account's e-mail address (which may differ or be absent)."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("group")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )
    if invitation is None or invitation.group.deleted_at is not None:
        raise GroupError(_("This invitation link is not valid."), field="token")
    if invitation.revoked_at is not None:
        raise GroupError(_("This invitation has been withdrawn."), field="token")
    if invitation.accepted_at is not None:
        raise GroupError(_("This invitation has already been used."), field="token")
    if invitation.expires_at <= timezone.now():
        raise GroupError(
            _("This invitation has expired; ask the group for a new one."), field="token"
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    group = invitation.group
    membership, created = Membership.objects.get_or_create(
        group=group, user=actor, defaults={"role": invitation.role}
    )
    if created:
        _member_count_refresh(group=group)
    return membership


def _membership_of(*, group: Group, user_id: int) -> Membership:
    membership = Membership.objects.select_for_update().filter(group=group, user_id=user_id).first()
    if membership is None:
        raise GroupError(_("This person is not a member of the group."), field="user")
    return membership


@transaction.atomic
def membership_role_change(*, actor: User, group: Group, user_id: int, role: str) -> Membership:
    _require_admin(actor=actor, group=group)
    if role not in (Role.MEMBER, Role.ADMIN):
        raise GroupError(_("Choose member or admin; ownership moves by transfer."), field="role")
    membership = _membership_of(group=group, user_id=user_id)
    if membership.role == Role.OWNER:
        raise GroupError(_("An owner's role changes only by transferring ownership."))
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def ownership_transfer(*, actor: User, group: Group, to_user_id: int) -> Membership:
    """Make another member the owner; the former owner(s) stay on as admins."""
    _require_owner(actor=actor, group=group)
    target = _membership_of(group=group, user_id=to_user_id)
    Membership.objects.filter(group=group, role=Role.OWNER).exclude(pk=target.pk).update(
        role=Role.ADMIN
    )
    target.role = Role.OWNER
    target.save(update_fields=["role"])
    return target


@transaction.atomic
def membership_leave(*, actor: User, group: Group) -> None:
    """Leave a group; leaving when not a member is a no-op (a double submit)."""
    membership = Membership.objects.select_for_update().filter(group=group, user=actor).first()
    if membership is None:
        return
    if membership.role == Role.OWNER:
        # Lock the owners so two owners leaving at once cannot both be "not the last".
        owners = list(
            Membership.objects.select_for_update()
            .filter(group=group, role=Role.OWNER)
            .values_list("pk", flat=True)
        )
        if len(owners) <= 1:
            raise GroupError(_("You are the last owner: transfer ownership before you leave."))
    membership.delete()
    _member_count_refresh(group=group)


@transaction.atomic
def membership_remove(*, actor: User, group: Group, user_id: int) -> None:
    _require_admin(actor=actor, group=group)
    if user_id == actor.pk:
        raise GroupError(_("To remove yourself, leave the group."), field="user")
    membership = _membership_of(group=group, user_id=user_id)
    if membership.role == Role.OWNER:
        raise GroupError(_("An owner cannot be removed; transfer ownership first."))
    if membership.role == Role.ADMIN:
        _require_owner(actor=actor, group=group)
    membership.delete()
    _member_count_refresh(group=group)
