"""Reading discussions, replies and news posts, always scoped by the viewer's access."""

from __future__ import annotations

from django.db.models import QuerySet

from tenant_apps.discussions.group_content import content_get, content_visible
from tenant_apps.discussions.models import Discussion, NewsPost, Reply
from tenant_apps.groups.access import GroupAccess


def discussion_queryset() -> QuerySet[Discussion]:
    # Authors and editors are shown with every item: fetched in the same query.
    return Discussion.objects.select_related("author", "last_edited_by")


def reply_queryset(*, discussion: Discussion) -> QuerySet[Reply]:
    return Reply.objects.filter(discussion=discussion).select_related("author", "last_edited_by")


def news_post_queryset() -> QuerySet[NewsPost]:
    return NewsPost.objects.select_related("author", "last_edited_by")


def discussion_list(*, access: GroupAccess) -> QuerySet[Discussion]:
    return content_visible(access=access, queryset=discussion_queryset())


def discussion_get(*, access: GroupAccess, pk: int) -> Discussion:
    return content_get(access=access, queryset=discussion_queryset(), pk=pk)


def reply_list(*, access: GroupAccess, discussion: Discussion) -> QuerySet[Reply]:
    return content_visible(access=access, queryset=reply_queryset(discussion=discussion))


def news_post_list(*, access: GroupAccess) -> QuerySet[NewsPost]:
    return content_visible(access=access, queryset=news_post_queryset())
