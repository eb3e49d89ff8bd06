"""URLs of this app: REST API under /api/v1/ and HTML pages (wired in config/urls_tenant.py)."""

from django.urls import URLPattern, URLResolver, path

from tenant_apps.events import api, views

_group = "groups/<slug:slug>"

api_urlpatterns: list[URLPattern | URLResolver] = [
    path(f"{_group}/events/", api.EventListAPI.as_view(), name="api-event-list"),
    path(f"{_group}/events.ics", api.GroupCalendarAPI.as_view(), name="api-group-calendar"),
    path(f"{_group}/events/<int:pk>/", api.EventDetailAPI.as_view(), name="api-event-detail"),
    path(
        f"{_group}/events/<int:pk>/restore/",
        api.EventRestoreAPI.as_view(),
        name="api-event-restore",
    ),
    path(f"{_group}/events/<int:pk>/rsvp/", api.EventRsvpAPI.as_view(), name="api-event-rsvp"),
    path(f"{_group}/events/<int:pk>/ical", api.EventIcalAPI.as_view(), name="api-event-ical"),
]
page_urlpatterns: list[URLPattern | URLResolver] = [
    path(f"{_group}/events/", views.event_list_page, name="event-list-page"),
    path(f"{_group}/events/<int:pk>/", views.event_page, name="event-page"),
]
