"""URLs of this app: branding API under /api/v1/ and pages (wired in config/urls_tenant.py)."""

from django.urls import URLPattern, URLResolver, path

from tenant_apps.site import api, views

api_urlpatterns: list[URLPattern | URLResolver] = [
    path("site/branding/", api.BrandingPublishedView.as_view(), name="api-branding"),
    path("site/branding/draft/", api.BrandingDraftView.as_view(), name="api-branding-draft"),
    path("site/branding/publish/", api.BrandingPublishView.as_view(), name="api-branding-publish"),
    path("site/branding/discard/", api.BrandingDiscardView.as_view(), name="api-branding-discard"),
]

page_urlpatterns: list[URLPattern | URLResolver] = [
    path("manage/branding/", views.branding_manage, name="branding-manage"),
    path("manage/branding/preview/", views.branding_preview_start, name="branding-preview"),
    path(
        "manage/branding/preview/stop/",
        views.branding_preview_stop,
        name="branding-preview-stop",
    ),
    path("manage/branding/publish/", views.branding_publish, name="branding-publish"),
    path("manage/branding/discard/", views.branding_discard, name="branding-discard"),
    path(
        "manage/branding/draft/<str:kind>/<str:token>",
        views.branding_draft_image,
        name="branding-draft-image",
    ),
    path("branding/logo", views.branding_logo, name="branding-logo"),
    path("branding/<str:kind>/<str:token>", views.branding_image, name="branding-image"),
]
