"""Small builders for the activity tests (the shared factories cover users and groups)."""

from __future__ import annotations

from tenant_apps.accounts.models import User
from tenant_apps.activity.models import Activity, DeliveryMode, NotificationPreference
from tenant_apps.activity.services import activity_record
from tenant_apps.groups.models import Group, Visibility
from tests.factories import GroupFactory, MembershipFactory, UserFactory


def member_of(group: Group, *, email_mode: str | None = None, **user_fields: object) -> User:
    user = UserFactory(**user_fields)
    MembershipFactory(group=group, user=user)
    if email_mode is not None:
        NotificationPreference.objects.create(user=user, email=email_mode)
    return user


def record(
    group: Group, actor: User | None = None, summary: str = "Something happened"
) -> Activity:
    return activity_record(
        group=group,
        actor=actor,
        verb="discussion.created",
        target_type="discussion",
        target_id=1,
        summary=summary,
    )


def group_of(visibility: str = Visibility.PUBLIC, **fields: object) -> Group:
    return GroupFactory(visibility=visibility, **fields)


INSTANT = DeliveryMode.INSTANT.value
DAILY = DeliveryMode.DAILY.value
OFF = DeliveryMode.OFF.value
