"""Permission matrix of folders and files (and downloads, the files page)."""

from __future__ import annotations

import pytest
from django.test import Client

from tenant_apps.groups.access import GroupAccess
from tests.conftest import BaseOrganisations
from tests.discussions.matrix import EXPECTED, EXPECTED_PAGES, ContentKind, matrix_row, page_row
from tests.files.samples import PDF, upload


def _owner(access: GroupAccess):  # type: ignore[no-untyped-def]
    from tenant_apps.groups.models import Membership, Role

    return Membership.objects.get(group=access.group, role=Role.OWNER).user


def _folder(access: GroupAccess) -> tuple[int, str]:
    from tenant_apps.files import services

    folder = services.folder_create(access=access, actor=_owner(access), name="Notulen")
    return folder.pk, f"/api/v1/groups/{access.group.slug}/folders/"


def _file(access: GroupAccess) -> tuple[int, str]:
    from tenant_apps.files import services

    stored = services.file_upload(access=access, actor=_owner(access), upload=upload("a.pdf", PDF))
    return stored.pk, f"/api/v1/groups/{access.group.slug}/files/"


def _create_folder(client: Client, url: str) -> object:
    return client.post(url, {"name": "Nieuw"}, content_type="application/json")


def _create_file(client: Client, url: str) -> object:
    return client.post(url, {"file": upload("b.pdf", PDF)})


KINDS = {
    "folder": ContentKind("folder", _folder, _create_folder, {"name": "Anders"}),  # type: ignore[arg-type]
    "file": ContentKind("file", _file, _create_file, {"name": "anders.pdf"}),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("action", ["read", "write", "admin", "restore"])
@pytest.mark.parametrize("visibility", ["public", "closed", "secret"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_api_permission_matrix(
    orgs: BaseOrganisations, kind: str, visibility: str, action: str
) -> None:
    # given a group of that visibility, someone in every role and an item by the owner
    # when each of them reads, creates, changes or restores
    statuses = matrix_row(orgs=orgs, kind=KINDS[kind], visibility=visibility, action=action)
    # then each gets exactly what the access rules say
    assert statuses == EXPECTED[action][visibility]


@pytest.mark.parametrize("visibility", ["public", "closed", "secret"])
def test_downloads_follow_read(orgs: BaseOrganisations, visibility: str) -> None:
    from tests.discussions.helpers import cast_make, client_for, in_schema
    from tests.discussions.matrix import owner_access

    with in_schema(orgs.alpha):
        cast = cast_make(visibility=visibility)
        pk, url = _file(owner_access(cast))
        clients = {role: client_for(person) for role, person in cast.people.items()}
    statuses = {role: c.get(f"{url}{pk}/download").status_code for role, c in clients.items()}
    assert statuses == EXPECTED["read"][visibility]


@pytest.mark.parametrize("action", ["read", "write"])
@pytest.mark.parametrize("visibility", ["public", "closed", "secret"])
def test_page_permission_matrix(orgs: BaseOrganisations, visibility: str, action: str) -> None:
    statuses = page_row(
        orgs=orgs,
        visibility=visibility,
        action=action,
        prepare=lambda access: f"/groups/{access.group.slug}/files/",
        post_data=lambda: {"action": "upload", "file": upload("c.pdf", PDF)},
    )
    assert statuses == EXPECTED_PAGES[action][visibility]
