"""URLs of every organisation's subsite."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from tenant_apps.accounts import urls as accounts_urls
from tenant_apps.activity import urls as activity_urls
from tenant_apps.discussions import urls as discussions_urls
from tenant_apps.events import urls as events_urls
from tenant_apps.files import urls as files_urls
from tenant_apps.groups import urls as groups_urls
from tenant_apps.search import urls as search_urls
from tenant_apps.site import api as site_api
from tenant_apps.site import urls as site_urls

_apps = [
    groups_urls,
    discussions_urls,
    events_urls,
    files_urls,
    activity_urls,
    search_urls,
    accounts_urls,
    site_urls,
]

urlpatterns = [
    # Login, logout, OIDC callback and back-channel logout (tenant_apps/accounts).
    *accounts_urls.auth_urlpatterns,
    # The organisation's Wagtail admin, documents and images (all within its own schema).
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    re_path(
        r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$", ServeView.as_view(), name="wagtailimages_serve"
    ),
    path("api/v1/site/", site_api.site_detail, name="site-detail"),
    # The visitors' language switch (Django's set_language; tenant_apps/site/middleware.py).
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include([p for app in _apps for p in app.api_urlpatterns])),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    *[p for app in _apps for p in app.page_urlpatterns],
]

# The organisation's Wagtail page tree (its home page at `/`) answers every path that no
# route above claimed: keep this the very last pattern.
urlpatterns += [path("", include(wagtail_urls))]
