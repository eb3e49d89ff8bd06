"""Operator API routes added with the console, mounted at /api/v1/operator/ on the hub."""

from django.urls import path

from shared_apps.operators import api

urlpatterns = [
    path(
        "organisations/<slug:slug>/deletion/",
        api.OrganisationDeletionApi.as_view(),
        name="operator-organisation-deletion",
    ),
    path(
        "organisations/<slug:slug>/export-jobs/",
        api.OrganisationExportJobApi.as_view(),
        name="operator-organisation-export-jobs",
    ),
    path(
        "exports/<int:export_id>/download/",
        api.ExportDownloadApi.as_view(),
        name="operator-api-export-download",
    ),
    path(
        "provisioning-jobs/",
        api.ProvisioningJobCreateApi.as_view(),
        name="operator-provisioning-jobs",
    ),
    path("jobs/<int:job_id>/", api.OperatorJobApi.as_view(), name="operator-api-job"),
    path("audit/", api.AuditEntryListApi.as_view(), name="operator-audit-api"),
]
