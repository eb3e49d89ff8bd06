"""URLs of this app: REST API under /api/v1/ and HTML pages (wired in config/urls_tenant.py)."""

from django.urls import URLPattern, URLResolver, path

from tenant_apps.activity import api, views

api_urlpatterns: list[URLPattern | URLResolver] = [
    path("activity/", api.SiteActivityList.as_view(), name="api-activity"),
    path(
        "groups/<slug:slug>/activity/",
        api.GroupActivityList.as_view(),
        name="api-group-activity",
    ),
    path("notifications/", api.NotificationList.as_view(), name="api-notifications"),
    path(
        "notifications/unread-count/",
        api.NotificationUnreadCount.as_view(),
        name="api-notifications-unread-count",
    ),
    path(
        "notifications/read-all/",
        api.NotificationMarkAllRead.as_view(),
        name="api-notifications-read-all",
    ),
    path(
        "notifications/preferences/",
        api.NotificationPreferenceDetail.as_view(),
        name="api-notification-preferences",
    ),
    path(
        "notifications/<int:pk>/read/",
        api.NotificationMarkRead.as_view(),
        name="api-notification-read",
    ),
]

page_urlpatterns: list[URLPattern | URLResolver] = [
    path("activity/", views.site_activity, name="activity"),
    path("groups/<slug:slug>/activity/", views.group_activity, name="group-activity"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications-read-all"),
    path(
        "notifications/preferences/",
        views.notification_preference,
        name="notification-preferences",
    ),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification-read"),
]
