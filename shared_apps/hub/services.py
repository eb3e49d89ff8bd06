"""Writes to the hub's index: copy one group in, reconcile an organisation, remove one.

Everything here is idempotent and works from the current state of the group in its own
schema ("re-read this group"), never from the content of an event, so a repeated, late
or lost event can do no harm: the next sync or reconciliation sets the row right.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils.html import strip_tags
from django_tenants.utils import schema_context

from shared_apps.hub.models import HubGroup, HubLanguage, HubMembership, HubVisibility
from tenants.models import Organisation
from tenants.schemas import schema_exists
from tenants.services import organisation_url

logger = logging.getLogger(__name__)

EXCERPT_CHARS = 300
# The search vector reads more of the description than the excerpt shows.
INDEXED_DESCRIPTION_CHARS = 5000
# Highlighting marks matches with these private-use characters, which the selector turns
# into <mark> after escaping everything else; they are removed from indexed text first.
MARK_START = "\ue000"
MARK_END = "\ue001"

_LISTABLE = (HubVisibility.PUBLIC.value, HubVisibility.CLOSED.value)
_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"[a-zà-ÿ']+")
# Common words of each language, for guessing a group's language.
_DUTCH_TEXT = (
    "de het een en van voor met over op in is zijn wij we ons onze je jouw jullie niet "
    "ook bij naar door dat die dit deze als aan om te tot uit of maar worden wordt "
    "gemeente samen werken werkgroep overleg"
)
_ENGLISH_TEXT = (
    "the a an and of for with about on in is are we our you your not also at to by "
    "that this these as from or but be been group working together team"
)
_DUTCH_WORDS = frozenset(_DUTCH_TEXT.split())
_ENGLISH_WORDS = frozenset(_ENGLISH_TEXT.split())


@dataclass(frozen=True, slots=True)
class ReconcileReport:
    """What one reconciliation of an organisation (its groups, or its memberships) did."""

    organisation: str
    added: int
    updated: int
    removed: int
    unchanged: int

    @property
    def repaired(self) -> int:
        return self.added + self.updated + self.removed


@dataclass(frozen=True, slots=True)
class _Entry:
    """What the index should hold for one group, read from its schema."""

    group_id: int
    slug: str
    name: str
    description: str  # the excerpt
    indexed_description: str
    tags: tuple[str, ...]
    member_count: int
    last_activity_at: datetime
    language: str
    cover_url: str
    url: str
    visibility: str

    def differs_from(self, row: HubGroup) -> bool:
        return (
            self.slug,
            self.name,
            self.description,
            self.tags,
            self.member_count,
            self.last_activity_at,
            self.language,
            self.cover_url,
            self.url,
            self.visibility,
        ) != (
            row.slug,
            row.name,
            row.description,
            tuple(row.tags),
            row.member_count,
            row.last_activity_at,
            row.language,
            row.cover_url,
            row.url,
            row.visibility,
        )


def hub_group_sync(*, schema_name: str, group_id: int) -> None:
    """Copy one group into the index, or remove its row when it is no longer listable."""
    organisation = Organisation.objects.filter(schema_name=schema_name).first()
    if organisation is None or organisation.is_hub:
        return  # deleted organisation: its rows went with it (FK cascade)
    if not schema_exists(schema_name):
        HubGroup.objects.filter(organisation=organisation, group_id=group_id).delete()
        return
    # A suspended organisation keeps its rows: every read filters on the organisation's
    # status, so they are hidden at once, and shown again at once when it is resumed.
    entries = _entries_read(organisation=organisation, group_ids=[group_id])
    with schema_context("public"):
        if entries:
            _write(organisation=organisation, entries=entries, removed=[])
        else:
            HubGroup.objects.filter(organisation=organisation, group_id=group_id).delete()


def hub_organisation_reconcile(*, organisation: Organisation) -> ReconcileReport:
    """Make the organisation's rows exactly match its listable groups (also while it is
    suspended: reads hide those rows by status, and resuming shows them again at once)."""
    with schema_context("public"):
        rows = {row.group_id: row for row in HubGroup.objects.filter(organisation=organisation)}
    entries = (
        _entries_read(organisation=organisation, group_ids=None)
        if not organisation.is_hub and schema_exists(organisation.schema_name)
        else []
    )
    wanted = {entry.group_id: entry for entry in entries}
    changed = [
        entry
        for group_id, entry in wanted.items()
        if group_id not in rows or entry.differs_from(rows[group_id])
    ]
    stale = [group_id for group_id in rows if group_id not in wanted]
    with schema_context("public"):
        _write(organisation=organisation, entries=changed, removed=stale)
    added = sum(1 for entry in changed if entry.group_id not in rows)
    return ReconcileReport(
        organisation=organisation.slug,
        added=added,
        updated=len(changed) - added,
        removed=len(stale),
        unchanged=len(wanted) - len(changed),
    )


def hub_organisation_remove(*, organisation: Organisation) -> int:
    """Remove every row of an organisation; returns how many there were."""
    with schema_context("public"):
        deleted, _ = HubGroup.objects.filter(organisation=organisation).delete()
    return deleted


def _entries_read(*, organisation: Organisation, group_ids: list[int] | None) -> list[_Entry]:
    # Imported here: the group models are a tenant app, loaded in every process anyway,
    # but the hub module must not depend on them at import time (app loading order).
    from tenant_apps.groups.models import Group

    base_url = organisation_url(organisation.primary_domain_name())
    with schema_context(organisation.schema_name):
        groups = Group.objects.filter(visibility__in=_LISTABLE, deleted_at__isnull=True)
        if group_ids is not None:
            groups = groups.filter(pk__in=group_ids)
        return [
            _entry(group, base_url=base_url)
            for group in groups.prefetch_related("tags").order_by("pk")  # type: ignore[misc]
        ]


def _entry(group: Any, *, base_url: str) -> _Entry:
    text = _plain_text(group.description)
    name = _clean(group.name)
    return _Entry(
        group_id=group.pk,
        slug=group.slug,
        name=name,
        description=_excerpt(text),
        indexed_description=text[:INDEXED_DESCRIPTION_CHARS],
        tags=tuple(sorted(_clean(tag.name) for tag in group.tags.all())),
        member_count=group.member_count,
        last_activity_at=group.last_activity_at,
        language=language_guess(f"{name} {text}"),
        cover_url=f"{base_url}api/v1/groups/{group.slug}/cover/" if group.cover else "",
        url=f"{base_url}groups/{group.slug}/",
        visibility=group.visibility,
    )


def language_guess(text: str) -> str:
    """Dutch or English, by counting common words (groups carry no language field);
    Dutch wins ties, being the platform's default."""
    words = _WORD.findall(text.lower())
    dutch = sum(1 for word in words if word in _DUTCH_WORDS)
    english = sum(1 for word in words if word in _ENGLISH_WORDS)
    return HubLanguage.ENGLISH if english > dutch else HubLanguage.DUTCH


