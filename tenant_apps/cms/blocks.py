"""StreamField blocks of the organisation's pages.

The blocks that list groups or events store only the editor's choices; what a visitor
sees is read at render time through tenant_apps.cms.selectors, with that visitor's
visibility rules, so a page never shows a group or event its reader may not see.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructValue
from wagtail.images.blocks import ImageChooserBlock

from tenant_apps.cms.selectors import (
    cms_events_upcoming,
    cms_groups_chosen,
    cms_groups_most_active,
)
from tenant_apps.groups.access import Viewer
from tenant_apps.groups.models import Group, Visibility

GROUP_SOURCE_CHOSEN = "chosen"
GROUP_SOURCE_ACTIVE = "active"


def _viewer(parent_context: dict[str, Any] | None) -> Viewer:
    request = (parent_context or {}).get("request")
    user = getattr(request, "user", None)
    return user if user is not None else AnonymousUser()


class GroupChooserBlock(blocks.ChooserBlock):
    """A group picked from a plain list. Secret groups are not offered: an editor who is
    not in one must not learn its name from this list."""

    target_model = Group

    @cached_property
    def field(self) -> forms.ModelChoiceField:  # type: ignore[override]
        return forms.ModelChoiceField(
            queryset=Group.objects.filter(deleted_at__isnull=True).exclude(
                visibility=Visibility.SECRET
            ),
            widget=forms.Select,
            required=self._required,
            help_text=self._help_text,
        )

    @property
    def widget(self) -> forms.Select:  # type: ignore[override]
        return forms.Select()

    def get_form_state(self, value: Group | None) -> int | None:
        # Wagtail's chooser widgets describe the chosen object; a plain select needs its id.
        return value.pk if value is not None else None

    class Meta:
        icon = "group"


class GroupListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    source = blocks.ChoiceBlock(
        label=_("Which groups"),
        choices=[
            (GROUP_SOURCE_ACTIVE, _("The most active public groups")),
            (GROUP_SOURCE_CHOSEN, _("Groups I choose")),
        ],
        default=GROUP_SOURCE_ACTIVE,
    )
    groups = blocks.ListBlock(
        GroupChooserBlock(label=_("Group")), label=_("Chosen groups"), required=False
    )
    limit = blocks.IntegerBlock(
        label=_("At most"), default=6, min_value=1, max_value=24, required=True
    )

    def clean(self, value: StructValue) -> StructValue:
        cleaned = super().clean(value)
        if cleaned["source"] == GROUP_SOURCE_CHOSEN and not [g for g in cleaned["groups"] if g]:
            raise blocks.StructBlockValidationError(
                block_errors={"groups": ValidationError(_("Choose at least one group."))}
            )
        return cleaned

    def get_context(
        self, value: StructValue, parent_context: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        context = super().get_context(value, parent_context=parent_context)
        viewer = _viewer(parent_context)
        if value["source"] == GROUP_SOURCE_CHOSEN:
            ids = [group.pk for group in value["groups"] if group is not None]
            context["groups"] = cms_groups_chosen(viewer=viewer, group_ids=ids)[: value["limit"]]
        else:
            context["groups"] = cms_groups_most_active(viewer=viewer, limit=value["limit"])
        return context

    class Meta:
        icon = "group"
        label = _("List of groups")
        template = "cms/blocks/group_list.html"


class UpcomingEventsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    limit = blocks.IntegerBlock(
        label=_("At most"), default=5, min_value=1, max_value=20, required=True
    )

    def get_context(
        self, value: StructValue, parent_context: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        context = super().get_context(value, parent_context=parent_context)
        context["events"] = cms_events_upcoming(
            viewer=_viewer(parent_context), limit=value["limit"]
        )
        return context

    class Meta:
        icon = "date"
        label = _("Upcoming events")
        template = "cms/blocks/upcoming_events.html"


class LinkBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    page = blocks.PageChooserBlock(label=_("Page on this site"), required=False)
    url = blocks.URLBlock(label=_("Or an address"), required=False)

    def clean(self, value: StructValue) -> StructValue:
        cleaned = super().clean(value)
        if bool(cleaned["page"]) == bool(cleaned["url"]):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError(_("Choose a page or give an address."))}
            )
        return cleaned

    class Meta:
        icon = "link"
        label = _("Link")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "cms/blocks/quote.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    # Required: an image without a text alternative fails WCAG 1.1.1.
    alt_text = blocks.CharBlock(label=_("Text alternative"), max_length=250)
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/image.html"


_RICH_TEXT_FEATURES = ["bold", "italic", "h3", "h4", "ol", "ul", "link", "document-link"]


class ArticleBlock(blocks.StreamBlock):
    """Text, images and quotes: the body of a news item."""

    heading = blocks.CharBlock(
        label=_("Heading"), max_length=200, template="cms/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=_RICH_TEXT_FEATURES)
    image = ImageBlock()
    quote = QuoteBlock()


class ContentBlock(ArticleBlock):
    """Everything a content or home page may hold: text, links and live lists."""

    links = blocks.ListBlock(LinkBlock(), label=_("Links"), template="cms/blocks/links.html")
    groups = GroupListBlock()
    events = UpcomingEventsBlock()
