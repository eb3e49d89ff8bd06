"""URLs of the relying party (hub and subsites) and of site access (subsites)."""

from django.urls import URLPattern, URLResolver, path

from tenant_apps.accounts import access_views, api, backchannel, manage_views, views

# The same on the hub and on every subsite (tenants/oidc_clients.py names these paths).
auth_urlpatterns: list[URLPattern | URLResolver] = [
    path("login/", views.login, name="accounts-login"),
    path("logout/", views.logout, name="accounts-logout"),
    path("auth/callback/", views.callback, name="accounts-callback"),
    path(
        "auth/backchannel-logout/",
        backchannel.backchannel_logout,
        name="accounts-backchannel-logout",
    ),
    path("access/", access_views.access, name="accounts-access"),
    path("access/code/", access_views.access_code, name="accounts-access-code"),
    path("access/request/", access_views.access_request, name="accounts-access-request"),
]

page_urlpatterns: list[URLPattern | URLResolver] = [
    path("manage/access/", manage_views.manage_access, name="accounts-manage-access"),
    path("manage/access/policy/", manage_views.manage_policy, name="accounts-manage-policy"),
    path(
        "manage/access/codes/", manage_views.manage_code_create, name="accounts-manage-code-create"
    ),
    path(
        "manage/access/codes/<int:code_id>/revoke/",
        manage_views.manage_code_revoke,
        name="accounts-manage-code-revoke",
    ),
    path(
        "manage/access/requests/<int:request_id>/<str:action>/",
        manage_views.manage_request_decide,
        name="accounts-manage-request-decide",
    ),
]

api_urlpatterns: list[URLPattern | URLResolver] = [
    path("access/policy/", api.AccessPolicyApi.as_view(), name="api-access-policy"),
    path("access/codes/", api.AccessCodeListApi.as_view(), name="api-access-codes"),
    path("access/codes/<int:code_id>/", api.AccessCodeDetailApi.as_view(), name="api-access-code"),
    path("access/requests/", api.AccessRequestListApi.as_view(), name="api-access-requests"),
    path(
        "access/requests/<int:request_id>/approve/",
        api.AccessRequestDecisionApi.as_view(approve=True),
        name="api-access-request-approve",
    ),
    path(
        "access/requests/<int:request_id>/refuse/",
        api.AccessRequestDecisionApi.as_view(approve=False),
        name="api-access-request-refuse",
    ),
]
