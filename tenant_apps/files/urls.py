"""URLs of this app: REST API under /api/v1/ and HTML pages (wired in config/urls_tenant.py)."""

from django.urls import URLPattern, URLResolver, path

from tenant_apps.files import api, views

_group = "groups/<slug:slug>"

api_urlpatterns: list[URLPattern | URLResolver] = [
    path(f"{_group}/folders/", api.FolderListAPI.as_view(), name="api-folder-list"),
    path(f"{_group}/folders/<int:pk>/", api.FolderDetailAPI.as_view(), name="api-folder-detail"),
    path(
        f"{_group}/folders/<int:pk>/restore/",
        api.FolderRestoreAPI.as_view(),
        name="api-folder-restore",
    ),
    path(f"{_group}/files/", api.StoredFileListAPI.as_view(), name="api-file-list"),
    path(f"{_group}/files/<int:pk>/", api.StoredFileDetailAPI.as_view(), name="api-file-detail"),
    path(
        f"{_group}/files/<int:pk>/restore/",
        api.StoredFileRestoreAPI.as_view(),
        name="api-file-restore",
    ),
    path(
        f"{_group}/files/<int:pk>/download",
        api.StoredFileDownloadAPI.as_view(),
        name="api-file-download",
    ),
]
page_urlpatterns: list[URLPattern | URLResolver] = [
    path(f"{_group}/files/", views.files_page, name="files-page"),
]
