"""URLs of this app: REST API under /api/v1/ and HTML pages (wired in config/urls_tenant.py)."""

from django.urls import URLPattern, URLResolver, path

from tenant_apps.groups import api, views

api_urlpatterns: list[URLPattern | URLResolver] = [
    path("groups/", api.GroupListView.as_view(), name="api-group-list"),
    path("groups/<slug:slug>/", api.GroupDetailView.as_view(), name="api-group-detail"),
    path("groups/<slug:slug>/cover/", api.GroupCoverView.as_view(), name="api-group-cover"),
    path("groups/<slug:slug>/restore/", api.GroupRestoreView.as_view(), name="api-group-restore"),
    path("groups/<slug:slug>/join/", api.GroupJoinView.as_view(), name="api-group-join"),
    path("groups/<slug:slug>/leave/", api.GroupLeaveView.as_view(), name="api-group-leave"),
    path(
        "groups/<slug:slug>/requests/",
        api.JoinRequestListView.as_view(),
        name="api-group-requests",
    ),
    *[
        path(
            f"groups/<slug:slug>/requests/<int:request_id>/{action}/",
            api.JoinRequestDecisionView.as_view(action=action),
            name=f"api-group-request-{action}",
        )
        for action in ("approve", "refuse", "withdraw")
    ],
    path(
        "groups/<slug:slug>/invitations/",
        api.InvitationListView.as_view(),
        name="api-group-invitations",
    ),
    path(
        "groups/<slug:slug>/invitations/<int:invitation_id>/",
        api.InvitationDetailView.as_view(),
        name="api-group-invitation",
    ),
    path("invitations/accept/", api.InvitationAcceptView.as_view(), name="api-invitation-accept"),
    path("groups/<slug:slug>/members/", api.MemberListView.as_view(), name="api-group-members"),
    path("groups/<slug:slug>/members.csv", api.MembersCsvView.as_view(), name="api-group-csv"),
    path(
        "groups/<slug:slug>/members/<int:user_id>/",
        api.MemberDetailView.as_view(),
        name="api-group-member",
    ),
    path(
        "groups/<slug:slug>/transfer-ownership/",
        api.OwnershipTransferView.as_view(),
        name="api-group-transfer",
    ),
]

page_urlpatterns: list[URLPattern | URLResolver] = [
    path("groups/", views.group_list, name="group-list"),
    path("groups/new/", views.group_create, name="group-create"),
    path("groups/deleted/", views.groups_deleted, name="groups-deleted"),
    path("groups/<slug:slug>/", views.group_detail, name="group-detail"),
    path("groups/<slug:slug>/edit/", views.group_edit, name="group-edit"),
    path("groups/<slug:slug>/restore/", views.group_restore, name="group-restore"),
    path("groups/<slug:slug>/join/", views.group_join, name="group-join"),
    path("groups/<slug:slug>/request/", views.group_request, name="group-request"),
    path("groups/<slug:slug>/leave/", views.group_leave, name="group-leave"),
    path("groups/<slug:slug>/members/", views.group_members, name="group-members"),
    path(
        "groups/<slug:slug>/members/<int:user_id>/role/",
        views.member_role_change,
        name="group-member-role",
    ),
    path(
        "groups/<slug:slug>/members/<int:user_id>/remove/",
        views.member_remove,
        name="group-member-remove",
    ),
    path(
        "groups/<slug:slug>/members/<int:user_id>/transfer/",
        views.ownership_transfer,
        name="group-transfer",
    ),
    path("groups/<slug:slug>/invite/", views.group_invite, name="group-invite"),
    path(
        "groups/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="group-invitation-revoke",
    ),
    path(
        "groups/<slug:slug>/requests/<int:request_id>/<str:action>/",
        views.join_request_decide,
        name="group-request-decide",
    ),
    path("invitations/accept/", views.invitation_accept, name="invitation-accept"),
    path("invitations/<str:token>/", views.invitation_open, name="invitation-open"),
]
