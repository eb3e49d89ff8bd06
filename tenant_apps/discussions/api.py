"""REST API of discussions (with replies) and news posts, under /api/v1/groups/<slug>/."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tenant_apps.accounts.models import User
from tenant_apps.discussions import selectors, services
from tenant_apps.discussions.group_content_api import (
    ContentDetailView,
    ContentListView,
    ContentRestoreView,
    detail_schema,
    list_schema,
    restore_schema,
)
from tenant_apps.discussions.models import Discussion, NewsPost, Reply
from tenant_apps.discussions.serializers import (
    DiscussionInputSerializer,
    DiscussionOutputSerializer,
    NewsPostInputSerializer,
    NewsPostOutputSerializer,
    ReplyInputSerializer,
    ReplyOutputSerializer,
)
from tenant_apps.groups.access import GroupAccess


@list_schema(DiscussionOutputSerializer, DiscussionInputSerializer, "discussions")
class DiscussionListAPI(ContentListView):
    output_serializer_class = DiscussionOutputSerializer
    input_serializer_class = DiscussionInputSerializer

    def content_queryset(self, *, access: GroupAccess, **kwargs: Any) -> QuerySet[Discussion]:
        return selectors.discussion_queryset()

    def content_create(
        self, *, access: GroupAccess, actor: User, data: dict[str, Any], **kwargs: Any
    ) -> Discussion:
        return services.discussion_create(access=access, actor=actor, **data)


@detail_schema(DiscussionOutputSerializer, DiscussionInputSerializer, "discussions")
class DiscussionDetailAPI(ContentDetailView):
    output_serializer_class = DiscussionOutputSerializer
    update_serializer_class = DiscussionInputSerializer

    def content_queryset(self, *, access: GroupAccess, **kwargs: Any) -> QuerySet[Discussion]:
        return selectors.discussion_queryset()

    def content_update(
        self, *, access: GroupAccess, actor: User, content: Any, data: dict[str, Any]
    ) -> Discussion:
        return services.discussion_update(actor=actor, discussion=content, **data)


@restore_schema(DiscussionOutputSerializer, "discussions")
class DiscussionRestoreAPI(ContentRestoreView):
    output_serializer_class = DiscussionOutputSerializer

    def content_queryset(self, *, access: GroupAccess, **kwargs: Any) -> QuerySet[Discussion]:
        return selectors.discussion_queryset()


class _RepliesOfDiscussion:
    """Replies live inside a discussion the viewer may see (404 otherwise)."""

    def content_queryset(self, *, access: GroupAccess, **kwargs: Any) -> QuerySet[Reply]:
        discussion = selectors.discussion_get(access=access, pk=kwargs["discussion_pk"])
        return selectors.reply_queryset(discussion=discussion)


@list_schema(ReplyOutputSerializer, ReplyInputSerializer, "discussions")
class ReplyListAPI(_RepliesOfDiscussion, ContentListView):
    output_serializer_class = ReplyOutputSerializer
    input_serializer_class = ReplyInputSerializer

    def content_create(
        self, *, access: GroupAccess, actor: User, data: dict[str, Any], **kwargs: Any
    ) -> Reply:
        discussion = selectors.discussion_get(access=access, pk=kwargs["discussion_pk"])
        return services.reply_create(access=access, actor=actor, discussion=discussion, **data)


@detail_schema(ReplyOutputSerializer, ReplyInputSerializer, "discussions")
class ReplyDetailAPI(_RepliesOfDiscussion, ContentDetailView):
    output_serializer_class = ReplyOutputSerializer
    update_serializer_class = ReplyInputSerializer

    def content_update(
        self, *, access: GroupAccess, actor: User, content: Any, data: dict[str, Any]
    ) -> Reply:
        return services.reply_update(actor=actor, reply=content, **data)

    def content_delete(self, *, access: GroupAccess, viewer: Any, content: Any) -> None:
        services.reply_delete(access=access, viewer=viewer, reply=content)


@restore_schema(ReplyOutputSerializer, "discussions")
class ReplyRestoreAPI(_RepliesOfDiscussion, ContentRestoreView):
    output_serializer_class = ReplyOutputSerializer

    def content_restore(self, *, access: GroupAccess, viewer: Any, content: Any) -> None:
        services.reply_restore(access=access, viewer=viewer, reply=content)


@list_schema(NewsPostOutputSerializer, NewsPostInputSerializer, "news")
class NewsPostListAPI(ContentListView):
    output_serializer_class = NewsPostOutputSerializer
    input_serializer_class = NewsPostInputSerializer

    def content_queryset(self, *, access: GroupAccess, **kwargs: Any) -> QuerySet[NewsPost]:
        return selectors.news_post_queryset()

    def content_create(
        self, *, access: GroupAccess, actor: User, data: dict[str, Any], **kwargs: Any
    ) -> NewsPost:
        return services.news_post_create(access=access, actor=actor, **data)


@detail_schema(NewsPostOutputSerializer, NewsPostInputSerializer, "news")
class NewsPostDetailAPI(ContentDetailView):
    output_serializer_class = NewsPostOutputSerializer
    update_serializer_class = NewsPostInputSerializer

    def content_queryset(self, *, access: GroupAccess, **kwargs: Any) -> QuerySet[NewsPost]:
        return selectors.news_post_queryset()

    def content_update(
        self, *, access: GroupAccess, actor: User, content: Any, data: dict[str, Any]
    ) -> NewsPost:
        return services.news_post_update(actor=actor, post=content, **data)


@restore_schema(NewsPostOutputSerializer, "news")
class NewsPostRestoreAPI(ContentRestoreView):
    output_serializer_class = NewsPostOutputSerializer

    def content_queryset(self, *, access: GroupAccess, **kwargs: Any) -> QuerySet[NewsPost]:
        return selectors.news_post_queryset()
