"""Reads for the hub pages and API: search over the index with facets, organisations.

Every read filters on the organisation's status in the query itself, so a suspended or
archived organisation's groups disappear at once, before any task has removed its rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from math import ceil
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, CharField, Count, F, QuerySet, Value, When
from django.db.models.expressions import Func
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from shared_apps.hub.models import HubGroup, HubLanguage
from shared_apps.hub.services import MARK_END, MARK_START
from tenants.models import Organisation, OrganisationKind, OrganisationStatus

Q_MAX_CHARS = 200
PAGE_SIZE = 20
PAGE_SIZE_MAX = 50
PAGE_MAX = 500
TAG_FACET_LIMIT = 20
SORTS = ("relevance", "activity", "members")
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,50}$")
_HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15, "
    "MaxFragments=0, HighlightAll=false"
)
_NAME_HEADLINE_OPTIONS = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"


class HubSearchInvalid(Exception):
    """Search parameters that cannot be used; `errors` maps each to a readable message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True, slots=True)
class HubSearchParams:
    q: str = ""
    organisation: str | None = None
    kind: str | None = None
    tag: str | None = None
    language: str | None = None
    sort: str = "relevance"
    page: int = 1


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class HubSearchItem:
    group_id: int
    slug: str
    name: str
    name_html: SafeString
    description: str
    snippet_html: SafeString
    tags: list[str]
    member_count: int
    last_activity_at: Any
    language: str
    cover_url: str
    url: str
    visibility: str
    organisation_slug: str
    organisation_name: str
    organisation_kind: str


@dataclass(frozen=True, slots=True)
class HubSearchResult:
    items: list[HubSearchItem]
    total: int
    page: int
    page_size: int
    pages: int
    q: str
    sort: str
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@dataclass(frozen=True, slots=True)
class HubOrganisation:
    slug: str
    name: str
    kind: str
    kind_label: str
    url: str
    group_count: int


def hub_search_params(data: Mapping[str, Any]) -> HubSearchParams:
    """Validate request parameters (a QueryDict or dict); raises HubSearchInvalid."""
    errors: dict[str, str] = {}

    def text(name: str) -> str:
        raw = data.get(name, "")
        return (raw if isinstance(raw, str) else str(raw)).strip()

    # Long queries are cut, not refused: a pasted paragraph still finds something.
    q = text("q")[:Q_MAX_CHARS]
    organisation = text("organisation") or None
    if organisation is not None and not _SLUG.match(organisation):
        errors["organisation"] = _("Not a valid organisation identifier.")
    kind = text("kind") or None
    if kind is not None and kind not in OrganisationKind.values:
        errors["kind"] = _("Unknown kind; use one of: %(kinds)s.") % {
            "kinds": ", ".join(OrganisationKind.values)
        }
    tag = text("tag") or None
    if tag is not None and len(tag) > 100:
        errors["tag"] = _("A tag is at most 100 characters.")
    language = text("language") or None
    if language is not None and language not in HubLanguage.values:
        errors["language"] = _("Unknown language; use nl or en.")
    sort = text("sort") or "relevance"
    if sort not in SORTS:
        errors["sort"] = _("Unknown sort; use one of: %(sorts)s.") % {"sorts": ", ".join(SORTS)}
    page_text = text("page") or "1"
    page = 1
    if not page_text.isdigit() or not 1 <= int(page_text) <= PAGE_MAX:
        errors["page"] = _("The page must be a whole number from 1 to %(max)d.") % {"max": PAGE_MAX}
    else:
        page = int(page_text)
    if "\x00" in q:
        errors["q"] = _("The search text contains a character that is not allowed.")
    if errors:
        raise HubSearchInvalid(errors)
    return HubSearchParams(
        q=q, organisation=organisation, kind=kind, tag=tag, language=language, sort=sort, page=page
    )