def _plain_text(description_html: str) -> str:
    return _clean(html.unescape(strip_tags(description_html or "")))


def _clean(text: str) -> str:
    text = text.replace(MARK_START, "").replace(MARK_END, "")
    return _WHITESPACE.sub(" ", text).strip()


def _excerpt(text: str) -> str:
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text[:EXCERPT_CHARS].rsplit(" ", 1)[0]
    return f"{cut}…"


# One statement for all of an organisation's changes: the rows arrive as one JSON
# parameter (values never spliced into the SQL) and stale rows go in the same statement.
# Being one statement matters beyond speed: the triggers that move the facet version
# (migration 0003) run at its end, after every row lock is taken, so no transaction
# waits for a row while holding the version. The vector weighs the name (A) over the
# tags (B) over the description (C), each under both configurations.
_WRITE_SQL = """
WITH removed AS (
    DELETE FROM public.hub_hubgroup
    WHERE organisation_id = %(organisation_id)s AND group_id = ANY(%(removed)s::bigint[])
), incoming AS (
    SELECT * FROM json_to_recordset(%(rows)s::json) AS r(
        group_id bigint, slug text, name text, description text, tags text[],
        member_count integer, last_activity_at timestamptz, language text,
        cover_url text, url text, visibility text, indexed_description text
    )
)
INSERT INTO public.hub_hubgroup (
    organisation_id, group_id, slug, name, description, tags, member_count,
    last_activity_at, language, cover_url, url, visibility, indexed_at, search_vector
)
SELECT
    %(organisation_id)s, group_id, slug, name, description, tags, member_count,
    last_activity_at, language, cover_url, url, visibility, now(),
    setweight(to_tsvector('dutch', name), 'A')
    || setweight(to_tsvector('english', name), 'A')
    || setweight(to_tsvector('dutch', array_to_string(tags, ' ')), 'B')
    || setweight(to_tsvector('english', array_to_string(tags, ' ')), 'B')
    || setweight(to_tsvector('dutch', indexed_description), 'C')
    || setweight(to_tsvector('english', indexed_description), 'C')
FROM incoming
ON CONFLICT (organisation_id, group_id) DO UPDATE SET
    slug = EXCLUDED.slug, name = EXCLUDED.name, description = EXCLUDED.description,
    tags = EXCLUDED.tags, member_count = EXCLUDED.member_count,
    last_activity_at = EXCLUDED.last_activity_at, language = EXCLUDED.language,
    cover_url = EXCLUDED.cover_url, url = EXCLUDED.url, visibility = EXCLUDED.visibility,
    indexed_at = EXCLUDED.indexed_at, search_vector = EXCLUDED.search_vector
"""


def _write(*, organisation: Organisation, entries: Iterable[_Entry], removed: list[int]) -> None:
    rows = [
        {
            "group_id": entry.group_id,
            "slug": entry.slug,
            "name": entry.name,
            "description": entry.description,
            "tags": list(entry.tags),
            "member_count": entry.member_count,
            "last_activity_at": entry.last_activity_at.isoformat(),
            "language": entry.language,
            "cover_url": entry.cover_url,
            "url": entry.url,
            "visibility": entry.visibility,
            "indexed_description": entry.indexed_description,
        }
        for entry in entries
    ]
    if not rows and not removed:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            _WRITE_SQL,
            {"organisation_id": organisation.pk, "removed": removed, "rows": json.dumps(rows)},
        )


