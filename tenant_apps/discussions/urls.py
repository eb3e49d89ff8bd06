"""URLs of this app: REST API under /api/v1/ and HTML pages (wired in config/urls_tenant.py)."""

from django.urls import URLPattern, URLResolver

api_urlpatterns: list[URLPattern | URLResolver] = []
page_urlpatterns: list[URLPattern | URLResolver] = []