def hub_groups_search(
    *,
    q: str = "",
    organisation: str | None = None,
    kind: str | None = None,
    tag: str | None = None,
    language: str | None = None,
    sort: str = "relevance",
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> HubSearchResult:
    """One page of listable groups of active organisations, with facet counts over the
    whole filtered set. User text only ever reaches SQL as a parameter."""
    q = q.replace("\x00", "").strip()[:Q_MAX_CHARS]
    page = max(1, page)
    page_size = max(1, min(page_size, PAGE_SIZE_MAX))
    rows = HubGroup.objects.filter(organisation__status=OrganisationStatus.ACTIVE)
    query: SearchQuery | None = None
    if q:
        query = SearchQuery(q, search_type="websearch", config="dutch") | SearchQuery(
            q, search_type="websearch", config="english"
        )
        rows = rows.filter(search_vector=query)
    if organisation:
        rows = rows.filter(organisation__slug=organisation)
    if kind:
        rows = rows.filter(organisation__kind=kind)
    if tag:
        rows = rows.filter(tags__contains=[tag])
    if language:
        rows = rows.filter(language=language)

    total = rows.count()
    # Every facet is always present (empty when nothing matched): clients and the API
    # schema can rely on the same shape for any answer.
    facets = _facets(rows) if total else {name: [] for name in FACET_NAMES}
    if sort == "relevance" and query is None:
        sort = "activity"  # nothing to rank by; the most alive groups first
    ordered = rows.select_related("organisation")
    if sort == "relevance" and query is not None:
        ordered = ordered.annotate(rank=SearchRank(F("search_vector"), query)).order_by(
            "-rank", "-last_activity_at", "pk"
        )
    elif sort == "members":
        ordered = ordered.order_by("-member_count", "-last_activity_at", "pk")
    else:
        ordered = ordered.order_by("-last_activity_at", "pk")
    if q:
        ordered = ordered.annotate(
            name_headline=_headline("name", q, _NAME_HEADLINE_OPTIONS),
            snippet_headline=_headline("description", q, _HEADLINE_OPTIONS),
        )
    start = (page - 1) * page_size
    items = [_item(row, with_headlines=bool(q)) for row in ordered[start : start + page_size]]
    return HubSearchResult(
        items=items,
        total=total,
        page=page,
        page_size=page_size,
        pages=max(1, ceil(total / page_size)),
        q=q,
        sort=sort,
        facets=facets,
    )


def hub_organisations(*, kind: str | None = None) -> list[HubOrganisation]:
    """Every active organisation with how many of its groups the hub lists."""
    from tenants.services import organisation_url

    organisations = (
        Organisation.objects.exclude(schema_name="public")
        .filter(status=OrganisationStatus.ACTIVE)
        .annotate(group_count=Count("hub_groups"))
        .prefetch_related("domains")
        .order_by("name", "slug")
    )
    if kind:
        organisations = organisations.filter(kind=kind)
    return [
        HubOrganisation(
            slug=organisation.slug,
            name=organisation.name,
            kind=organisation.kind,
            kind_label=str(organisation.get_kind_display()),  # type: ignore[attr-defined]
            url=organisation_url(organisation.primary_domain_name()),
            group_count=organisation.group_count,  # type: ignore[attr-defined]
        )
        for organisation in organisations
    ]


def hub_organisation_get(*, slug: str) -> HubOrganisation | None:
    """An active organisation by slug; a suspended or unknown one is None alike."""
    found = [o for o in hub_organisations() if o.slug == slug] if _SLUG.match(slug) else []
    return found[0] if found else None


def organisations_active() -> QuerySet[Organisation]:
    return (
        Organisation.objects.exclude(schema_name="public")
        .filter(status=OrganisationStatus.ACTIVE)
        .prefetch_related("domains")
        .order_by("name")
    )


def highlighted(text: str) -> SafeString:
    """Escape everything, then turn the highlight markers (and only them) into <mark>."""
    escaped = escape(text.replace("<mark>", "").replace("</mark>", ""))
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _headline(column: str, q: str, options: str) -> Case:
    # Each row is highlighted with the configuration of its own language, so that the
    # stemmed query words line up with the words of the text.
    def headline(config: str) -> Func:
        return Func(
            Value(config),
            F(column),
            Func(Value(config), Value(q), function="websearch_to_tsquery"),
            Value(options),
            function="ts_headline",
            output_field=CharField(),
        )

    return Case(
        When(language=HubLanguage.ENGLISH, then=headline("english")),
        default=headline("dutch"),
        output_field=CharField(),
    )


def _item(row: HubGroup, *, with_headlines: bool) -> HubSearchItem:
    name_text = getattr(row, "name_headline", None) if with_headlines else None
    snippet_text = getattr(row, "snippet_headline", None) if with_headlines else None
    return HubSearchItem(
        group_id=row.group_id,
        slug=row.slug,
        name=row.name,
        name_html=highlighted(name_text or row.name),
        description=row.description,
        snippet_html=highlighted(snippet_text or row.description),
        tags=list(row.tags),
        member_count=row.member_count,
        last_activity_at=row.last_activity_at,
        language=row.language,
        cover_url=row.cover_url,
        url=row.url,
        visibility=row.visibility,
        organisation_slug=row.organisation.slug,
        organisation_name=row.organisation.name,
        organisation_kind=row.organisation.kind,
    )


FACET_NAMES = ("organisation", "kind", "tag", "language")


def _facets(rows: QuerySet[HubGroup]) -> dict[str, list[FacetValue]]:
    kinds = dict(OrganisationKind.choices)
    languages = dict(HubLanguage.choices)
    by_organisation = (
        rows.values("organisation__slug", "organisation__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation__name")
    )
    by_kind = rows.values("organisation__kind").annotate(n=Count("pk")).order_by("-n")
    by_language = rows.values("language").annotate(n=Count("pk")).order_by("-n")
    return {
        "organisation": [
            FacetValue(r["organisation__slug"], r["organisation__name"], r["n"])
            for r in by_organisation
        ],
        "kind": [
            FacetValue(r["organisation__kind"], str(kinds.get(r["organisation__kind"], "")), r["n"])
            for r in by_kind
        ],
        "tag": _tag_facet(rows),
        "language": [
            FacetValue(r["language"], str(languages.get(r["language"], "")), r["n"])
            for r in by_language
        ],
    }


def _tag_facet(rows: QuerySet[HubGroup]) -> list[FacetValue]:
    # The filtered query is embedded with its parameters kept apart (sql_with_params):
    # no user text is ever spliced into the SQL string.
    inner, params = rows.values("pk", "tags").query.sql_with_params()
    sql = (
        f"SELECT tag, count(*) AS n FROM ({inner}) AS filtered, unnest(filtered.tags) AS tag "
        "GROUP BY tag ORDER BY n DESC, tag LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, TAG_FACET_LIMIT])
        return [FacetValue(tag, tag, n) for tag, n in cursor.fetchall()]
