"""Shared factory_boy factories for rows in an organisation's schema.

Create them after switching the connection to the organisation, e.g.
`tenant_connection().set_tenant(orgs.alpha)`; they write to whatever schema is active.
"""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from tenant_apps.accounts.models import User
from tenant_apps.groups.models import (
    Group,
    JoinPolicy,
    JoinRequest,
    Membership,
    Role,
    Visibility,
)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    display_name = factory.LazyAttribute(lambda u: u.username.title())


class GroupFactory(DjangoModelFactory[Group]):
    """A group row as-is; use the group services when member_count must be right."""

    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"Group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    visibility = Visibility.PUBLIC
    join_policy = JoinPolicy.OPEN


class MembershipFactory(DjangoModelFactory[Membership]):
    """A membership row; keeps Group.member_count in step so tests see real numbers."""

    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER

    @classmethod
    def _create(cls, model_class: type[Membership], *args: object, **kwargs: object) -> Membership:
        membership = super()._create(model_class, *args, **kwargs)
        Group.objects.filter(pk=membership.group_id).update(
            member_count=Membership.objects.filter(group_id=membership.group_id).count()
        )
        membership.group.refresh_from_db(fields=["member_count"])
        return membership


class JoinRequestFactory(DjangoModelFactory[JoinRequest]):
    class Meta:
        model = JoinRequest

    group = factory.SubFactory(GroupFactory)
    user = factory.SubFactory(UserFactory)
    message = ""
