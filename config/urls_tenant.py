"""URLs of every organisation's subsite."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from tenant_apps.activity import urls as activity_urls
from tenant_apps.discussions import urls as discussions_urls
from tenant_apps.events import urls as events_urls
from tenant_apps.files import urls as files_urls
from tenant_apps.groups import urls as groups_urls
from tenant_apps.search import urls as search_urls
from tenant_apps.site import api as site_api
from tenant_apps.site import views as site_views

_apps = [groups_urls, discussions_urls, events_urls, files_urls, activity_urls, search_urls]

urlpatterns = [
    path("", site_views.home, name="site-home"),
    path("api/v1/site/", site_api.site_detail, name="site-detail"),
    path("api/v1/", include([p for app in _apps for p in app.api_urlpatterns])),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    *[p for app in _apps for p in app.page_urlpatterns],
]
