"""URLs of every organisation's subsite."""

from django.urls import path

from tenant_apps.site import api as site_api
from tenant_apps.site import views as site_views

urlpatterns = [
    path("", site_views.home, name="site-home"),
    path("api/v1/site/", site_api.site_detail, name="site-detail"),
]
