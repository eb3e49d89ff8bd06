"""The permission matrix of group content, shared by the discussion, event and file tests.

Every content type is tried by anonymous / non-member / pending / member / group admin /
site admin, in a public / closed / secret group, for read (list and detail), write
(create), admin (change another's item) and restore (a deleted item). The expected status
tables below are the rules of tenant_apps.groups.access applied to content:

- a secret group is a 404 for everyone outside it (exactly like a missing group);
- a closed group's content is a 403 for outsiders (the group itself is listed);
- writing needs a login (401) and membership (403);
- changing another's item needs group admin or site admin (403), restoring too, and a
  deleted item does not exist (404) for anyone who may not restore it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.test import Client

from tenant_apps.groups.access import GroupAccess
from tests.conftest import BaseOrganisations
from tests.discussions.helpers import ROLES, Cast, cast_make, client_for, in_schema

OUTSIDERS = ("anonymous", "nonmember", "pending")
INSIDERS = ("member", "group_admin", "site_admin")


def _table(**statuses: int) -> dict[str, int]:
    assert set(statuses) == set(ROLES)
    return statuses


EXPECTED: dict[str, dict[str, dict[str, int]]] = {
    "read": {
        "public": _table(
            anonymous=200, nonmember=200, pending=200, member=200, group_admin=200, site_admin=200
        ),
        "closed": _table(
            anonymous=403, nonmember=403, pending=403, member=200, group_admin=200, site_admin=200
        ),
        "secret": _table(
            anonymous=404, nonmember=404, pending=404, member=200, group_admin=200, site_admin=200
        ),
    },
    "write": {
        "public": _table(
            anonymous=401, nonmember=403, pending=403, member=201, group_admin=201, site_admin=201
        ),
        "closed": _table(
            anonymous=401, nonmember=403, pending=403, member=201, group_admin=201, site_admin=201
        ),
        "secret": _table(
            anonymous=404, nonmember=404, pending=404, member=201, group_admin=201, site_admin=201
        ),
    },
    "admin": {
        "public": _table(
            anonymous=401, nonmember=403, pending=403, member=403, group_admin=200, site_admin=200
        ),
        "closed": _table(
            anonymous=403, nonmember=403, pending=403, member=403, group_admin=200, site_admin=200
        ),
        "secret": _table(
            anonymous=404, nonmember=404, pending=404, member=403, group_admin=200, site_admin=200
        ),
    },
    "restore": {
        "public": _table(
            anonymous=404, nonmember=404, pending=404, member=404, group_admin=200, site_admin=200
        ),
        "closed": _table(
            anonymous=403, nonmember=403, pending=403, member=404, group_admin=200, site_admin=200
        ),
        "secret": _table(
            anonymous=404, nonmember=404, pending=404, member=404, group_admin=200, site_admin=200
        ),
    },
}

# HTML pages: Django's 403/404, and a redirect after a successful form.
EXPECTED_PAGES: dict[str, dict[str, dict[str, int]]] = {
    "read": EXPECTED["read"],
    "write": {
        "public": _table(
            anonymous=403, nonmember=403, pending=403, member=302, group_admin=302, site_admin=302
        ),
        "closed": _table(
            anonymous=403, nonmember=403, pending=403, member=302, group_admin=302, site_admin=302
        ),
        "secret": _table(
            anonymous=404, nonmember=404, pending=404, member=302, group_admin=302, site_admin=302
        ),
    },
}


@dataclass(frozen=True)
class ContentKind:
    """How to make, list, create and change one content type in the matrix."""

    name: str
    # Makes an item by the owner (inside alpha's schema); returns its id and the base URL
    # of its collection, e.g. /api/v1/groups/tuinen/discussions/.
    make: Callable[[GroupAccess], tuple[int, str]]
    create: Callable[[Client, str], HttpResponse]  # (client, collection URL)
    change: dict[str, Any]  # a PATCH body


def owner_access(cast: Cast) -> GroupAccess:
    from tenant_apps.groups.access import group_access

    return group_access(viewer=cast.owner, slug=cast.group.slug)


def matrix_row(
    *, orgs: BaseOrganisations, kind: ContentKind, visibility: str, action: str
) -> dict[str, int]:
    """The status each role gets for one (content type, visibility, action)."""
    with in_schema(orgs.alpha):
        cast = cast_make(visibility=visibility)
        access = owner_access(cast)
        clients = {role: client_for(person) for role, person in cast.people.items()}
        items = {role: kind.make(access) for role in ROLES}
        if action == "restore":
            from tenant_apps.discussions.group_content import content_soft_delete

            for pk, _collection in items.values():
                model = _model_of(kind.name)
                content_soft_delete(
                    access=access, viewer=cast.owner, content=model.objects.get(pk=pk)
                )
    statuses: dict[str, int] = {}
    for role in ROLES:
        client = clients[role]
        pk, collection = items[role]
        if action == "read":
            listing = client.get(collection)
            detail = client.get(f"{collection}{pk}/")
            assert listing.status_code == detail.status_code, (role, listing, detail)
            response = listing
        elif action == "write":
            response = kind.create(client, collection)
        elif action == "admin":
            response = client.patch(
                f"{collection}{pk}/", kind.change, content_type="application/json"
            )
        else:
            response = client.post(f"{collection}{pk}/restore/")
        statuses[role] = response.status_code
    return statuses


def _model_of(name: str) -> Any:
    from tenant_apps.discussions.models import Discussion, NewsPost, Reply
    from tenant_apps.events.models import Event
    from tenant_apps.files.models import Folder, StoredFile

    return {
        "discussion": Discussion,
        "reply": Reply,
        "news": NewsPost,
        "event": Event,
        "folder": Folder,
        "file": StoredFile,
    }[name]


def page_row(
    *,
    orgs: BaseOrganisations,
    visibility: str,
    action: str,
    prepare: Callable[[GroupAccess], str],
    post_data: Callable[[], dict[str, Any]] | None = None,
) -> dict[str, int]:
    """The status each role gets on one HTML page: GET for read, POST the form for write."""
    with in_schema(orgs.alpha):
        cast = cast_make(visibility=visibility)
        url = prepare(owner_access(cast))
        clients = {role: client_for(person) for role, person in cast.people.items()}
    statuses: dict[str, int] = {}
    for role in ROLES:
        if action == "read":
            statuses[role] = clients[role].get(url).status_code
        else:
            assert post_data is not None
            statuses[role] = clients[role].post(url, post_data()).status_code
    return statuses
