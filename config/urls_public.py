"""URLs of the hub domain (public schema): hub, operator API, API docs."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from shared_apps.hub import views as hub_views
from shared_apps.operators.api import OrganisationListCreateApi

urlpatterns = [
    path("", hub_views.home, name="hub-home"),
    path(
        "api/v1/operator/organisations/",
        OrganisationListCreateApi.as_view(),
        name="operator-organisations",
    ),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
