"""Group services: creation, membership flows, requests, invitations, roles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from tenant_apps.groups import services
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
from tenants.models import Organisation
from tests.factories import GroupFactory, JoinRequestFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.usefixtures("in_alpha")
Capture = Callable[..., Any]


def test_group_create_makes_the_creator_owner_with_a_unique_slug() -> None:
    # given a group already called "Wijkraad Oost"
    creator = UserFactory()
    first = services.group_create(actor=creator, name="Wijkraad Oost", tags=["wijk", " wijk "])
    # when another one with the same name is created
    second = services.group_create(actor=creator, name="Wijkraad Oost")
    # then both exist with distinct slugs, and the creator owns them
    assert first.slug == "wijkraad-oost"
    assert second.slug == "wijkraad-oost-2"
    assert [t.name for t in first.tags.all()] == ["wijk"]
    assert Membership.objects.get(group=first, user=creator).role == Role.OWNER
    assert Group.objects.get(pk=first.pk).member_count == 1


def test_reserved_slug_is_never_given_to_a_group() -> None:
    group = services.group_create(actor=UserFactory(), name="New")
    assert group.slug == "new-2"


def test_group_create_refuses_an_empty_name() -> None:
    with pytest.raises(services.GroupError) as error:
        services.group_create(actor=UserFactory(), name="   ")
    assert error.value.field == "name"


def test_description_is_sanitised() -> None:
    group = services.group_create(
        actor=UserFactory(),
        name="Safe",
        description='<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:x">l</a></p>',
    )
    assert group.description == '<p>Hi <a rel="noopener noreferrer nofollow">l</a></p>'


def test_join_is_idempotent_and_counts_once() -> None:
    # given an open group
    group = services.group_create(actor=UserFactory(), name="Open")
    person = UserFactory()
    # when the person submits "join" twice
    first = services.membership_join(actor=person, group=group)
    second = services.membership_join(actor=person, group=group)
    # then one membership exists and the count is two (owner + person)
    assert first.pk == second.pk
    group.refresh_from_db()
    assert group.member_count == 2


def test_join_refused_when_the_group_takes_requests() -> None:
    group = GroupFactory(join_policy=JoinPolicy.REQUEST)
    with pytest.raises(services.GroupError) as error:
        services.membership_join(actor=UserFactory(), group=group)
    assert error.value.message == "This group cannot be joined directly."


def test_join_request_flow_keeps_history_and_reason() -> None:
    # given a request-only group with an owner
    owner = UserFactory()
    group = services.group_create(actor=owner, name="Req", join_policy=JoinPolicy.REQUEST)
    person = UserFactory()
    # when the person asks twice (double submit), is refused, asks again and is approved
    first = services.join_request_create(actor=person, group=group, message="Hallo")
    again = services.join_request_create(actor=person, group=group, message="Hallo")
    services.join_request_refuse(actor=owner, join_request=first, reason="Alleen collega's")
    second = services.join_request_create(actor=person, group=group, message="Ik ben collega")
    services.join_request_approve(actor=owner, join_request=second)
    # then there were two requests, the refusal reason is kept, and the person is in
    assert first.pk == again.pk
    statuses = list(
        JoinRequest.objects.filter(group=group)
        .order_by("pk")
        .values_list("status", "decision_reason")
    )
    assert statuses == [
        (JoinRequestStatus.REFUSED, "Alleen collega's"),
        (JoinRequestStatus.APPROVED, ""),
    ]
    group.refresh_from_db()
    assert group.member_count == 2


def test_refusal_needs_a_reason_and_only_admins_decide() -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="R", join_policy=JoinPolicy.REQUEST)
    join_request = JoinRequestFactory(group=group)
    with pytest.raises(services.GroupError) as no_reason:
        services.join_request_refuse(actor=owner, join_request=join_request, reason=" ")
    with pytest.raises(services.GroupPermissionDenied):
        services.join_request_approve(actor=UserFactory(), join_request=join_request)
    assert no_reason.value.field == "reason"


def test_withdraw_only_by_the_requester_and_only_once() -> None:
    join_request = JoinRequestFactory(group=GroupFactory(join_policy=JoinPolicy.REQUEST))
    with pytest.raises(services.GroupPermissionDenied):
        services.join_request_withdraw(actor=UserFactory(), join_request=join_request)
    services.join_request_withdraw(actor=join_request.user, join_request=join_request)
    with pytest.raises(services.GroupError) as error:
        services.join_request_withdraw(actor=join_request.user, join_request=join_request)
    assert error.value.message == "This request has already been handled."


def test_last_owner_cannot_leave_but_can_after_transfer() -> None:
    # given a group with its owner and one member
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G")
    member = MembershipFactory(group=group).user
    # when the owner tries to leave, then transfers and leaves
    with pytest.raises(services.GroupError) as error:
        services.membership_leave(actor=owner, group=group)
    services.ownership_transfer(actor=owner, group=group, to_user_id=member.pk)
    services.membership_leave(actor=owner, group=group)
    # then the member owns the group alone
    assert "last owner" in error.value.message
    assert list(Membership.objects.filter(group=group).values_list("user_id", "role")) == [
        (member.pk, Role.OWNER)
    ]
    group.refresh_from_db()
    assert group.member_count == 1


def test_role_change_and_removal_rules() -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G")
    admin = MembershipFactory(group=group, role=Role.ADMIN).user
    member = MembershipFactory(group=group).user
    # an admin promotes a member, cannot touch the owner nor remove another admin
    services.membership_role_change(actor=admin, group=group, user_id=member.pk, role=Role.ADMIN)
    with pytest.raises(services.GroupError):
        services.membership_role_change(
            actor=admin, group=group, user_id=owner.pk, role=Role.MEMBER
        )
    with pytest.raises(services.GroupPermissionDenied):
        services.membership_remove(actor=admin, group=group, user_id=member.pk)
    # the owner removes the (now admin) member
    services.membership_remove(actor=owner, group=group, user_id=member.pk)
    group.refresh_from_db()
    assert group.member_count == 2


def test_site_admin_manages_any_group_and_restores_it() -> None:
    group = services.group_create(actor=UserFactory(), name="G")
    site_admin = UserFactory(is_staff=True)
    services.group_update(
        actor=site_admin, group=group, changes=services.GroupChanges(name="Renamed")
    )
    services.group_delete(actor=site_admin, group=group)
    services.group_restore(actor=site_admin, group=group)
    group.refresh_from_db()
    assert (group.name, group.deleted_at) == ("Renamed", None)


def test_only_site_admins_restore() -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G")
    services.group_delete(actor=owner, group=group)
    with pytest.raises(services.GroupPermissionDenied):
        services.group_restore(actor=owner, group=group)


def test_invitation_stores_only_a_hash_and_mails_the_link_on_commit(
    django_capture_on_commit_callbacks: Capture, in_alpha: Organisation
) -> None:
    # given a group admin
    owner = UserFactory()
    group = services.group_create(actor=owner, name="Inv", join_policy=JoinPolicy.INVITATION)
    # when they invite someone
    with django_capture_on_commit_callbacks(execute=True):
        created = services.invitation_create(actor=owner, group=group, email="new@example.org")
    # then the database has the sha256 only, and the mail has the link with the token
    invitation = Invitation.objects.get()
    assert invitation.token_hash == services.invitation_token_hash(created.token)
    assert created.token not in invitation.token_hash
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.org"]
    assert f"https://alpha.test/invitations/{created.token}/" in mail.outbox[0].body


def test_invitation_accept_is_single_use() -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="Inv", visibility=Visibility.SECRET)
    created = services.invitation_create(
        actor=owner, group=group, email="x@example.org", role=Role.ADMIN
    )
    person = UserFactory()
    membership = services.invitation_accept(actor=person, token=created.token)
    with pytest.raises(services.GroupError) as used:
        services.invitation_accept(actor=UserFactory(), token=created.token)
    assert (membership.user_id, membership.role) == (person.pk, Role.ADMIN)
    assert used.value.message == "This invitation has already been used."


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("expired", "This invitation has expired; ask the group for a new one."),
        ("revoked", "This invitation has been withdrawn."),
        ("unknown", "This invitation link is not valid."),
    ],
)
def test_invitation_accept_errors(state: str, message: str) -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="Inv")
    created = services.invitation_create(actor=owner, group=group, email="x@example.org")
    token = created.token
    if state == "expired":
        Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    elif state == "revoked":
        services.invitation_revoke(actor=owner, invitation=created.invitation)
    else:
        token = "not-a-token"
    with pytest.raises(services.GroupError) as error:
        services.invitation_accept(actor=UserFactory(), token=token)
    assert error.value.message == message
    assert Membership.objects.filter(group=group).count() == 1
