"""Reads for the hub pages and API: search over the index with facets, organisations.

Every read filters on the organisation's status in the query itself, so a suspended or
archived organisation's groups disappear at once, before any task has removed its rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from math import ceil
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from shared_apps.hub.facet_cache import (
    FacetCounts,
    facet_cache_get,
    facet_cache_key,
    facet_cache_set,
)
from shared_apps.hub.models import HubLanguage, HubMembership
from shared_apps.hub.search_sql import SearchFilters, search_statement
from shared_apps.hub.services import MARK_END, MARK_START
from tenant_apps.site.selectors import logo_url_on
from tenants.models import Domain, Organisation, OrganisationKind, OrganisationStatus

Q_MAX_CHARS = 200
PAGE_SIZE = 20
PAGE_SIZE_MAX = 50
PAGE_MAX = 500
SORTS = ("relevance", "activity", "members")
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,50}$")


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
    logo_url: str = ""


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


def hub_groups_search_for(*, params: HubSearchParams) -> HubSearchResult:
    """hub_groups_search with validated request parameters (the page and the API)."""
    return hub_groups_search(
        q=params.q,
        organisation=params.organisation,
        kind=params.kind,
        tag=params.tag,
        language=params.language,
        sort=params.sort,
        page=params.page,
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
    whole filtered set, in one SQL statement (see search_sql). Without words, the
    counts come from a cache keyed by the index's version (see facet_cache)."""
    q = q.replace("\x00", "").strip()[:Q_MAX_CHARS]
    page = max(1, page)
    page_size = max(1, min(page_size, PAGE_SIZE_MAX))
    if sort not in SORTS or (sort == "relevance" and not q):
        sort = "activity"  # nothing to rank by; the most alive groups first
    filters = SearchFilters(q=q, organisation=organisation, kind=kind, tag=tag, language=language)
    cache_key = facet_cache_key(filters=filters)
    cached = facet_cache_get(key=cache_key) if cache_key else None
    sql, params = search_statement(
        filters=filters,
        sort=sort,
        limit=page_size,
        offset=(page - 1) * page_size,
        with_facets=cached is None,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        total, facet_rows, tag_rows, item_rows = cursor.fetchone()
    if cached is None:
        counts = FacetCounts(total=total, rows=facet_rows or [], tags=tag_rows or [])
        if cache_key:
            facet_cache_set(key=cache_key, counts=counts)
    else:
        counts = cached
    return HubSearchResult(
        items=[_item(row) for row in item_rows or []],
        total=counts.total,
        page=page,
        page_size=page_size,
        pages=max(1, ceil(counts.total / page_size)),
        q=q,
        sort=sort,
        facets=_facets(counts),
    )


def hub_organisations(*, kind: str | None = None) -> list[HubOrganisation]:
    """Every active organisation with how many of its groups the hub lists. The counts
    are the organisation facet of the unfiltered search, so they come from its cache
    rather than from counting 25,000 rows for every directory page."""
    found = _organisations(kind=kind)
    if not found:
        return []
    counts = {f.value: f.count for f in hub_groups_search(page_size=1).facets["organisation"]}
    return [_with_count(organisation, counts.get(organisation.slug, 0)) for organisation in found]


def hub_organisation_get(*, slug: str) -> HubOrganisation | None:
    """An active organisation by slug; a suspended or unknown one is None alike."""
    found = _organisations(slug=slug) if _SLUG.match(slug) else []
    if not found:
        return None
    return _with_count(found[0], hub_groups_search(organisation=slug, page_size=1).total)


def _organisations(*, kind: str | None = None, slug: str | None = None) -> list[HubOrganisation]:
    from tenants.services import organisation_url

    rows = Organisation.objects.exclude(schema_name="public").filter(
        status=OrganisationStatus.ACTIVE
    )
    if kind:
        rows = rows.filter(kind=kind)
    if slug:
        rows = rows.filter(slug=slug)
    kinds = dict(OrganisationKind.choices)
    return [
        HubOrganisation(
            slug=row_slug,
            name=name,
            kind=row_kind,
            kind_label=str(kinds.get(row_kind, "")),
            url=organisation_url(domain or ""),
            group_count=0,
            logo_url=logo_url_on(site_url=organisation_url(domain or "")),
        )
        for row_slug, name, row_kind, domain in rows.annotate(domain=_primary_domain())
        .order_by("name", "slug")
        .values_list("slug", "name", "kind", "domain")
    ]


def _with_count(organisation: HubOrganisation, count: int) -> HubOrganisation:
    return replace(organisation, group_count=count)


def _primary_domain(organisation: str = "pk") -> Subquery:
    """The primary domain of the organisation at `organisation` (else any of its
    domains), as a subquery: no domain rows to load and no query per organisation."""
    return Subquery(
        Domain.objects.filter(tenant=OuterRef(organisation))
        .order_by("-is_primary", "pk")
        .values("domain")[:1]
    )


def highlighted(text: str) -> SafeString:
    """Escape everything, then turn the highlight markers (and only them) into <mark>."""
    escaped = escape(text.replace("<mark>", "").replace("</mark>", ""))
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _item(row: dict[str, Any]) -> HubSearchItem:
    name_text = row.get("name_headline") or row["name"]
    snippet_text = row.get("snippet_headline") or row["description"]
    return HubSearchItem(
        group_id=row["group_id"],
        slug=row["slug"],
        name=row["name"],
        name_html=highlighted(name_text),
        description=row["description"],
        snippet_html=highlighted(snippet_text),
        tags=list(row["tags"]),
        member_count=row["member_count"],
        last_activity_at=datetime.fromisoformat(row["last_activity_at"]),
        language=row["language"],
        cover_url=row["cover_url"],
        url=row["url"],
        visibility=row["visibility"],
        organisation_slug=row["organisation_slug"],
        organisation_name=row["organisation_name"],
        organisation_kind=row["organisation_kind"],
    )


FACET_NAMES = ("organisation", "kind", "tag", "language")


def _facets(counts: FacetCounts) -> dict[str, list[FacetValue]]:
    """Facet values, most frequent first. Every facet is always present (empty when
    nothing matched): clients and the API schema can rely on one shape for any answer.
    The kind facet is summed from the organisation facet: each organisation has one."""
    kinds = dict(OrganisationKind.choices)
    languages = dict(HubLanguage.choices)
    by_organisation: list[tuple[str, str, str, int]] = []
    by_kind: dict[str, int] = {}
    by_language: list[tuple[str, int]] = []
    for slug, name, kind, language, n in counts.rows:
        if slug is not None:
            by_organisation.append((slug, name, kind, n))
            by_kind[kind] = by_kind.get(kind, 0) + n
        elif language is not None:
            by_language.append((language, n))
    return {
        "organisation": [
            FacetValue(slug, name, n)
            for slug, name, _kind, n in sorted(by_organisation, key=lambda r: (-r[3], r[1], r[0]))
        ],
        "kind": [
            FacetValue(kind, str(kinds.get(kind, "")), n)
            for kind, n in sorted(by_kind.items(), key=lambda r: (-r[1], r[0]))
        ],
        "tag": [FacetValue(tag, tag, n) for tag, n in counts.tags],
        "language": [
            FacetValue(language, str(languages.get(language, "")), n)
            for language, n in sorted(by_language, key=lambda r: (-r[1], r[0]))
        ],
    }


# --- "my groups" ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MyGroup:
    group_id: int
    slug: str
    name: str
    url: str


@dataclass(frozen=True, slots=True)
class MyOrganisationGroups:
    slug: str
    name: str
    url: str
    groups: list[MyGroup]


def hub_my_groups(*, oidc_issuer: str, oidc_subject: str) -> list[MyOrganisationGroups]:
    """The groups of every active organisation that this person (by OpenID identity) is
    a member of, secret ones included, grouped by organisation; one query. A person
    without an identity has none: an empty subject must never match anyone's rows."""
    from tenants.services import organisation_url

    if not oidc_issuer or not oidc_subject:
        return []
    rows = (
        HubMembership.objects.filter(
            oidc_issuer=oidc_issuer,
            oidc_subject=oidc_subject,
            organisation__status=OrganisationStatus.ACTIVE,
        )
        .annotate(domain=_primary_domain("organisation"))
        .order_by("organisation__name", "organisation__slug", "group_name", "group_id")
        .values_list(
            "organisation__slug",
            "organisation__name",
            "domain",
            "group_id",
            "group_slug",
            "group_name",
        )
    )
    found: dict[str, MyOrganisationGroups] = {}
    for slug, name, domain, group_id, group_slug, group_name in rows:
        base = organisation_url(domain or "")
        entry = found.setdefault(
            slug, MyOrganisationGroups(slug=slug, name=name, url=base, groups=[])
        )
        entry.groups.append(
            MyGroup(
                group_id=group_id,
                slug=group_slug,
                name=group_name,
                url=f"{base}groups/{group_slug}/",
            )
        )
    return list(found.values())


def hub_my_groups_of(*, user: AbstractBaseUser | AnonymousUser) -> list[MyOrganisationGroups]:
    """The "my groups" of the hub's request user (a public-schema account carrying the same
    OpenID identity as the person's accounts on the subsites); anonymous: none."""
    if not getattr(user, "is_authenticated", False):
        return []
    return hub_my_groups(
        oidc_issuer=getattr(user, "oidc_issuer", "") or "",
        oidc_subject=getattr(user, "oidc_subject", "") or "",
    )
