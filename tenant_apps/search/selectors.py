"""Full-text search inside one subsite, over everything the viewer may see.

PostgreSQL full-text search, no search server: every text is matched with both the
'dutch' and the 'english' configuration (people write both here), plus a prefix match of
the query's words and of their Dutch stems on the unstemmed words of the text, because
the Dutch stemmer does not bring every form of a word to the same stem ('fietsen'
becomes 'fiets', but 'fiets' becomes 'fiet') and because Dutch glues words together
('fiets' should find 'fietsenstalling', 'kaas' 'kaasmarkt').

User text only ever reaches the database as a query parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.contrib.postgres.search import (
    SearchQuery,
    SearchQueryCombinable,
    SearchQueryField,
    SearchRank,
    SearchVector,
    SearchVectorCombinable,
)
from django.db.models import CharField, F, Func, QuerySet, TextField, Value
from django.db.models.functions import Substr
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from tenant_apps.discussions.models import Discussion, NewsPost
from tenant_apps.events.models import Event
from tenant_apps.files.models import StoredFile
from tenant_apps.groups.access import Viewer, groups_readable_by, groups_visible_to

# Longer queries are cut here: enough for any real question, and it bounds the work.
QUERY_MAX_CHARS = 200
KINDS: dict[str, Any] = {
    "group": _("Groups"),
    "discussion": _("Discussions"),
    "news": _("News"),
    "event": _("Events"),
    "file": _("Files"),
}
_CONFIGS = ("dutch", "english")
# A tsquery prints each lexeme quoted, with quotes inside doubled: 'fiets' & 'it''s'.
_LEXEME = r"'((?:[^']|'')+)'"
_EXCERPT_CHARS = 600
_COLUMNS = (
    "hit_kind",
    "hit_id",
    "hit_title",
    "hit_text",
    "hit_group_slug",
    "hit_group_name",
    "hit_created_at",
    "hit_rank",
)


class PrefixQuery(SearchQueryCombinable, Func):  # type: ignore[misc]
    """The query's words as the given configuration reduces them, each as a prefix
    ('fiets':*), to be matched against the unstemmed ('simple') words of a text."""

    output_field = SearchQueryField()
    template = "to_tsquery('simple'::regconfig, %(expressions)s)"

    def __init__(self, text: str, *, config: str) -> None:
        if config not in ("simple", "dutch"):
            raise ValueError(config)  # put into the SQL text, so never from outside
        words = Func(
            Value(text),
            template=f"websearch_to_tsquery('{config}'::regconfig, %(expressions)s)::text",
            output_field=TextField(),
        )
        prefixes = Func(
            words,
            Value(_LEXEME),
            Value(r"'\1':*"),
            Value("g"),
            function="regexp_replace",
            output_field=TextField(),
        )
        super().__init__(prefixes)


def search_text_clean(text: str) -> str:
    """The query as it is searched: one line, no NUL bytes (PostgreSQL refuses them),
    at most QUERY_MAX_CHARS characters."""
    return " ".join(text.replace("\x00", " ").split())[:QUERY_MAX_CHARS]


def search_hits(*, viewer: Viewer, text: str, kind: str | None = None) -> QuerySet[Any]:
    """Everything of the given kind (all kinds when None) that the viewer may see and that
    matches the text, best first, as rows for `search_hit_from_row`. One SQL query (a
    UNION ALL over the kinds), so a page of results costs a count and a fetch."""
    query = _query(search_text_clean(text))
    builders = {
        "group": _group_hits,
        "discussion": _discussion_hits,
        "news": _news_hits,
        "event": _event_hits,
        "file": _file_hits,
    }
    parts = [build(viewer, query) for name, build in builders.items() if kind in (None, name)]
    hits = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return hits.order_by("-hit_rank", "-hit_created_at", "hit_kind", "hit_id")


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str
    object_id: int
    title: str
    excerpt: str  # plain text: the HTML of the source is stripped
    group_slug: str
    group_name: str
    created_at: datetime
    rank: float
    url: str


def search_hit_from_row(row: dict[str, Any]) -> SearchHit:
    return SearchHit(
        kind=row["hit_kind"],
        object_id=row["hit_id"],
        title=row["hit_title"],
        excerpt=Truncator(" ".join(strip_tags(row["hit_text"] or "").split())).chars(240),
        group_slug=row["hit_group_slug"],
        group_name=row["hit_group_name"],
        created_at=row["hit_created_at"],
        rank=float(row["hit_rank"]),
        url=_url(kind=row["hit_kind"], object_id=row["hit_id"], group_slug=row["hit_group_slug"]),
    )


# Pages that show one item; a kind without one (yet) links to its group.
_ITEM_PAGES = {"discussion": "discussion-page", "event": "event-page"}


def _url(*, kind: str, object_id: int, group_slug: str) -> str:
    name = _ITEM_PAGES.get(kind)
    try:
        if name is not None:
            return reverse(name, kwargs={"slug": group_slug, "pk": object_id})
        return reverse("group-detail", kwargs={"slug": group_slug})
    except NoReverseMatch:  # the content apps are wired independently of this one
        return f"/groups/{group_slug}/"


def _query(text: str) -> SearchQueryCombinable:
    dutch, english = (SearchQuery(text, config=c, search_type="websearch") for c in _CONFIGS)
    # Prefixes of the Dutch stems ('fietsen' -> 'fiets':*) and of the words as typed
    # ('kaas' -> 'kaas':*, whose Dutch stem 'kas' would miss 'kaasdiscussie').
    return dutch | english | PrefixQuery(text, config="dutch") | PrefixQuery(text, config="simple")


def _vector(title: str, *body: str) -> SearchVectorCombinable:
    # Titles weigh more than bodies in the ranking (A > B).
    vector: Any = None
    for config in (*_CONFIGS, "simple"):
        for fields, weight in (((title,), "A"), (body, "B")):
            if not fields:
                continue
            part = SearchVector(*fields, config=config, weight=weight)
            vector = part if vector is None else vector + part
    return vector  # type: ignore[no-any-return]


def _rows(
    items: QuerySet[Any],
    *,
    kind: str,
    vector: SearchVectorCombinable,
    query: SearchQueryCombinable,
    title: str,
    text: Any,
    group_slug: str,
    group_name: str,
) -> QuerySet[Any]:
    # Every kind yields the same columns, in the same order, for the UNION ALL.
    return (
        items.alias(document=vector)
        .filter(document=query)
        .annotate(
            # Prefixed: an annotation may not take the name of a model field ("title").
            hit_kind=Value(kind, output_field=CharField()),
            hit_id=F("pk"),
            hit_title=F(title),
            hit_text=text,
            hit_group_slug=F(group_slug),
            hit_group_name=F(group_name),
            hit_created_at=F("created_at"),
            hit_rank=SearchRank(cast(Any, vector), query),
        )
        .values(*_COLUMNS)
    )


def _excerpt_of(field: str) -> Substr:
    return Substr(field, 1, _EXCERPT_CHARS, output_field=TextField())


def _group_hits(viewer: Viewer, query: SearchQueryCombinable) -> QuerySet[Any]:
    # Closed groups are listed for everyone, so their name and description are findable;
    # secret ones only by their members.
    return _rows(
        groups_visible_to(viewer),
        kind="group",
        vector=_vector("name", "description"),
        query=query,
        title="name",
        text=_excerpt_of("description"),
        group_slug="slug",
        group_name="name",
    )


def _readable(model: Any, viewer: Viewer) -> QuerySet[Any]:
    return model.objects.filter(group__in=groups_readable_by(viewer), deleted_at__isnull=True)


def _discussion_hits(viewer: Viewer, query: SearchQueryCombinable) -> QuerySet[Any]:
    return _content_rows(_readable(Discussion, viewer), "discussion", query, "title", "body")


def _news_hits(viewer: Viewer, query: SearchQueryCombinable) -> QuerySet[Any]:
    return _content_rows(_readable(NewsPost, viewer), "news", query, "title", "body")


def _event_hits(viewer: Viewer, query: SearchQueryCombinable) -> QuerySet[Any]:
    return _rows(
        _readable(Event, viewer),
        kind="event",
        vector=_vector("title", "description", "location"),
        query=query,
        title="title",
        text=_excerpt_of("description"),
        group_slug="group__slug",
        group_name="group__name",
    )


def _file_hits(viewer: Viewer, query: SearchQueryCombinable) -> QuerySet[Any]:
    return _rows(
        _readable(StoredFile, viewer),
        kind="file",
        vector=_vector("name"),
        query=query,
        title="name",
        text=Value("", output_field=TextField()),
        group_slug="group__slug",
        group_name="group__name",
    )


def _content_rows(
    items: QuerySet[Any], kind: str, query: SearchQueryCombinable, title: str, body: str
) -> QuerySet[Any]:
    return _rows(
        items,
        kind=kind,
        vector=_vector(title, body),
        query=query,
        title=title,
        text=_excerpt_of(body),
        group_slug="group__slug",
        group_name="group__name",
    )
