"""The hub's index: one row per listable group of every organisation (public schema).

The hub never asks 500 schemas at query time; it reads this one table, kept current by
the group change events and repaired by a periodic reconciliation (see services.py).
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import Organisation


class HubLanguage(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")


class HubVisibility(models.TextChoices):
    # Secret groups never get a row: only the two listable visibilities exist here.
    PUBLIC = "public", _("Public")
    CLOSED = "closed", _("Closed")


class HubGroup(models.Model):
    # Deleting an organisation cascades to its rows, so they vanish in the same commit.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="hub_groups"
    )
    group_id = models.BigIntegerField()
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)  # plain-text excerpt, never HTML
    tags = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    member_count = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField()
    language = models.CharField(max_length=2, choices=HubLanguage.choices)
    cover_url = models.CharField(max_length=500, blank=True)
    url = models.CharField(max_length=500)
    visibility = models.CharField(max_length=10, choices=HubVisibility.choices)
    # Built from name (A), tags (B) and description (C) with both 'dutch' and 'english'
    # configurations, so a query matches whichever language the group is written in.
    search_vector = SearchVectorField(null=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "group_id"], name="hub_one_row_per_group"
            )
        ]
        indexes = [
            # Without a pending list: inserted rows go straight into the tree. With one
            # (GIN's default), a reindex leaves thousands of entries every search must
            # scan one by one, and the planner, seeing that cost, falls back to a
            # sequential scan: measured 22 ms instead of 2 ms for a rare word.
            GinIndex(fields=["search_vector"], name="hub_group_search_gin", fastupdate=False),
            GinIndex(fields=["tags"], name="hub_group_tags_gin", fastupdate=False),
            # The exact orders of the sorts (ties included), so that a page of a broad
            # search is read from the index's start instead of sorting every match.
            models.Index(fields=["-last_activity_at", "id"], name="hub_group_activity"),
            models.Index(
                fields=["-member_count", "-last_activity_at", "id"], name="hub_group_members"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation_id})"


class HubMembership(models.Model):
    """One person's membership of one group of one organisation, for "my groups".

    Keyed by the person's OpenID identity (issuer, subject), the one thing their per-
    organisation accounts share. Unlike HubGroup it holds secret groups too: a row is
    only ever shown to the member it belongs to. The group's link is built at read time
    from the organisation's primary domain, so a domain change needs no rewrite here.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="hub_memberships"
    )
    oidc_issuer = models.CharField(max_length=255)
    oidc_subject = models.CharField(max_length=255)
    group_id = models.BigIntegerField()
    group_slug = models.SlugField(max_length=80)
    group_name = models.CharField(max_length=200)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "group_id", "oidc_issuer", "oidc_subject"],
                name="hub_one_row_per_membership",
            )
        ]
        indexes = [
            # "My groups" reads by identity; the unique constraint serves the writes,
            # which go by (organisation, group).
            models.Index(
                fields=["oidc_issuer", "oidc_subject", "organisation"],
                name="hub_membership_identity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group_name} ({self.organisation_id}) {self.oidc_subject}"
