"""URLs of this app: REST API under /api/v1/ and HTML pages (wired in config/urls_tenant.py)."""

from django.urls import URLPattern, URLResolver, path

from tenant_apps.search import api, views

api_urlpatterns: list[URLPattern | URLResolver] = [
    path("search/", api.SearchView.as_view(), name="api-search"),
]
page_urlpatterns: list[URLPattern | URLResolver] = [
    path("search/", views.search_page, name="search"),
]
