"""The operator console, mounted at /operator/ by the hub's URLs (never on a subsite)."""

from django.urls import path

from shared_apps.operators import views

urlpatterns = [
    path("", views.organisation_list, name="operator-console"),
    path("organisations/new/", views.organisation_new, name="operator-organisation-new"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="operator-organisation"),
    path(
        "organisations/<slug:slug>/domains/",
        views.organisation_domains,
        name="operator-organisation-domains-form",
    ),
    path(
        "organisations/<slug:slug>/suspend/",
        views.organisation_suspend,
        name="operator-organisation-suspend-form",
    ),
    path(
        "organisations/<slug:slug>/resume/",
        views.organisation_resume,
        name="operator-organisation-resume-form",
    ),
    path(
        "organisations/<slug:slug>/export/",
        views.organisation_export,
        name="operator-organisation-export-form",
    ),
    path(
        "organisations/<slug:slug>/stats/",
        views.organisation_stats,
        name="operator-organisation-stats",
    ),
    path(
        "organisations/<slug:slug>/delete/",
        views.organisation_delete,
        name="operator-organisation-delete",
    ),
    path(
        "organisations/<slug:slug>/delete/confirm/",
        views.organisation_delete_confirm,
        name="operator-organisation-delete-confirm",
    ),
    path("jobs/<int:job_id>/", views.job_detail, name="operator-job"),
    path(
        "exports/<int:export_id>/download/", views.export_download, name="operator-export-download"
    ),
    path("import/", views.organisation_import, name="operator-import"),
    path("audit/", views.audit_list, name="operator-audit"),
]
