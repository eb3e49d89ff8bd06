"""The branding form of /manage/branding/: it only parses; the service judges."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.themes import theme_description, theme_label, theme_names
from tenant_apps.site.branding import BrandingSnapshot
from tenant_apps.site.fonts import font_choices
from tenant_apps.site.models import Language
from tenant_apps.site.services import ImageChange
from tenant_apps.site.validation import MENU_MAX_ITEMS

_IMAGE_ACCEPT = "image/png,image/jpeg,image/webp"


def menu_to_text(snapshot: BrandingSnapshot) -> str:
    return "\n".join(f"{item.label} | {item.url}" for item in snapshot.menu)


def menu_from_text(text: str) -> list[dict[str, str]] | None:
    """One item per line, "Label | URL"; None when a line lacks the separator."""
    items: list[dict[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        label, separator, url = line.rpartition("|")
        if not separator:
            return None
        items.append({"label": label.strip(), "url": url.strip()})
    return items


class BrandingForm(forms.Form):
    theme = forms.ChoiceField(label=gettext_lazy("Theme"))
    color_primary = forms.CharField(
        label=gettext_lazy("Primary colour"),
        required=False,
        max_length=20,
        help_text=gettext_lazy(
            "As #rrggbb. Used for the header, buttons and links. Empty: the theme's colour."
        ),
    )
    color_secondary = forms.CharField(
        label=gettext_lazy("Secondary colour"),
        required=False,
        max_length=20,
        help_text=gettext_lazy(
            "As #rrggbb. Used behind cards and blocks of text. Empty: the theme's colour."
        ),
    )
    font = forms.ChoiceField(label=gettext_lazy("Font"), choices=font_choices)
    logo = forms.FileField(
        label=gettext_lazy("Logo"),
        required=False,
        help_text=gettext_lazy("PNG, JPEG or WebP, at most 1 MB. SVG is not accepted."),
        widget=forms.ClearableFileInput(attrs={"accept": _IMAGE_ACCEPT}),
    )
    remove_logo = forms.BooleanField(label=gettext_lazy("Remove the logo"), required=False)
    favicon = forms.FileField(
        label=gettext_lazy("Favicon"),
        required=False,
        help_text=gettext_lazy("A small square PNG, JPEG or WebP image, at most 256 KB."),
        widget=forms.ClearableFileInput(attrs={"accept": _IMAGE_ACCEPT}),
    )
    remove_favicon = forms.BooleanField(label=gettext_lazy("Remove the favicon"), required=False)
    menu = forms.CharField(
        label=gettext_lazy("Menu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    footer_text = forms.CharField(
        label=gettext_lazy("Footer text"),
        required=False,
        max_length=1000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    welcome_text = forms.CharField(
        label=gettext_lazy("Welcome text"),
        required=False,
        max_length=2000,
        strip=False,
        help_text=gettext_lazy("Shown on the home page."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    default_language = forms.ChoiceField(
        label=gettext_lazy("Default language"),
        choices=Language.choices,
        help_text=gettext_lazy(
            "For visitors whose browser asks for neither Dutch nor English, and who did not "
            "pick a language themselves."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme_field = self.fields["theme"]
        assert isinstance(theme_field, forms.ChoiceField)
        theme_field.choices = [
            (name, f"{theme_label(name)} — {theme_description(name)}") for name in theme_names()
        ]
        self.fields["menu"].help_text = _(
            "One item per line: label | address, for example “Contact | /contact/” or "
            "“Website | https://www.example.nl/”. At most %(max)d items."
        ) % {"max": MENU_MAX_ITEMS}

    @staticmethod
    def initial_from(snapshot: BrandingSnapshot) -> dict[str, object]:
        return {
            "theme": snapshot.theme,
            "color_primary": snapshot.color_primary,
            "color_secondary": snapshot.color_secondary,
            "font": snapshot.font,
            "menu": menu_to_text(snapshot),
            "footer_text": snapshot.footer_text,
            "welcome_text": snapshot.welcome_text,
            "default_language": snapshot.default_language,
        }

    def clean_menu(self) -> list[dict[str, str]]:
        items = menu_from_text(self.cleaned_data["menu"])
        if items is None:
            raise forms.ValidationError(
                _("Write each menu item as “label | address”, one per line.")
            )
        return items

    def changes(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "theme",
                "color_primary",
                "color_secondary",
                "font",
                "menu",
                "footer_text",
                "welcome_text",
                "default_language",
            )
        }

    def images(self) -> tuple[ImageChange, ...]:
        data = self.cleaned_data
        changes: list[ImageChange] = []
        for kind in ("logo", "favicon"):
            if data.get(kind):
                changes.append(ImageChange(kind=kind, upload=data[kind]))
            elif data.get(f"remove_{kind}"):
                changes.append(ImageChange(kind=kind, upload=None))
        return tuple(changes)
