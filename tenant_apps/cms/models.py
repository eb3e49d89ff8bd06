"""The organisation's Wagtail page types: home, content, news index and news item.

Every organisation has its own page tree in its own schema. The home page carries no
organisation name of its own: an empty hero title and intro render the organisation's
current name at request time, so the ready page that the template schema brings along
needs no write at provisioning and follows a rename.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from tenant_apps.cms.blocks import ArticleBlock, ContentBlock
from tenant_apps.cms.selectors import (
    cms_groups_chosen,
    cms_groups_most_active,
    cms_news_in,
    cms_news_latest,
)
from tenant_apps.groups.models import Group, Visibility
from tenants.db import tenant_connection

_INTRO_FEATURES = ["bold", "italic", "link"]
FEATURED_GROUPS_FALLBACK = 6


class HomePage(Page):
    hero_title = models.CharField(
        _("hero title"),
        max_length=200,
        blank=True,
        help_text=_("Empty: “Welcome to” and the organisation's name."),
    )
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    intro = RichTextField(
        _("introduction"),
        features=_INTRO_FEATURES,
        blank=True,
        help_text=_("Empty: a short welcome with the organisation's name."),
    )
    news_count = models.PositiveSmallIntegerField(
        _("number of news items"), default=3, help_text=_("0 hides the latest news.")
    )
    body = StreamField(ContentBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Hero"),
        ),
        FieldPanel("intro"),
        InlinePanel("featured_groups", label=_("Featured groups"), max_num=12),
        FieldPanel("news_count"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_title"),
        index.SearchField("hero_text"),
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.ContentPage", "cms.NewsIndexPage"]
    max_count = 1  # one home page per organisation: its site's root

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        viewer = request.user  # type: ignore[attr-defined]
        chosen = [featured.group_id for featured in self.featured_groups.all()]
        # Previews in the admin render with a stand-in request: fall back to the schema's.
        context["organisation"] = getattr(request, "tenant", None) or tenant_connection().tenant
        # Without the editor's choice the home page still shows life: the active groups.
        context["featured_groups"] = (
            cms_groups_chosen(viewer=viewer, group_ids=chosen)
            if chosen
            else cms_groups_most_active(viewer=viewer, limit=FEATURED_GROUPS_FALLBACK)
        )
        context["latest_news"] = cms_news_latest(limit=self.news_count) if self.news_count else []
        return context


class HomePageFeaturedGroup(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_groups")
    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="+",
        # Editors who are not in a secret group must not learn its name from this list.
        limit_choices_to=Q(deleted_at__isnull=True) & ~Q(visibility=Visibility.SECRET),
    )

    panels = [FieldPanel("group")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured group")
        verbose_name_plural = _("featured groups")


class ContentPage(Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(ContentBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
    subpage_types = ["cms.ContentPage"]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


class NewsIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["news_items"] = cms_news_in(index=self)
        return context


class NewsPage(Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.TextField(_("introduction"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("image text alternative"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    body = StreamField(ArticleBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    def clean(self) -> None:
        super().clean()
        # WCAG 1.1.1: an image that carries news needs a text alternative.
        if self.image_id and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the image for people who cannot see it.")}
            )

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
