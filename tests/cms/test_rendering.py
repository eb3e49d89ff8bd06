"""Each page type and block renders, and lists of groups and events follow the visitor's
visibility rules: a secret group or its events never show to someone who cannot see it."""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tenant_apps.accounts.models import User
from tenant_apps.cms.models import HomePageFeaturedGroup
from tenant_apps.events.models import Event
from tenant_apps.groups.models import Group, Role, Visibility
from tenants.db import tenant_connection
from tenants.models import Organisation
from tests.cms.pages import content_page_add, home, image_add, news_add
from tests.conftest import ALPHA_HOST
from tests.factories import GroupFactory, MembershipFactory, UserFactory


@dataclass(frozen=True)
class Alpha:
    public: Group
    closed: Group
    secret: Group
    insider: User  # member of the secret group
    outsider: User  # member of nothing


@pytest.fixture
def alpha(in_alpha: Organisation) -> Alpha:
    now = timezone.now()
    public = GroupFactory(name="Fietsers", slug="fietsers", last_activity_at=now)
    closed = GroupFactory(
        name="Raadsleden",
        slug="raad",
        visibility=Visibility.CLOSED,
        last_activity_at=now - datetime.timedelta(days=1),
    )
    secret = GroupFactory(
        name="Geheim overleg",
        slug="geheim",
        visibility=Visibility.SECRET,
        last_activity_at=now + datetime.timedelta(days=1),
    )
    insider = UserFactory(username="insider")
    MembershipFactory(group=secret, user=insider, role=Role.MEMBER)
    return Alpha(public, closed, secret, insider, UserFactory(username="outsider"))