# --- "my groups": memberships by OpenID identity ----------------------------------------


@dataclass(frozen=True, slots=True)
class _MembershipEntry:
    """What the index should hold for one membership, read from the organisation's schema."""

    group_id: int
    oidc_issuer: str
    oidc_subject: str
    group_slug: str
    group_name: str

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.group_id, self.oidc_issuer, self.oidc_subject)

    def differs_from(self, row: HubMembership) -> bool:
        return (self.group_slug, self.group_name) != (row.group_slug, row.group_name)


def hub_group_memberships_sync(*, schema_name: str, group_id: int) -> None:
    """Make the membership rows of one group match its members (all of them gone when the
    group is deleted). Secret groups included: each row is shown only to its member."""
    organisation = Organisation.objects.filter(schema_name=schema_name).first()
    if organisation is None or organisation.is_hub:
        return  # deleted organisation: its rows went with it (FK cascade)
    entries = (
        _memberships_read(organisation=organisation, group_ids=[group_id])
        if schema_exists(schema_name)
        else []
    )
    _memberships_level(organisation=organisation, entries=entries, group_ids=[group_id])


def hub_organisation_memberships_reconcile(*, organisation: Organisation) -> ReconcileReport:
    """Make the organisation's membership rows exactly match its memberships (also while
    it is suspended: reads hide those rows by status)."""
    entries = (
        _memberships_read(organisation=organisation, group_ids=None)
        if not organisation.is_hub and schema_exists(organisation.schema_name)
        else []
    )
    return _memberships_level(organisation=organisation, entries=entries, group_ids=None)


def _memberships_read(
    *, organisation: Organisation, group_ids: list[int] | None
) -> list[_MembershipEntry]:
    from tenant_apps.groups.models import Membership

    with schema_context(organisation.schema_name):
        # Only people known by an OpenID identity can be found again on the hub, and only
        # accounts that may still use the subsite.
        memberships = Membership.objects.filter(
            group__deleted_at__isnull=True, user__is_active=True
        ).exclude(user__oidc_subject="")
        if group_ids is not None:
            memberships = memberships.filter(group_id__in=group_ids)
        return [
            _MembershipEntry(
                group_id=group_id,
                oidc_issuer=issuer,
                oidc_subject=subject,
                group_slug=slug,
                group_name=_clean(name),
            )
            for group_id, issuer, subject, slug, name in memberships.values_list(
                "group_id", "user__oidc_issuer", "user__oidc_subject", "group__slug", "group__name"
            ).order_by("pk")
        ]


def _memberships_level(
    *,
    organisation: Organisation,
    entries: list[_MembershipEntry],
    group_ids: list[int] | None,
) -> ReconcileReport:
    """Write only the difference between the rows of these groups (all the organisation's
    when group_ids is None) and the wanted entries, in one transaction."""
    wanted = {entry.key: entry for entry in entries}
    with schema_context("public"), transaction.atomic():
        existing = HubMembership.objects.filter(organisation=organisation)
        if group_ids is not None:
            existing = existing.filter(group_id__in=group_ids)
        rows = {(row.group_id, row.oidc_issuer, row.oidc_subject): row for row in existing}
        stale = [row.pk for key, row in rows.items() if key not in wanted]
        new = [entry for key, entry in wanted.items() if key not in rows]
        changed = [
            entry for key, entry in wanted.items() if key in rows and entry.differs_from(rows[key])
        ]
        if stale:
            HubMembership.objects.filter(pk__in=stale).delete()
        if new or changed:
            # An upsert, so that two syncs of the same group racing each other cannot
            # fail on the unique constraint: the later one simply writes the same values.
            HubMembership.objects.bulk_create(
                [
                    HubMembership(
                        organisation=organisation,
                        group_id=entry.group_id,
                        oidc_issuer=entry.oidc_issuer,
                        oidc_subject=entry.oidc_subject,
                        group_slug=entry.group_slug,
                        group_name=entry.group_name,
                    )
                    for entry in [*new, *changed]
                ],
                update_conflicts=True,
                unique_fields=["organisation", "group_id", "oidc_issuer", "oidc_subject"],
                update_fields=["group_slug", "group_name", "indexed_at"],
            )
    return ReconcileReport(
        organisation=organisation.slug,
        added=len(new),
        updated=len(changed),
        removed=len(stale),
        unchanged=len(wanted) - len(new) - len(changed),
    )


def hub_index_analyze() -> None:
    """Refresh the planner's statistics of the index tables after a bulk rebuild: a
    freshly filled table has none until autovacuum comes by, and without them the
    planner misjudges how many rows a search matches (and picks slow plans)."""
    with schema_context("public"), connection.cursor() as cursor:
        cursor.execute("ANALYZE public.hub_hubgroup, public.hub_hubmembership")
