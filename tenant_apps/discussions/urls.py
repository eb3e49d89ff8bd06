"""URLs of this app: REST API under /api/v1/ and HTML pages (wired in config/urls_tenant.py)."""

from django.urls import URLPattern, URLResolver, path

from tenant_apps.discussions import api, views

_group = "groups/<slug:slug>"

api_urlpatterns: list[URLPattern | URLResolver] = [
    path(f"{_group}/discussions/", api.DiscussionListAPI.as_view(), name="api-discussion-list"),
    path(
        f"{_group}/discussions/<int:pk>/",
        api.DiscussionDetailAPI.as_view(),
        name="api-discussion-detail",
    ),
    path(
        f"{_group}/discussions/<int:pk>/restore/",
        api.DiscussionRestoreAPI.as_view(),
        name="api-discussion-restore",
    ),
    path(
        f"{_group}/discussions/<int:discussion_pk>/replies/",
        api.ReplyListAPI.as_view(),
        name="api-reply-list",
    ),
    path(
        f"{_group}/discussions/<int:discussion_pk>/replies/<int:pk>/",
        api.ReplyDetailAPI.as_view(),
        name="api-reply-detail",
    ),
    path(
        f"{_group}/discussions/<int:discussion_pk>/replies/<int:pk>/restore/",
        api.ReplyRestoreAPI.as_view(),
        name="api-reply-restore",
    ),
    path(f"{_group}/news/", api.NewsPostListAPI.as_view(), name="api-news-list"),
    path(f"{_group}/news/<int:pk>/", api.NewsPostDetailAPI.as_view(), name="api-news-detail"),
    path(
        f"{_group}/news/<int:pk>/restore/",
        api.NewsPostRestoreAPI.as_view(),
        name="api-news-restore",
    ),
]
page_urlpatterns: list[URLPattern | URLResolver] = [
    path(f"{_group}/discussions/", views.discussion_list_page, name="discussion-list-page"),
    path(f"{_group}/discussions/<int:pk>/", views.discussion_page, name="discussion-page"),
]
