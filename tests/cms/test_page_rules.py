"""Which page type may live where: one home page as the root, news under the news index."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page

from tenant_apps.cms.models import ContentPage, HomePage, NewsIndexPage, NewsPage
from tenants.models import Organisation
from tests.cms.pages import content_page_add, home, image_add, news_index


def _creatable_under(parent: Page) -> set[type[Page]]:
    return {
        model
        for model in (HomePage, ContentPage, NewsIndexPage, NewsPage)
        if model.can_create_at(parent)
    }


def test_under_the_home_page_go_content_pages_and_no_second_news_index(
    in_alpha: Organisation,
) -> None:
    # given the ready tree: home with a news index already
    # then only content pages may be added under home (one news index per parent)
    assert _creatable_under(home()) == {ContentPage}


def test_news_items_go_under_the_news_index_only(in_alpha: Organisation) -> None:
    assert _creatable_under(news_index()) == {NewsPage}


def test_content_pages_nest_and_hold_nothing_else(in_alpha: Organisation) -> None:
    page = content_page_add(title="Beleid", slug="beleid")
    assert _creatable_under(page) == {ContentPage}


def test_no_second_home_page_and_nothing_else_at_the_root(in_alpha: Organisation) -> None:
    # the tree's root holds the one home page; a second one may not be made
    root = Page.get_first_root_node()
    assert _creatable_under(root) == set()


def test_news_items_hold_no_children(in_alpha: Organisation) -> None:
    assert NewsPage.allowed_subpage_models() == []


@pytest.mark.parametrize(
    ("model", "parents"),
    [
        (HomePage, {Page}),
        (ContentPage, {HomePage, ContentPage}),
        (NewsIndexPage, {HomePage}),
        (NewsPage, {NewsIndexPage}),
    ],
)
def test_parent_page_types(model: type[Page], parents: set[type[Page]]) -> None:
    assert set(model.allowed_parent_page_models()) == parents


def test_a_news_image_without_a_text_alternative_is_refused(
    in_alpha: Organisation, media_root: Path
) -> None:
    page = NewsPage(title="Brug", slug="brug", image=image_add(title="brug"), image_alt=" ")
    with pytest.raises(ValidationError) as refused:
        news_index().add_child(instance=page)
    assert refused.value.message_dict == {
        "image_alt": ["Describe the image for people who cannot see it."]
    }
    assert not NewsPage.objects.exists()
