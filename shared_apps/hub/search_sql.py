"""The one SQL statement behind a hub search: the page, the total and every facet count.

Why hand-written SQL: the ORM needs a statement per facet, each of which finds the
matching rows again (full-text match, joins, filters): six statements per search. Here
the matching rows are found once (a MATERIALIZED CTE holding only the few narrow columns
that counting and sorting need) and everything else is computed from them in the same
statement; the wide columns and the highlighted fragments are read for the page's rows
only. The rank (ts_rank) is computed only when sorting by relevance.

User text only ever reaches SQL as a parameter; the fragments below are fixed strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shared_apps.hub.services import MARK_END, MARK_START
from tenants.models import OrganisationStatus

TAG_FACET_LIMIT = 20
_HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15, "
    "MaxFragments=0, HighlightAll=false"
)
_NAME_HEADLINE_OPTIONS = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
# Both configurations: a query matches whichever language the group is written in.
_TSQUERY = "(websearch_to_tsquery('dutch', %s) || websearch_to_tsquery('english', %s))"
_ORDER = {
    "relevance": "{t}rank DESC, {t}last_activity_at DESC, {t}id",
    "members": "{t}member_count DESC, {t}last_activity_at DESC, {t}id",
    "activity": "{t}last_activity_at DESC, {t}id",
}


@dataclass(frozen=True, slots=True)
class SearchFilters:
    q: str = ""
    organisation: str | None = None
    kind: str | None = None
    tag: str | None = None
    language: str | None = None


def _where(filters: SearchFilters) -> tuple[str, list[Any]]:
    # Status is checked in the statement itself: a suspended organisation's rows vanish
    # at once, before any task has touched them.
    conditions, params = ["o.status = %s"], [OrganisationStatus.ACTIVE.value]
    if filters.q:
        conditions.append(f"g.search_vector @@ {_TSQUERY}")
        params += [filters.q, filters.q]
    if filters.organisation:
        conditions.append("o.slug = %s")
        params.append(filters.organisation)
    if filters.kind:
        conditions.append("o.kind = %s")
        params.append(filters.kind)
    if filters.tag:
        # The array's own type, so that the GIN index on tags serves the containment.
        conditions.append("g.tags @> ARRAY[%s]::varchar(100)[]")
        params.append(filters.tag)
    if filters.language:
        conditions.append("g.language = %s")
        params.append(filters.language)
    return " AND ".join(conditions), params


def search_statement(
    *, filters: SearchFilters, sort: str, limit: int, offset: int, with_facets: bool
) -> tuple[str, list[Any]]:
    """SQL and parameters answering one row: (total, facets, tags, items), each facet
    and the items as JSON; total and facets are NULL when with_facets is false."""
    where, where_params = _where(filters)
    ranked = sort == "relevance" and bool(filters.q)
    rank = f", ts_rank(g.search_vector, {_TSQUERY}) AS rank" if ranked else ""
    rank_params = [filters.q, filters.q] if ranked else []
    order = _ORDER[sort if ranked or sort != "relevance" else "activity"]
    params: list[Any] = []
    if with_facets:
        sql = [
            f"""
            WITH matched AS MATERIALIZED (
                SELECT g.id, g.organisation_id, g.language, g.tags, g.member_count,
                    g.last_activity_at{rank}
                FROM hub_hubgroup g JOIN tenants_organisation o ON o.id = g.organisation_id
                WHERE {where}
            )
            SELECT
            (SELECT count(*) FROM matched) AS total,
            (SELECT json_agg(json_build_array(f.slug, f.name, f.kind, f.language, f.n))
             FROM (
                SELECT o.slug, o.name, o.kind, c.language, c.n
                FROM (
                    SELECT organisation_id, language, count(*) AS n FROM matched
                    GROUP BY GROUPING SETS ((organisation_id), (language))
                ) c LEFT JOIN tenants_organisation o ON o.id = c.organisation_id
             ) f) AS facets,
            (SELECT json_agg(json_build_array(t.tag, t.n) ORDER BY t.n DESC, t.tag)
             FROM (
                SELECT tag, count(*) AS n FROM matched, unnest(matched.tags) AS tag
                GROUP BY tag ORDER BY n DESC, tag LIMIT %s
             ) t) AS tags,"""
        ]
        params += [*rank_params, *where_params, TAG_FACET_LIMIT]
        page = f"SELECT * FROM matched ORDER BY {order.format(t='')} LIMIT %s OFFSET %s"
        page_params: list[Any] = []
    else:
        # The counts are known already: the page alone, straight from the table, where
        # the sort's index can deliver the first rows without sorting all matches.
        sql = ["SELECT NULL AS total, NULL AS facets, NULL AS tags,"]
        page = f"""
            SELECT g.id, g.member_count, g.last_activity_at{rank}
            FROM hub_hubgroup g JOIN tenants_organisation o ON o.id = g.organisation_id
            WHERE {where} ORDER BY {order.format(t="")} LIMIT %s OFFSET %s"""
        page_params = [*rank_params, *where_params]
    if filters.q:
        headlines = """,
                'name_headline', CASE WHEN g.language = 'en'
                    THEN ts_headline('english', g.name, websearch_to_tsquery('english', %s), %s)
                    ELSE ts_headline('dutch', g.name, websearch_to_tsquery('dutch', %s), %s) END,
                'snippet_headline', CASE WHEN g.language = 'en'
                    THEN ts_headline('english', g.description,
                        websearch_to_tsquery('english', %s), %s)
                    ELSE ts_headline('dutch', g.description,
                        websearch_to_tsquery('dutch', %s), %s) END"""
        headline_params: list[Any] = [filters.q, _NAME_HEADLINE_OPTIONS] * 2 + [
            filters.q,
            _HEADLINE_OPTIONS,
        ] * 2
    else:
        headlines, headline_params = "", []
    sql.append(
        f"""
        (SELECT json_agg(json_build_object(
                'group_id', g.group_id, 'slug', g.slug, 'name', g.name,
                'description', g.description, 'tags', g.tags,
                'member_count', g.member_count, 'last_activity_at', g.last_activity_at,
                'language', g.language, 'cover_url', g.cover_url, 'url', g.url,
                'visibility', g.visibility, 'organisation_slug', o.slug,
                'organisation_name', o.name, 'organisation_kind', o.kind{headlines}
            ) ORDER BY {order.format(t="p.")})
         FROM ({page}) p
         JOIN hub_hubgroup g ON g.id = p.id
         JOIN tenants_organisation o ON o.id = g.organisation_id
        ) AS items
        """
    )
    params += [*headline_params, *page_params, limit, offset]
    return "".join(sql), params
