"""Writing discussions, replies and news posts.

Rich text passes through nh3 (rich_text_clean) on the way in; titles are plain text, stored
as typed and escaped on output. Permission checks happen before these are called (see
group_content); the services check what only they can know (an empty text after cleaning,
replying to a deleted discussion).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from tenant_apps.accounts.models import User
from tenant_apps.activity.services import activity_record
from tenant_apps.discussions.group_content import (
    content_mark_edited,
    content_require_write,
    content_restore,
    content_soft_delete,
)
from tenant_apps.discussions.models import Discussion, NewsPost, Reply
from tenant_apps.groups.access import GroupAccess, Viewer
from tenant_apps.groups.sanitising import rich_text_clean


def _clean_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give a title.")})
    return title


def _clean_body(body: str) -> str:
    cleaned = rich_text_clean(body).strip()
    if not cleaned:
        raise ValidationError({"body": _("Write some text (unsafe markup is removed).")})
    return cleaned


@transaction.atomic
def discussion_create(*, access: GroupAccess, actor: User, title: str, body: str) -> Discussion:
    content_require_write(access=access, viewer=actor)
    discussion = Discussion.objects.create(
        group=access.group, author=actor, title=_clean_title(title), body=_clean_body(body)
    )
    activity_record(
        group=access.group,
        actor=actor,
        verb="discussion.created",
        target_type="discussion",
        target_id=discussion.pk,
        summary=discussion.title,
    )
    return discussion


def discussion_update(
    *, actor: User, discussion: Discussion, title: str | None = None, body: str | None = None
) -> Discussion:
    if title is not None:
        discussion.title = _clean_title(title)
    if body is not None:
        discussion.body = _clean_body(body)
    content_mark_edited(content=discussion, actor=actor)
    discussion.save()
    return discussion


@transaction.atomic
def reply_create(*, access: GroupAccess, actor: User, discussion: Discussion, body: str) -> Reply:
    content_require_write(access=access, viewer=actor)
    if discussion.deleted_at is not None:
        raise ValidationError(_("This discussion was deleted; restore it before replying."))
    reply = Reply.objects.create(
        group=access.group, discussion=discussion, author=actor, body=_clean_body(body)
    )
    _discussion_recount(discussion=discussion)
    activity_record(
        group=access.group,
        actor=actor,
        verb="reply.created",
        target_type="discussion",
        target_id=discussion.pk,
        summary=discussion.title,
    )
    return reply


def reply_update(*, actor: User, reply: Reply, body: str | None = None) -> Reply:
    if body is not None:
        reply.body = _clean_body(body)
    content_mark_edited(content=reply, actor=actor)
    reply.save()
    return reply


@transaction.atomic
def reply_delete(*, access: GroupAccess, viewer: Viewer, reply: Reply) -> None:
    content_soft_delete(access=access, viewer=viewer, content=reply)
    _discussion_recount(discussion=reply.discussion)


@transaction.atomic
def reply_restore(*, access: GroupAccess, viewer: Viewer, reply: Reply) -> None:
    content_restore(access=access, viewer=viewer, content=reply)
    _discussion_recount(discussion=reply.discussion)


def _discussion_recount(*, discussion: Discussion) -> None:
    # Counted, not incremented: deletions and restores of replies then cannot drift it.
    live = Reply.objects.filter(discussion=discussion, deleted_at__isnull=True).aggregate(
        count=Count("pk"), last=Max("created_at")
    )
    discussion.reply_count = live["count"]
    discussion.last_reply_at = live["last"]
    discussion.save(update_fields=["reply_count", "last_reply_at"])


@transaction.atomic
def news_post_create(*, access: GroupAccess, actor: User, title: str, body: str) -> NewsPost:
    content_require_write(access=access, viewer=actor)
    post = NewsPost.objects.create(
        group=access.group, author=actor, title=_clean_title(title), body=_clean_body(body)
    )
    activity_record(
        group=access.group,
        actor=actor,
        verb="news.created",
        target_type="news",
        target_id=post.pk,
        summary=post.title,
    )
    return post


def news_post_update(
    *, actor: User, post: NewsPost, title: str | None = None, body: str | None = None
) -> NewsPost:
    if title is not None:
        post.title = _clean_title(title)
    if body is not None:
        post.body = _clean_body(body)
    content_mark_edited(content=post, actor=actor)
    post.save()
    return post
