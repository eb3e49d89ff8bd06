"""URLs of the hub domain (public schema): hub, operator API, API docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from shared_apps.hub import views as hub_views
from shared_apps.hub.api import HubGroupsApi, HubMyGroupsApi, HubOrganisationsApi
from shared_apps.operators.api import (
    OrganisationDetailApi,
    OrganisationDomainsApi,
    OrganisationExportApi,
    OrganisationImportApi,
    OrganisationListCreateApi,
    OrganisationResumeApi,
    OrganisationSuspendApi,
)
from tenant_apps.accounts import urls as accounts_urls
from tenants import views as tenants_views

urlpatterns = [
    # The hub is a relying party like every subsite (tenant_apps/accounts).
    *accounts_urls.auth_urlpatterns,
    # The built-in OpenID Provider: /oidc/ (OIDC endpoints) and /account/ (its pages).
    path("", include("shared_apps.identity.urls")),
    path("internal/tls-allowed", tenants_views.tls_allowed, name="tls-allowed"),
    # The visitors' language switch (Django's set_language), as on every subsite.
    path("i18n/", include("django.conf.urls.i18n")),
    path("", hub_views.home, name="hub-home"),
    path("organisations/", hub_views.organisations, name="hub-organisations"),
    path("organisations/<slug:slug>/", hub_views.organisation, name="hub-organisation"),
    path("api/v1/hub/groups", HubGroupsApi.as_view(), name="hub-api-groups"),
    path("api/v1/hub/organisations", HubOrganisationsApi.as_view(), name="hub-api-organisations"),
    path("api/v1/hub/my-groups", HubMyGroupsApi.as_view(), name="hub-api-my-groups"),
    path(
        "api/v1/operator/organisations/",
        OrganisationListCreateApi.as_view(),
        name="operator-organisations",
    ),
    path(
        "api/v1/operator/organisations/<slug:slug>/",
        OrganisationDetailApi.as_view(),
        name="operator-organisation",
    ),
    path(
        "api/v1/operator/organisations/<slug:slug>/suspend/",
        OrganisationSuspendApi.as_view(),
        name="operator-organisation-suspend",
    ),
    path(
        "api/v1/operator/organisations/<slug:slug>/resume/",
        OrganisationResumeApi.as_view(),
        name="operator-organisation-resume",
    ),
    path(
        "api/v1/operator/organisations/<slug:slug>/domains/",
        OrganisationDomainsApi.as_view(),
        name="operator-organisation-domains",
    ),
    path(
        "api/v1/operator/organisations/<slug:slug>/export/",
        OrganisationExportApi.as_view(),
        name="operator-organisation-export",
    ),
    path("api/v1/operator/imports/", OrganisationImportApi.as_view(), name="operator-imports"),
    path("api/v1/operator/", include("shared_apps.operators.api_urls")),
    path("operator/", include("shared_apps.operators.urls")),
    # The hub's schema describes the hub's own routes, not a subsite's (ROOT_URLCONF).
    path(
        "api/schema/",
        SpectacularAPIView.as_view(urlconf="config.urls_public"),
        name="api-schema",
    ),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
