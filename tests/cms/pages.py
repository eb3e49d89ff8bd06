"""Helpers that build pages in the active schema for the page tests."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.images import ImageFile
from wagtail.images.models import Image

from tenant_apps.cms.models import ContentPage, HomePage, NewsIndexPage, NewsPage
from tests.uploads import image_bytes


def home() -> HomePage:
    return HomePage.objects.get()


def news_index() -> NewsIndexPage:
    return NewsIndexPage.objects.get()


def content_page_add(*, title: str, slug: str, body: Any = (), intro: str = "") -> ContentPage:
    page = ContentPage(title=title, slug=slug, intro=intro, body=list(body))
    home().add_child(instance=page)
    page.save_revision().publish()
    return page


def news_add(*, title: str, slug: str, date: datetime.date, intro: str = "") -> NewsPage:
    page = NewsPage(title=title, slug=slug, date=date, intro=intro)
    news_index().add_child(instance=page)
    page.save_revision().publish()
    return page


def image_add(*, title: str, size: tuple[int, int] = (40, 20)) -> Image:
    """A real PNG in Wagtail's image library of the active schema (tenant-aware storage)."""
    return Image.objects.create(
        title=title, file=ImageFile(io.BytesIO(image_bytes(size=size)), name=f"{title}.png")
    )
