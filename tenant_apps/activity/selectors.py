"""Reading activity streams and notifications, always scoped by the viewer."""

from __future__ import annotations

from django.db.models import QuerySet

from tenant_apps.accounts.models import User
from tenant_apps.activity.models import Activity, DeliveryMode, Notification, NotificationPreference
from tenant_apps.groups.access import GroupAccess, Viewer, group_access, groups_readable_by


class ActivityHidden(Exception):
    """The group is known to the viewer (public or closed), but its content is for members."""


def activity_list_for_site(*, viewer: Viewer) -> QuerySet[Activity]:
    """What happened in every group whose content the viewer may read, newest first."""
    return _with_relations(Activity.objects.filter(group__in=groups_readable_by(viewer)))


def activity_list_for_group(*, viewer: Viewer, slug: str) -> tuple[GroupAccess, QuerySet[Activity]]:
    """A group's stream. GroupNotFound when the viewer may not know the group (also when it
    does not exist); ActivityHidden when they may know it but not read its content."""
    access = group_access(viewer=viewer, slug=slug)
    if not access.can_read_content:
        raise ActivityHidden(slug)
    return access, _with_relations(Activity.objects.filter(group=access.group))


def _with_relations(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    # Actor and group are shown with every entry: joined here, never one query per row.
    return activities.select_related("actor", "group").order_by("-created_at", "-id")


def notification_list(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    """The person's notifications, newest first, only about groups they may still read
    (someone who left a closed group stops seeing what happens in it)."""
    notifications = Notification.objects.filter(
        user=user, activity__group__in=groups_readable_by(user)
    )
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.select_related("activity__group", "activity__actor").order_by(
        "-created_at", "-id"
    )


def notification_unread_count(*, user: User) -> int:
    return notification_list(user=user, unread_only=True).count()


def notification_preference_get(*, user: User) -> str:
    """How the person wants e-mail: instant, daily or off (daily when never chosen)."""
    chosen = (
        NotificationPreference.objects.filter(user=user).values_list("email", flat=True).first()
    )
    return chosen or DeliveryMode.DAILY.value