def _visit(path: str, user: User | None = None) -> str:
    # Logged in while the connection is on alpha: the login writes to the person's row there.
    client = Client(HTTP_HOST=ALPHA_HOST, HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, path
    return response.text


def _event(group: Group, title: str, starts_in_days: int, **fields: object) -> Event:
    starts = timezone.now() + datetime.timedelta(days=starts_in_days)
    return Event.objects.create(
        group=group,
        title=title,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        **fields,
    )


def _block(kind: str, value: object) -> dict[str, object]:
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def _group_cards(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/groups/[^/]+/">([^<]+)</a></h3>', html)


def test_chosen_groups_show_only_what_the_visitor_may_see(alpha: Alpha) -> None:
    # given a page listing three chosen groups, one of them (since) secret
    ids = [alpha.secret.pk, alpha.public.pk, alpha.closed.pk]
    content_page_add(
        title="Onze groepen",
        slug="groepen-overzicht",
        body=[_block("groups", {"heading": "Kies", "source": "chosen", "groups": ids, "limit": 6})],
    )
    # when an anonymous visitor, an outsider and a member of the secret group read it
    anonymous = _group_cards(_visit("/groepen-overzicht/"))
    outsider = _group_cards(_visit("/groepen-overzicht/", alpha.outsider))
    insider = _group_cards(_visit("/groepen-overzicht/", alpha.insider))
    # then the secret group shows only to its member, in the editor's order
    assert anonymous == ["Fietsers", "Raadsleden"]
    assert outsider == ["Fietsers", "Raadsleden"]
    assert insider == ["Geheim overleg", "Fietsers", "Raadsleden"]


def test_most_active_groups_are_public_ones_by_activity(alpha: Alpha) -> None:
    older = GroupFactory(
        name="Wandelaars",
        slug="wandelaars",
        last_activity_at=timezone.now() - datetime.timedelta(days=3),
    )
    GroupFactory(name="Weg", slug="weg", deleted_at=timezone.now())
    content_page_add(
        title="Actief",
        slug="actief",
        body=[_block("groups", {"heading": "", "source": "active", "groups": [], "limit": 6})],
    )
    # a member of the secret group still sees only public groups in this list
    assert _group_cards(_visit("/actief/", alpha.insider)) == ["Fietsers", older.name]


def test_upcoming_events_follow_the_visitors_access(alpha: Alpha) -> None:
    _event(alpha.public, "Fietstocht", 2)
    _event(alpha.closed, "Raadsvergadering", 1)
    _event(alpha.secret, "Geheime borrel", 3)
    _event(alpha.public, "Gisteren", -1)
    _event(alpha.public, "Afgelast", 4, deleted_at=timezone.now())
    content_page_add(
        title="Agenda",
        slug="agenda",
        body=[_block("events", {"heading": "Binnenkort", "limit": 5})],
    )
    titles = re.compile(r'<h3><a href="/groups/[^/]+/events/\d+/">([^<]+)</a></h3>')
    # anonymous visitors: public groups only; the insider: their secret group's too
    assert titles.findall(_visit("/agenda/")) == ["Fietstocht"]
    assert titles.findall(_visit("/agenda/", alpha.outsider)) == ["Fietstocht"]
    assert titles.findall(_visit("/agenda/", alpha.insider)) == ["Fietstocht", "Geheime borrel"]


def test_text_quote_and_link_blocks_render(alpha: Alpha) -> None:
    about = home().get_children().get(slug="over-ons")
    content_page_add(
        title="Alles",
        slug="alles",
        intro="Een overzicht.",
        body=[
            _block("heading", "Kopje"),
            _block("paragraph", "<p>Een <b>vette</b> alinea.</p>"),
            _block("quote", {"text": "Samen sterk.", "attribution": "De burgemeester"}),
            _block(
                "links",
                [
                    {"text": "Over ons", "page": about.pk, "url": ""},
                    {"text": "Rijksoverheid", "page": None, "url": "https://www.rijksoverheid.nl"},
                ],
            ),
        ],
    )
    html = _visit("/alles/")
    assert "<h1>Alles</h1>" in html and '<p class="intro">Een overzicht.</p>' in html
    assert "<h2>Kopje</h2>" in html
    assert "<p>Een <b>vette</b> alinea.</p>" in html
    assert "<blockquote><p>Samen sterk.</p></blockquote>" in html
    assert "<figcaption>De burgemeester</figcaption>" in html
    assert '<a href="/over-ons/">Over ons</a>' in html
    assert '<a href="https://www.rijksoverheid.nl">Rijksoverheid</a>' in html


def test_image_block_is_served_from_this_organisation(alpha: Alpha, media_root: Path) -> None:
    image = image_add(title="kaart")
    content_page_add(
        title="Kaart",
        slug="kaart",
        body=[_block("image", {"image": image.pk, "alt_text": "Kaart van Alpha", "caption": ""})],
    )
    html = _visit("/kaart/")
    src = re.search(r'<img src="(/images/[^"]+)" alt="Kaart van Alpha">', html)
    assert src is not None
    served = Client(HTTP_HOST=ALPHA_HOST).get(src.group(1))
    assert (served.status_code, served["Content-Type"]) == (200, "image/png")
    # the rendition was written under alpha's own media folder
    assert list((media_root / "org_alpha" / "images").glob("kaart*.png"))


def test_home_page_shows_featured_groups_latest_news_and_hero(alpha: Alpha) -> None:
    # given an editor's home page: featured groups (one since made secret) and news
    page = home()
    page.hero_title = "Samen maken we Alpha"
    page.hero_text = "Doe mee."
    page.news_count = 2
    for order, group in enumerate([alpha.secret, alpha.closed]):
        HomePageFeaturedGroup.objects.create(page=page, group=group, sort_order=order)
    page.save_revision().publish()
    for days, title in [(3, "Oud"), (2, "Midden"), (1, "Nieuw")]:
        news_add(
            title=title,
            slug=title.lower(),
            date=timezone.localdate() - datetime.timedelta(days=days),
            intro=f"{title} bericht",
        )
    # when anonymous visitors and the secret group's member open the home page
    anonymous = _visit("/")
    insider = _visit("/", alpha.insider)
    # then the hero is the editor's, news is the newest two, and the secret group hides
    assert '<h2 id="hero-title">Samen maken we Alpha</h2>' in anonymous
    assert "<p>Doe mee.</p>" in anonymous
    news = re.findall(r'<h3><a href="/nieuws/[^/]+/">([^<]+)</a></h3>', anonymous)
    assert news == ["Nieuw", "Midden"]
    assert _group_cards(anonymous) == ["Raadsleden"]
    assert _group_cards(insider) == ["Geheim overleg", "Raadsleden"]


def test_home_page_without_choices_shows_the_active_public_groups(alpha: Alpha) -> None:
    html = _visit("/")
    assert _group_cards(html) == ["Fietsers"]
    assert "Latest news" not in html


def test_news_index_and_news_page_render(alpha: Alpha, media_root: Path) -> None:
    item = news_add(
        title="Nieuwe brug", slug="brug", date=datetime.date(2026, 11, 30), intro="De brug is open."
    )
    item.image = image_add(title="brug")
    item.image_alt = "De nieuwe brug"
    item.body = [_block("paragraph", "<p>Lang verhaal.</p>")]
    item.save_revision().publish()
    index = _visit("/nieuws/")
    page = _visit("/nieuws/brug/")
    assert '<h3><a href="/nieuws/brug/">Nieuwe brug</a></h3>' in index
    assert '<time datetime="2026-11-30">' in index and "<p>De brug is open.</p>" in index
    assert "<h1>Nieuwe brug</h1>" in page and "<p>Lang verhaal.</p>" in page
    assert re.search(r'<img class="news-image" src="/images/[^"]+" alt="De nieuwe brug">', page)
    assert '<a href="/nieuws/">All news</a>' in page


def test_a_draft_or_unpublished_page_is_missing(alpha: Alpha) -> None:
    page = content_page_add(title="Concept", slug="concept")
    page.unpublish()
    tenant_connection().set_schema_to_public()
    assert Client(HTTP_HOST=ALPHA_HOST).get("/concept/").status_code == 404


def test_home_page_queries_do_not_grow_with_groups_and_news(alpha: Alpha) -> None:
    # given the home page counted once with one group and no news
    client = Client(HTTP_HOST=ALPHA_HOST)
    client.get("/")  # warms the host map and Wagtail's site-root cache
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    # when five more groups and three news items exist
    for n in range(5):
        GroupFactory(name=f"Extra {n}", slug=f"extra-{n}")
    for n in range(3):
        news_add(title=f"Bericht {n}", slug=f"bericht-{n}", date=timezone.localdate())
    client.get("/")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/")
    # then the page costs the same number of queries (no query per group or item)
    assert len(_group_cards(response.text)) == 6
    assert len(many.captured_queries) == len(few.captured_queries)
