"""Permission matrix of discussions, replies and news posts, through the API and pages."""

from __future__ import annotations

import pytest
from django.test import Client

from tenant_apps.discussions import services
from tenant_apps.groups.access import GroupAccess
from tests.conftest import BaseOrganisations
from tests.discussions.matrix import (
    EXPECTED,
    EXPECTED_PAGES,
    ContentKind,
    matrix_row,
    page_row,
)


def _discussion(access: GroupAccess) -> tuple[int, str]:
    assert access.role is not None
    item = services.discussion_create(
        access=access, actor=_owner(access), title="Paden", body="<p>Grind of klinkers?</p>"
    )
    return item.pk, f"/api/v1/groups/{access.group.slug}/discussions/"


def _reply(access: GroupAccess) -> tuple[int, str]:
    owner = _owner(access)
    discussion = services.discussion_create(
        access=access, actor=owner, title="Bomen", body="<p>Welke soort?</p>"
    )
    reply = services.reply_create(
        access=access, actor=owner, discussion=discussion, body="<p>Eiken</p>"
    )
    return reply.pk, f"/api/v1/groups/{access.group.slug}/discussions/{discussion.pk}/replies/"


def _news(access: GroupAccess) -> tuple[int, str]:
    item = services.news_post_create(
        access=access, actor=_owner(access), title="Open dag", body="<p>Zaterdag</p>"
    )
    return item.pk, f"/api/v1/groups/{access.group.slug}/news/"


def _owner(access: GroupAccess):  # type: ignore[no-untyped-def]
    from tenant_apps.groups.models import Membership, Role

    return Membership.objects.get(group=access.group, role=Role.OWNER).user


def _post_titled(client: Client, url: str) -> object:
    return client.post(
        url, {"title": "Nieuw", "body": "<p>Tekst</p>"}, content_type="application/json"
    )


def _post_reply(client: Client, url: str) -> object:
    return client.post(url, {"body": "<p>Eens</p>"}, content_type="application/json")


KINDS = {
    "discussion": ContentKind("discussion", _discussion, _post_titled, {"title": "Anders"}),  # type: ignore[arg-type]
    "reply": ContentKind("reply", _reply, _post_reply, {"body": "<p>Anders</p>"}),  # type: ignore[arg-type]
    "news": ContentKind("news", _news, _post_titled, {"title": "Anders"}),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("action", ["read", "write", "admin", "restore"])
@pytest.mark.parametrize("visibility", ["public", "closed", "secret"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_api_permission_matrix(
    orgs: BaseOrganisations, kind: str, visibility: str, action: str
) -> None:
    # given a group of that visibility with one person in every role and an item by its owner
    # when each of them reads, writes, changes or restores
    statuses = matrix_row(orgs=orgs, kind=KINDS[kind], visibility=visibility, action=action)
    # then each gets exactly what the access rules say
    assert statuses == EXPECTED[action][visibility]


def _discussion_list_page(access: GroupAccess) -> str:
    _discussion(access)
    return f"/groups/{access.group.slug}/discussions/"


def _discussion_page(access: GroupAccess) -> str:
    pk, _url = _discussion(access)
    return f"/groups/{access.group.slug}/discussions/{pk}/"


@pytest.mark.parametrize("action", ["read", "write"])
@pytest.mark.parametrize("visibility", ["public", "closed", "secret"])
@pytest.mark.parametrize(
    ("page", "form"),
    [
        (_discussion_list_page, lambda: {"title": "Nieuw", "body": "<p>Tekst</p>"}),
        (_discussion_page, lambda: {"body": "<p>Eens</p>"}),
    ],
    ids=["discussion-list", "discussion"],
)
def test_page_permission_matrix(
    orgs: BaseOrganisations, page: object, form: object, visibility: str, action: str
) -> None:
    # given a discussion page of a group of that visibility
    # when each role opens it or sends its form
    statuses = page_row(
        orgs=orgs,
        visibility=visibility,
        action=action,
        prepare=page,  # type: ignore[arg-type]
        post_data=form,  # type: ignore[arg-type]
    )
    # then each gets exactly what the access rules say
    assert statuses == EXPECTED_PAGES[action][visibility]
