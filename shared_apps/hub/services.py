"""Writes to the hub's index: copy one group in, reconcile an organisation, remove one.

Everything here is idempotent and works from the current state of the group in its own
schema ("re-read this group"), never from the content of an event, so a repeated, late
or lost event can do no harm: the next sync or reconciliation sets the row right.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils.html import strip_tags
from django_tenants.utils import schema_context

from shared_apps.hub.models import HubGroup, HubLanguage, HubVisibility
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
            _upsert(organisation=organisation, entries=entries)
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
    with schema_context("public"), transaction.atomic():
        if stale:
            HubGroup.objects.filter(organisation=organisation, group_id__in=stale).delete()
        _upsert(organisation=organisation, entries=changed)
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


# One statement per group, values always passed as parameters. The vector weighs the
# name (A) over the tags (B) over the description (C), each under both configurations.
_UPSERT_SQL = """
INSERT INTO public.hub_hubgroup (
    organisation_id, group_id, slug, name, description, tags, member_count,
    last_activity_at, language, cover_url, url, visibility, indexed_at, search_vector
) VALUES (
    %(organisation_id)s, %(group_id)s, %(slug)s, %(name)s, %(description)s, %(tags)s,
    %(member_count)s, %(last_activity_at)s, %(language)s, %(cover_url)s, %(url)s,
    %(visibility)s, now(),
    setweight(to_tsvector('dutch', %(name)s), 'A')
    || setweight(to_tsvector('english', %(name)s), 'A')
    || setweight(to_tsvector('dutch', %(tag_text)s), 'B')
    || setweight(to_tsvector('english', %(tag_text)s), 'B')
    || setweight(to_tsvector('dutch', %(indexed_description)s), 'C')
    || setweight(to_tsvector('english', %(indexed_description)s), 'C')
)
ON CONFLICT (organisation_id, group_id) DO UPDATE SET
    slug = EXCLUDED.slug, name = EXCLUDED.name, description = EXCLUDED.description,
    tags = EXCLUDED.tags, member_count = EXCLUDED.member_count,
    last_activity_at = EXCLUDED.last_activity_at, language = EXCLUDED.language,
    cover_url = EXCLUDED.cover_url, url = EXCLUDED.url, visibility = EXCLUDED.visibility,
    indexed_at = EXCLUDED.indexed_at, search_vector = EXCLUDED.search_vector
"""


def _upsert(*, organisation: Organisation, entries: Iterable[_Entry]) -> None:
    parameters = [
        {
            "organisation_id": organisation.pk,
            "group_id": entry.group_id,
            "slug": entry.slug,
            "name": entry.name,
            "description": entry.description,
            "tags": list(entry.tags),
            "tag_text": " ".join(entry.tags),
            "member_count": entry.member_count,
            "last_activity_at": entry.last_activity_at,
            "language": entry.language,
            "cover_url": entry.cover_url,
            "url": entry.url,
            "visibility": entry.visibility,
            "indexed_description": entry.indexed_description,
        }
        for entry in entries
    ]
    if parameters:
        with connection.cursor() as cursor:
            cursor.executemany(_UPSERT_SQL, parameters)
