"""URLs of every organisation's subsite."""

from django.urls import path

from tenant_apps.site import views as site_views

urlpatterns = [
    path("", site_views.home, name="site-home"),
]
