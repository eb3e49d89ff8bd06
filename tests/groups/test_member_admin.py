"""The members page for admins: role change, removal and ownership transfer (with
confirmation), pending invitations with revoke; and deleted groups with restore."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tenant_apps.groups import services
from tenant_apps.groups.models import Group, Invitation, Membership, Role
from tenants.db import tenant_connection
from tests.conftest import ALPHA_HOST, BaseOrganisations
from tests.factories import GroupFactory, MembershipFactory, UserFactory
from tests.groups.clients import browser, csrf_post


def _roles(group: Group) -> dict[str, str]:
    return dict(group.memberships.values_list("user__username", "role"))


def test_members_page_offers_admin_actions_per_member(in_alpha: object) -> None:
    owner = UserFactory(username="olga", display_name="Olga")
    group = services.group_create(actor=owner, name="G")
    anna = MembershipFactory(group=group, user=UserFactory(display_name="Anna")).user
    page = browser(owner).get(f"/groups/{group.slug}/members/")
    assert '<th scope="col">Actions</th>' in page.text
    assert f'<label for="role-{anna.pk}">Role of Anna</label>' in page.text
    assert f'<a href="/groups/g/members/{anna.pk}/remove/">Remove Anna</a>' in page.text
    assert f'<a href="/groups/g/members/{anna.pk}/transfer/">Make Anna the owner</a>' in page.text
    # the owner's own row has no role form, no remove and no transfer
    assert f'id="role-{owner.pk}"' not in page.text
    assert f"/members/{owner.pk}/remove/" not in page.text


def test_members_page_has_no_admin_actions_for_members(in_alpha: object) -> None:
    group = services.group_create(actor=UserFactory(), name="G")
    member = MembershipFactory(group=group).user
    page = browser(member).get(f"/groups/{group.slug}/members/")
    assert "Actions" not in page.text
    assert "/remove/" not in page.text
    assert "Pending invitations" not in page.text


def test_an_admin_changes_a_role_on_the_page(in_alpha: object) -> None:
    owner = UserFactory(username="olga")
    group = services.group_create(actor=owner, name="G")
    anna = MembershipFactory(group=group, user=UserFactory(username="anna")).user
    members = f"/groups/{group.slug}/members/"
    response = csrf_post(
        browser(owner), members, f"/groups/{group.slug}/members/{anna.pk}/role/", {"role": "admin"}
    )
    assert response["Location"] == members
    assert _roles(group) == {"olga": Role.OWNER, "anna": Role.ADMIN}


def test_an_invalid_role_is_a_message_and_changes_nothing(in_alpha: object) -> None:
    owner = UserFactory(username="olga")
    group = services.group_create(actor=owner, name="G")
    anna = MembershipFactory(group=group, user=UserFactory(username="anna")).user
    client = browser(owner)
    members = f"/groups/{group.slug}/members/"
    csrf_post(client, members, f"/groups/{group.slug}/members/{anna.pk}/role/", {"role": "owner"})
    assert "Select a valid choice. owner is not one of the available choices." in (
        client.get(members).text
    )
    assert _roles(group) == {"olga": Role.OWNER, "anna": Role.MEMBER}


def test_removal_asks_for_confirmation_first(in_alpha: object) -> None:
    # given a group with a member
    owner = UserFactory(username="olga")
    group = services.group_create(actor=owner, name="Wijk")
    bert = MembershipFactory(
        group=group, user=UserFactory(username="bert", display_name="Bert")
    ).user
    remove = f"/groups/{group.slug}/members/{bert.pk}/remove/"
    client = browser(owner)
    # when the admin follows the remove link
    confirm = client.get(remove)
    # then nothing happened yet: a page asks to confirm
    assert confirm.status_code == 200
    assert "<h1>Remove a member</h1>" in confirm.text
    assert "<p>Remove Bert from the group Wijk?</p>" in confirm.text
    assert '<button type="submit">Yes, remove Bert</button>' in confirm.text
    assert f'<a href="/groups/{group.slug}/members/">Cancel</a>' in confirm.text
    assert _roles(group) == {"olga": Role.OWNER, "bert": Role.MEMBER}
    # and confirming removes the member
    done = csrf_post(client, remove, remove)
    assert done["Location"] == f"/groups/{group.slug}/members/"
    assert _roles(group) == {"olga": Role.OWNER}
    assert Group.objects.get(pk=group.pk).member_count == 1
    assert "Bert has been removed from the group." in client.get(done["Location"]).text


def test_an_admin_cannot_remove_another_admin_and_sees_why(in_alpha: object) -> None:
    group = services.group_create(actor=UserFactory(username="olga"), name="G")
    admin = MembershipFactory(group=group, role=Role.ADMIN, user=UserFactory(username="ad")).user
    other = MembershipFactory(group=group, role=Role.ADMIN, user=UserFactory(username="ot")).user
    remove = f"/groups/{group.slug}/members/{other.pk}/remove/"
    response = csrf_post(browser(admin), remove, remove)
    assert response.status_code == 403
    assert "Only the group&#x27;s owner may do this." in response.text
    assert set(_roles(group)) == {"olga", "ad", "ot"}


@pytest.mark.parametrize("path", ["remove", "transfer"])
def test_a_member_gets_no_confirmation_page(in_alpha: object, path: str) -> None:
    group = services.group_create(actor=UserFactory(), name="G")
    member = MembershipFactory(group=group).user
    other = MembershipFactory(group=group).user
    response = browser(member).get(f"/groups/{group.slug}/members/{other.pk}/{path}/")
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["remove", "transfer", "role"])
def test_a_person_outside_the_group_is_not_found(in_alpha: object, path: str) -> None:
    # given someone who is a member of another group only
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G")
    elsewhere = MembershipFactory(group=GroupFactory()).user
    client = browser(owner)
    url = f"/groups/{group.slug}/members/{elsewhere.pk}/{path}/"
    # when the admin aims an action at them
    response = csrf_post(client, f"/groups/{group.slug}/members/", url, {"role": "admin"})
    # then it is the same 404 as for nobody at all
    missing = csrf_post(
        client, f"/groups/{group.slug}/members/", f"/groups/{group.slug}/members/999999/{path}/"
    )
    assert response.status_code == missing.status_code == 404
    assert response.content == missing.content


def test_ownership_transfer_with_confirmation(in_alpha: object) -> None:
    owner = UserFactory(username="olga")
    group = services.group_create(actor=owner, name="Wijk")
    anna = MembershipFactory(
        group=group, user=UserFactory(username="anna", display_name="Anna")
    ).user
    transfer = f"/groups/{group.slug}/members/{anna.pk}/transfer/"
    client = browser(owner)
    confirm = client.get(transfer)
    assert "<h1>Transfer ownership</h1>" in confirm.text
    assert "<p>Make Anna the owner of Wijk? You stay in the group as an admin.</p>" in confirm.text
    assert _roles(group) == {"olga": Role.OWNER, "anna": Role.MEMBER}
    done = csrf_post(client, transfer, transfer)
    assert done["Location"] == f"/groups/{group.slug}/members/"
    assert _roles(group) == {"olga": Role.ADMIN, "anna": Role.OWNER}


def test_a_group_admin_may_not_transfer_ownership(in_alpha: object) -> None:
    group = services.group_create(actor=UserFactory(username="olga"), name="G")
    admin = MembershipFactory(group=group, role=Role.ADMIN, user=UserFactory(username="ad")).user
    transfer = f"/groups/{group.slug}/members/{admin.pk}/transfer/"
    client = browser(admin)
    page = client.get(f"/groups/{group.slug}/members/")
    response = csrf_post(client, transfer, transfer)
    assert "the owner</a>" not in page.text
    assert response.status_code == 403
    assert _roles(group) == {"olga": Role.OWNER, "ad": Role.ADMIN}


def test_pending_invitations_are_listed_and_revoked_on_the_members_page(in_alpha: object) -> None:
    # given a pending, an expired, a used and a revoked invitation
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G")
    pending = services.invitation_create(actor=owner, group=group, email="wacht@example.org")
    expired = services.invitation_create(actor=owner, group=group, email="oud@example.org")
    Invitation.objects.filter(pk=expired.invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    used = services.invitation_create(actor=owner, group=group, email="klaar@example.org")
    services.invitation_accept(actor=UserFactory(), token=used.token)
    revoked = services.invitation_create(actor=owner, group=group, email="weg@example.org")
    services.invitation_revoke(actor=owner, invitation=revoked.invitation)
    members = f"/groups/{group.slug}/members/"
    client = browser(owner)
    # when the admin opens the members page, then only the pending one is listed
    page = client.get(members)
    assert "<td>wacht@example.org</td>" in page.text
    for email in ("oud@example.org", "klaar@example.org", "weg@example.org"):
        assert email not in page.text
    # and revoking it makes its link useless
    revoke = f"/groups/{group.slug}/invitations/{pending.invitation.pk}/revoke/"
    assert f'action="{revoke}"' in page.text
    done = csrf_post(client, members, revoke)
    after = client.get(members)
    assert done["Location"] == members
    assert "The invitation to wacht@example.org has been revoked." in after.text
    assert "No invitations are pending." in after.text
    with pytest.raises(services.GroupError):
        services.invitation_accept(actor=UserFactory(), token=pending.token)


def test_a_member_cannot_revoke_an_invitation(in_alpha: object) -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G")
    member = MembershipFactory(group=group).user
    created = services.invitation_create(actor=owner, group=group, email="a@example.org")
    revoke = f"/groups/{group.slug}/invitations/{created.invitation.pk}/revoke/"
    response = csrf_post(browser(member), f"/groups/{group.slug}/", revoke)
    assert response.status_code == 403
    assert Invitation.objects.get(pk=created.invitation.pk).revoked_at is None


def test_an_invitation_of_another_group_is_not_found(in_alpha: object) -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G")
    other = services.group_create(actor=owner, name="H")
    created = services.invitation_create(actor=owner, group=other, email="a@example.org")
    revoke = f"/groups/{group.slug}/invitations/{created.invitation.pk}/revoke/"
    response = csrf_post(browser(owner), f"/groups/{group.slug}/members/", revoke)
    assert response.status_code == 404
    assert Invitation.objects.get(pk=created.invitation.pk).revoked_at is None


def test_site_admin_lists_and_restores_deleted_groups(in_alpha: object) -> None:
    # given a deleted group and a live one
    owner = UserFactory()
    gone = services.group_create(actor=owner, name="Weg")
    services.group_create(actor=owner, name="Er nog")
    services.group_delete(actor=owner, group=gone)
    site_admin = browser(UserFactory(is_staff=True))
    # when a site admin opens the list of deleted groups
    listing = site_admin.get("/groups/deleted/")
    groups = site_admin.get("/groups/")
    # then only the deleted group is there, with a restore button
    assert listing.status_code == 200
    assert "<td>Weg</td>" in listing.text
    assert "Er nog" not in listing.text
    assert '<button type="submit">Restore Weg</button>' in listing.text
    assert '<a href="/groups/deleted/">Deleted groups</a>' in groups.text
    # and restoring brings it back
    restored = csrf_post(site_admin, "/groups/deleted/", f"/groups/{gone.slug}/restore/")
    assert restored["Location"] == f"/groups/{gone.slug}/"
    assert Group.objects.get(pk=gone.pk).deleted_at is None
    assert "There are no deleted groups." in site_admin.get("/groups/deleted/").text


def test_only_site_admins_see_deleted_groups(in_alpha: object) -> None:
    owner = UserFactory()
    gone = services.group_create(actor=owner, name="Weg")
    services.group_delete(actor=owner, group=gone)
    client = browser(owner)
    listing = client.get("/groups/deleted/")
    restore = csrf_post(client, "/groups/", f"/groups/{gone.slug}/restore/")
    anonymous = Client(HTTP_HOST=ALPHA_HOST).get("/groups/deleted/")
    assert listing.status_code == 403
    assert "Deleted groups" not in client.get("/groups/").text
    assert restore.status_code == 404
    assert anonymous["Location"] == "/login/?next=/groups/deleted/"
    assert Group.objects.get(pk=gone.pk).deleted_at is not None


def test_deleted_groups_of_another_organisation_stay_out_of_sight(orgs: BaseOrganisations) -> None:
    tenant_connection().set_tenant(orgs.beta)
    owner = UserFactory()
    beta_group = services.group_create(actor=owner, name="Beta weg")
    services.group_delete(actor=owner, group=beta_group)
    tenant_connection().set_tenant(orgs.alpha)
    client = browser(UserFactory(is_staff=True))
    tenant_connection().set_schema_to_public()
    listing = client.get("/groups/deleted/")
    restore = csrf_post(client, "/groups/deleted/", f"/groups/{beta_group.slug}/restore/")
    assert "Beta weg" not in listing.text
    assert restore.status_code == 404
    tenant_connection().set_tenant(orgs.beta)
    assert Group.objects.get(pk=beta_group.pk).deleted_at is not None
    assert Membership.objects.filter(group=beta_group).count() == 1


def test_members_page_for_admins_has_no_n_plus_one(in_alpha: object) -> None:
    # given an owner's members page with 2 members, then with 12, and some invitations
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G")
    services.invitation_create(actor=owner, group=group, email="a@example.org")
    client = browser(owner)
    page = f"/groups/{group.slug}/members/"
    MembershipFactory(group=group)
    client.get(page)  # warm the host map and the session
    with CaptureQueriesContext(connection) as few:
        client.get(page)
    for _n in range(10):
        MembershipFactory(group=group)
    services.invitation_create(actor=owner, group=group, email="b@example.org")
    # when it is shown again, then it takes exactly as many queries
    with CaptureQueriesContext(connection) as many:
        response = client.get(page)
    assert response.text.count("Change role</button>") == 11
    assert len(many.captured_queries) == len(few.captured_queries)
