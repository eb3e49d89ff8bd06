"""The permission matrix of groups, through the API and the HTML pages.

Viewers: anonymous / logged-in non-member / pending / member / group admin / site admin.
Groups: public / closed / secret. Actions: read (the group), read content (its members),
write (the viewer's write right as the API reports it), admin (change the group; invite).
"""

from __future__ import annotations

import pytest
from django.test import Client

from tenant_apps.groups.models import JoinPolicy, Role
from tenants.db import tenant_connection
from tests.conftest import ALPHA_HOST, BaseOrganisations
from tests.factories import GroupFactory, JoinRequestFactory, MembershipFactory, UserFactory

VIEWERS = ["anonymous", "outsider", "pending", "member", "group_admin", "site_admin"]
VISIBILITIES = ["public", "closed", "secret"]

# (viewer, visibility) → (read, read content, write, admin via API, admin via page)
# read / read content: HTTP status; write: the viewer's can_write_content, or 404;
# admin page: status of POST invite (302 to the login page for anonymous visitors).
# Read content is the member list: personal data, so never for anonymous visitors (the
# API answers 401 whatever the slug; the page says "log in", or 404 for a secret group).
MATRIX: dict[tuple[str, str], tuple[int, int, bool | int, int, int]] = {
    ("anonymous", "public"): (200, 401, False, 401, 302),
    ("anonymous", "closed"): (200, 401, False, 401, 302),
    ("anonymous", "secret"): (404, 401, 404, 401, 302),
    ("outsider", "public"): (200, 200, False, 403, 403),
    ("outsider", "closed"): (200, 403, False, 403, 403),
    ("outsider", "secret"): (404, 404, 404, 404, 404),
    ("pending", "public"): (200, 200, False, 403, 403),
    ("pending", "closed"): (200, 403, False, 403, 403),
    ("pending", "secret"): (404, 404, 404, 404, 404),
    ("member", "public"): (200, 200, True, 403, 403),
    ("member", "closed"): (200, 200, True, 403, 403),
    ("member", "secret"): (200, 200, True, 403, 403),
    ("group_admin", "public"): (200, 200, True, 200, 302),
    ("group_admin", "closed"): (200, 200, True, 200, 302),
    ("group_admin", "secret"): (200, 200, True, 200, 302),
    ("site_admin", "public"): (200, 200, True, 200, 302),
    ("site_admin", "closed"): (200, 200, True, 200, 302),
    ("site_admin", "secret"): (200, 200, True, 200, 302),
}


def _client_for(orgs: BaseOrganisations, viewer: str, visibility: str) -> tuple[Client, str]:
    """A client logged in as the given kind of viewer, and the group's slug."""
    tenant_connection().set_tenant(orgs.alpha)
    group = GroupFactory(visibility=visibility, join_policy=JoinPolicy.REQUEST)
    MembershipFactory(group=group, role=Role.OWNER)
    client = Client(HTTP_HOST=ALPHA_HOST, HTTP_ACCEPT_LANGUAGE="en")
    user = None
    if viewer == "outsider":
        user = UserFactory()
    elif viewer == "pending":
        user = JoinRequestFactory(group=group).user
    elif viewer == "member":
        user = MembershipFactory(group=group).user
    elif viewer == "group_admin":
        user = MembershipFactory(group=group, role=Role.ADMIN).user
    elif viewer == "site_admin":
        user = UserFactory(is_staff=True)
    if user is not None:
        client.force_login(user)
    tenant_connection().set_schema_to_public()
    return client, group.slug


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_api_matrix(orgs: BaseOrganisations, viewer: str, visibility: str) -> None:
    # given a request-only group of this visibility and a viewer of this kind
    client, slug = _client_for(orgs, viewer, visibility)
    read, content, write, admin, _page_admin = MATRIX[(viewer, visibility)]
    # when they read it, its members, and try to rename it
    detail = client.get(f"/api/v1/groups/{slug}/")
    members = client.get(f"/api/v1/groups/{slug}/members/")
    patch = client.patch(
        f"/api/v1/groups/{slug}/", {"name": "Renamed"}, content_type="application/json"
    )
    # then every answer is the one of the matrix
    assert detail.status_code == read
    assert members.status_code == content
    if write == 404:
        assert detail.status_code == 404
    else:
        assert detail.json()["viewer"]["can_write_content"] is write
    assert patch.status_code == admin


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_page_matrix(orgs: BaseOrganisations, viewer: str, visibility: str) -> None:
    client, slug = _client_for(orgs, viewer, visibility)
    read, content, _write, _admin, page_admin = MATRIX[(viewer, visibility)]
    page = client.get(f"/groups/{slug}/")
    members = client.get(f"/groups/{slug}/members/")
    invite = client.post(f"/groups/{slug}/invite/", {"email": "x@example.org", "role": "member"})
    assert page.status_code == read
    if viewer == "anonymous":
        # the page asks a visitor of a group they may see to log in; a secret one is missing
        assert members.status_code == (404 if visibility == "secret" else 403)
        if visibility != "secret":
            assert f'href="/login/?next=/groups/{slug}/members/"' in members.text
    else:
        assert members.status_code == content
    assert invite.status_code == page_admin
    if page_admin == 302:
        expected = (
            f"/login/?next=/groups/{slug}/invite/"
            if viewer == "anonymous"
            else f"/groups/{slug}/members/"
        )
        assert invite["Location"] == expected


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_members_csv_matrix(orgs: BaseOrganisations, viewer: str, visibility: str) -> None:
    # given a viewer of this kind; when they ask for the CSV of the member list
    client, slug = _client_for(orgs, viewer, visibility)
    response = client.get(f"/api/v1/groups/{slug}/members.csv")
    # then only the group's admins get it; anonymous visitors must log in first
    expected = {
        "anonymous": 401,
        "group_admin": 200,
        "site_admin": 200,
    }.get(viewer, 404 if visibility == "secret" and viewer != "member" else 403)
    assert response.status_code == expected
