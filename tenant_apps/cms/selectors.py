"""Reads for the organisation's pages: groups, events and news, scoped by the visitor.

Groups and events go through tenant_apps.groups.access, the one place that decides who
sees which group, so a page shows a visitor exactly what the group pages would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from tenant_apps.events.models import Event
from tenant_apps.groups.access import Viewer, groups_readable_by, groups_visible_to
from tenant_apps.groups.models import Group, Visibility

if TYPE_CHECKING:
    from tenant_apps.cms.models import NewsIndexPage, NewsPage


def cms_groups_chosen(*, viewer: Viewer, group_ids: list[int]) -> list[Group]:
    """The editor's groups in the editor's order, leaving out any the visitor may not see
    (a group made secret after it was chosen, a deleted one)."""
    found = groups_visible_to(viewer).in_bulk(group_ids)
    return [found[group_id] for group_id in dict.fromkeys(group_ids) if group_id in found]


def cms_groups_most_active(*, viewer: Viewer, limit: int) -> list[Group]:
    """Public groups with the most recent activity, then the most members."""
    groups = groups_visible_to(viewer).filter(visibility=Visibility.PUBLIC)
    return list(groups.order_by("-last_activity_at", "-member_count", "pk")[:limit])


def cms_events_upcoming(*, viewer: Viewer, limit: int) -> list[Event]:
    """Events that have not ended, soonest first, from groups whose content the visitor
    may read (public groups for anonymous visitors)."""
    events: QuerySet[Event] = Event.objects.filter(
        group__in=groups_readable_by(viewer),
        deleted_at__isnull=True,
        ends_at__gte=timezone.now(),
    )
    return list(events.select_related("group").order_by("starts_at", "pk")[:limit])


def cms_news_latest(*, limit: int) -> list[NewsPage]:
    """Published news items anyone may read, newest first."""
    # Imported here: the page models import the blocks, and the blocks import this module.
    from tenant_apps.cms.models import NewsPage

    news = NewsPage.objects.live().public().order_by("-date", "-pk")
    return list(news[:limit])


def cms_news_in(*, index: NewsIndexPage) -> QuerySet[NewsPage]:
    """The published news items of one news index, newest first."""
    from tenant_apps.cms.models import NewsPage

    return NewsPage.objects.child_of(index).live().public().order_by("-date", "-pk")
