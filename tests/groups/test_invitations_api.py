"""Pending invitations through the API: list for admins, revoke by id."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tenant_apps.groups import services
from tenant_apps.groups.models import Invitation
from tenants.db import tenant_connection
from tests.conftest import ALPHA_HOST, BaseOrganisations
from tests.factories import MembershipFactory, UserFactory
from tests.groups.clients import api


def test_admins_list_only_invitations_that_can_still_be_accepted(in_alpha: object) -> None:
    # given a pending, an expired, a used and a revoked invitation
    owner = UserFactory(username="olga", display_name="Olga")
    group = services.group_create(actor=owner, name="G")
    first = services.invitation_create(actor=owner, group=group, email="a@example.org")
    second = services.invitation_create(
        actor=owner, group=group, email="b@example.org", role="admin"
    )
    expired = services.invitation_create(actor=owner, group=group, email="c@example.org")
    Invitation.objects.filter(pk=expired.invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    used = services.invitation_create(actor=owner, group=group, email="d@example.org")
    services.invitation_accept(actor=UserFactory(), token=used.token)
    revoked = services.invitation_create(actor=owner, group=group, email="e@example.org")
    services.invitation_revoke(actor=owner, invitation=revoked.invitation)
    # when an admin lists them
    response = api(owner).get(f"/api/v1/groups/{group.slug}/invitations/")
    # then only the two pending ones, newest first, without any token
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 2
    assert [(i["id"], i["email"], i["role"]) for i in body["results"]] == [
        (second.invitation.pk, "b@example.org", "admin"),
        (first.invitation.pk, "a@example.org", "member"),
    ]
    assert body["results"][0]["invited_by"] == {"id": owner.pk, "name": "Olga", "username": "olga"}
    assert set(body["results"][0]) == {
        "id",
        "email",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
    }


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("member", 403)])
def test_invitations_are_for_admins_only(in_alpha: object, who: str, status: int) -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G")
    created = services.invitation_create(actor=owner, group=group, email="a@example.org")
    user = MembershipFactory(group=group).user if who == "member" else None
    client = api(user)
    listed = client.get(f"/api/v1/groups/{group.slug}/invitations/")
    revoked = client.delete(f"/api/v1/groups/{group.slug}/invitations/{created.invitation.pk}/")
    assert (listed.status_code, revoked.status_code) == (status, status)
    assert Invitation.objects.get(pk=created.invitation.pk).revoked_at is None


def test_revoke_stops_the_link_and_is_idempotent(in_alpha: object) -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G")
    created = services.invitation_create(actor=owner, group=group, email="a@example.org")
    client = api(owner)
    url = f"/api/v1/groups/{group.slug}/invitations/{created.invitation.pk}/"
    first = client.delete(url)
    second = client.delete(url)
    accept = api(UserFactory()).post(
        "/api/v1/invitations/accept/", {"token": created.token}, content_type="application/json"
    )
    assert (first.status_code, second.status_code) == (204, 204)
    assert accept.status_code == 400
    assert accept.json() == {"token": ["This invitation has been withdrawn."]}
    assert client.get(f"/api/v1/groups/{group.slug}/invitations/").json()["count"] == 0


def test_a_used_invitation_cannot_be_revoked(in_alpha: object) -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G")
    created = services.invitation_create(actor=owner, group=group, email="a@example.org")
    services.invitation_accept(actor=UserFactory(), token=created.token)
    response = api(owner).delete(
        f"/api/v1/groups/{group.slug}/invitations/{created.invitation.pk}/"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": ["This invitation has already been used."]}


def test_an_invitation_of_another_group_answers_like_a_missing_one(in_alpha: object) -> None:
    owner = UserFactory()
    group = services.group_create(actor=owner, name="G")
    other = services.group_create(actor=owner, name="H")
    created = services.invitation_create(actor=owner, group=other, email="a@example.org")
    client = api(owner)
    foreign = client.delete(f"/api/v1/groups/{group.slug}/invitations/{created.invitation.pk}/")
    missing = client.delete(f"/api/v1/groups/{group.slug}/invitations/999999/")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content
    assert Invitation.objects.get(pk=created.invitation.pk).revoked_at is None


@pytest.mark.parametrize("method", ["get", "delete"])
def test_invitations_of_another_organisation_answer_like_missing_ones(
    orgs: BaseOrganisations, method: str
) -> None:
    # given an invitation in beta, and a site admin of alpha
    tenant_connection().set_tenant(orgs.beta)
    owner = UserFactory()
    beta_group = services.group_create(actor=owner, name="Beta groep")
    created = services.invitation_create(actor=owner, group=beta_group, email="a@example.org")
    tenant_connection().set_tenant(orgs.alpha)
    alpha_group = services.group_create(actor=UserFactory(), name="Alpha groep")
    client = Client(HTTP_HOST=ALPHA_HOST)
    client.force_login(UserFactory(is_staff=True))
    tenant_connection().set_schema_to_public()
    # when beta's slug and invitation id are used through alpha's host
    pk = created.invitation.pk if method == "delete" else ""
    suffix = f"{pk}/" if pk else ""
    foreign_slug = getattr(client, method)(f"/api/v1/groups/{beta_group.slug}/invitations/{suffix}")
    missing_slug = getattr(client, method)(f"/api/v1/groups/no-such-group/invitations/{suffix}")
    # then they answer like things that do not exist
    assert foreign_slug.status_code == missing_slug.status_code == 404
    assert foreign_slug.content == missing_slug.content
    if method == "delete":
        foreign_id = client.delete(f"/api/v1/groups/{alpha_group.slug}/invitations/{pk}/")
        assert foreign_id.status_code == 404
        assert foreign_id.content == missing_slug.content
    tenant_connection().set_tenant(orgs.beta)
    assert Invitation.objects.get(pk=created.invitation.pk).revoked_at is None
