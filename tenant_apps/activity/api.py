"""REST API of activity streams and notifications (mounted under /api/v1/)."""

from __future__ import annotations

from typing import cast

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.accounts.models import User
from tenant_apps.activity import selectors, services
from tenant_apps.activity.models import Activity, Notification
from tenant_apps.activity.serializers import (
    ActivitySerializer,
    MarkedSerializer,
    NotificationSerializer,
    PreferenceSerializer,
    UnreadCountSerializer,
)
from tenant_apps.groups.access import GroupNotFound


class SiteActivityList(generics.ListAPIView[Activity]):
    """What happened in every group whose content you may read, newest first."""

    permission_classes = [AllowAny]
    serializer_class = ActivitySerializer

    def get_queryset(self) -> QuerySet[Activity]:
        return selectors.activity_list_for_site(viewer=self.request.user)


class GroupActivityList(generics.ListAPIView[Activity]):
    """What happened in one group, newest first. A group you may not know answers 404,
    exactly like one that does not exist; a closed group you are not in answers 403."""

    permission_classes = [AllowAny]
    serializer_class = ActivitySerializer

    def get_queryset(self) -> QuerySet[Activity]:
        try:
            _access, activities = selectors.activity_list_for_group(
                viewer=self.request.user, slug=self.kwargs["slug"]
            )
        except GroupNotFound:
            raise NotFound() from None
        except selectors.ActivityHidden:
            raise PermissionDenied(_("Only members can see what happens in this group.")) from None
        return activities


class NotificationList(generics.ListAPIView[Notification]):
    """Your notifications, newest first; `?unread=true` for the unread ones only."""

    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("unread", OpenApiTypes.BOOL, description="Only unread ones")]
    )
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Notification]:
        unread = self.request.query_params.get("unread", "").lower() in ("1", "true", "yes")
        return selectors.notification_list(user=_user(self.request), unread_only=unread)


class NotificationUnreadCount(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=UnreadCountSerializer)
    def get(self, request: Request) -> Response:
        return Response({"unread": selectors.notification_unread_count(user=_user(request))})


class NotificationMarkRead(APIView):
    """Mark one of your notifications read; someone else's answers 404 like a missing one."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        # Through the selector: a notification about a group the person may no longer read
        # is as missing here as in their list.
        notification = selectors.notification_list(user=user).filter(pk=pk).first()
        if notification is None:
            raise NotFound()
        marked = services.notification_mark_read(user=user, notification_id=notification.pk)
        notification.read_at = marked.read_at
        return Response(NotificationSerializer(notification).data)


class NotificationMarkAllRead(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=MarkedSerializer)
    def post(self, request: Request) -> Response:
        return Response({"marked": services.notifications_mark_all_read(user=_user(request))})


class NotificationPreferenceDetail(APIView):
    """How your notifications reach you by e-mail: instant, daily (a digest) or off."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=PreferenceSerializer)
    def get(self, request: Request) -> Response:
        return Response({"email": selectors.notification_preference_get(user=_user(request))})

    @extend_schema(request=PreferenceSerializer, responses=PreferenceSerializer)
    def put(self, request: Request) -> Response:
        serializer = PreferenceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        preference = services.notification_preference_set(
            user=_user(request), email=serializer.validated_data["email"]
        )
        return Response({"email": preference.email}, status=status.HTTP_200_OK)


def _user(request: Request) -> User:
    # IsAuthenticated has let only signed-in people through.
    return cast(User, request.user)
