"""Discussion, reply and news services: sanitising, editing, soft deletion, counts."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tenant_apps.activity.models import Activity
from tenant_apps.discussions import selectors, services
from tenant_apps.discussions.group_content import (
    ContentNotFound,
    content_restore,
    content_soft_delete,
)
from tenant_apps.discussions.models import Discussion
from tests.discussions.helpers import Cast


def test_create_cleans_the_body_and_keeps_the_title_as_typed(public_cast: Cast) -> None:
    # given a member
    access = public_cast.access("member")
    member = public_cast.people["member"]
    assert member is not None
    # when they start a discussion with markup in the title and a script in the body
    discussion = services.discussion_create(
        access=access,
        actor=member,
        title="  <b>Paden</b> & bomen ",
        body='<p onclick="x()">Hallo <script>alert(1)</script><strong>wereld</strong></p>',
    )
    # then the title is stored as typed (escaped on output) and the body is cleaned
    assert discussion.title == "<b>Paden</b> & bomen"
    assert discussion.body == "<p>Hallo <strong>wereld</strong></p>"
    assert discussion.author == member
    # and the group's activity stream knows
    activity = Activity.objects.get(target_type="discussion", target_id=discussion.pk)
    assert (activity.verb, activity.actor, activity.summary) == (
        "discussion.created",
        member,
        "<b>Paden</b> & bomen",
    )


def test_a_body_that_is_only_unsafe_markup_is_refused(public_cast: Cast) -> None:
    member = public_cast.people["member"]
    assert member is not None
    with pytest.raises(ValidationError) as refused:
        services.discussion_create(
            access=public_cast.access("member"),
            actor=member,
            title="Leeg",
            body="<script>alert(1)</script>",
        )
    assert refused.value.message_dict == {"body": ["Write some text (unsafe markup is removed)."]}
    assert Discussion.objects.count() == 0


def test_an_outsider_cannot_create(public_cast: Cast) -> None:
    outsider = public_cast.people["nonmember"]
    assert outsider is not None
    with pytest.raises(PermissionDenied):
        services.discussion_create(
            access=public_cast.access("nonmember"), actor=outsider, title="x", body="<p>y</p>"
        )


def test_an_edit_keeps_the_last_editor_and_time(public_cast: Cast) -> None:
    # given a discussion by a member
    member, admin = public_cast.people["member"], public_cast.people["group_admin"]
    assert member is not None and admin is not None
    discussion = services.discussion_create(
        access=public_cast.access("member"), actor=member, title="Oud", body="<p>a</p>"
    )
    # when a group admin edits it
    services.discussion_update(actor=admin, discussion=discussion, title="Nieuw")
    # then the author stays and the editor and time are kept
    discussion.refresh_from_db()
    assert (discussion.title, discussion.author, discussion.last_edited_by) == (
        "Nieuw",
        member,
        admin,
    )
    assert discussion.last_edited_at is not None


def test_soft_delete_hides_from_members_and_admins_restore(public_cast: Cast) -> None:
    # given a discussion by a member
    member = public_cast.people["member"]
    assert member is not None
    member_access = public_cast.access("member")
    discussion = services.discussion_create(
        access=member_access, actor=member, title="Weg", body="<p>a</p>"
    )
    # when its author deletes it
    content_soft_delete(access=member_access, viewer=member, content=discussion)
    # then it is gone from the list and missing for the member, but an admin still finds it
    assert list(selectors.discussion_list(access=member_access)) == []
    with pytest.raises(ContentNotFound):
        selectors.discussion_get(access=member_access, pk=discussion.pk)
    admin_access = public_cast.access("group_admin")
    found = selectors.discussion_get(access=admin_access, pk=discussion.pk)
    assert found.deleted_by == member
    # and a member cannot restore it, an admin can
    with pytest.raises(PermissionDenied):
        content_restore(access=member_access, viewer=member, content=found)
    content_restore(access=admin_access, viewer=public_cast.people["group_admin"], content=found)  # type: ignore[arg-type]
    assert [d.pk for d in selectors.discussion_list(access=member_access)] == [discussion.pk]


def test_reply_counts_follow_deletes_and_restores(public_cast: Cast) -> None:
    # given a discussion with two replies
    member, admin = public_cast.people["member"], public_cast.people["group_admin"]
    assert member is not None and admin is not None
    access = public_cast.access("member")
    discussion = services.discussion_create(
        access=access, actor=member, title="Vraag", body="<p>?</p>"
    )
    first = services.reply_create(access=access, actor=member, discussion=discussion, body="a")
    second = services.reply_create(access=access, actor=admin, discussion=discussion, body="b")
    discussion.refresh_from_db()
    assert (discussion.reply_count, discussion.last_reply_at) == (2, second.created_at)
    # when the last reply is deleted
    services.reply_delete(access=access, viewer=admin, reply=second)
    discussion.refresh_from_db()
    # then the count and the last reply time follow
    assert (discussion.reply_count, discussion.last_reply_at) == (1, first.created_at)
    # and a restore brings them back
    services.reply_restore(access=public_cast.access("group_admin"), viewer=admin, reply=second)
    discussion.refresh_from_db()
    assert (discussion.reply_count, discussion.last_reply_at) == (2, second.created_at)


def test_no_reply_to_a_deleted_discussion(public_cast: Cast) -> None:
    admin = public_cast.people["group_admin"]
    assert admin is not None
    access = public_cast.access("group_admin")
    discussion = services.discussion_create(access=access, actor=admin, title="x", body="y")
    content_soft_delete(access=access, viewer=admin, content=discussion)
    with pytest.raises(ValidationError) as refused:
        services.reply_create(access=access, actor=admin, discussion=discussion, body="z")
    assert refused.value.messages == ["This discussion was deleted; restore it before replying."]


def test_a_member_cannot_delete_anothers_discussion(public_cast: Cast) -> None:
    owner, member = public_cast.owner, public_cast.people["member"]
    discussion = services.discussion_create(
        access=public_cast.access("group_admin"), actor=owner, title="x", body="y"
    )
    with pytest.raises(PermissionDenied):
        content_soft_delete(access=public_cast.access("member"), viewer=member, content=discussion)  # type: ignore[arg-type]
    discussion.refresh_from_db()
    assert discussion.deleted_at is None


def test_news_posts_are_sanitised_and_edited_like_discussions(public_cast: Cast) -> None:
    member = public_cast.people["member"]
    assert member is not None
    post = services.news_post_create(
        access=public_cast.access("member"),
        actor=member,
        title="Open dag",
        body='<p>Kom <a href="javascript:alert(1)">hier</a></p>',
    )
    assert post.body == '<p>Kom <a rel="noopener noreferrer nofollow">hier</a></p>'
    services.news_post_update(actor=member, post=post, body="<p>Zaterdag</p>")
    post.refresh_from_db()
    assert (post.body, post.last_edited_by) == ("<p>Zaterdag</p>", member)
