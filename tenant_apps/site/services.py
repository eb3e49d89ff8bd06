"""Writes to the organisation's branding: save the draft, publish it, discard it.

Everything is checked before anything is written: a refused colour, menu or image
leaves both versions and the media storage as they were.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from config.themes import theme_or_default
from tenant_apps.accounts.models import User
from tenant_apps.site.contrast import normalise_colour
from tenant_apps.site.images import (
    ImageKind,
    ImageRefused,
    image_content_type,
    image_file_delete,
    image_store,
)
from tenant_apps.site.models import BRANDING_FIELDS, Branding, BrandingState
from tenant_apps.site.validation import Problems, branding_problems
from tenants.models import Organisation

# Logos and favicons change only through uploads (ImageChange), never as a name.
EDITABLE_FIELDS = tuple(name for name in BRANDING_FIELDS if name not in ("logo", "favicon"))


class BrandingInputError(Exception):
    """The branding was refused; `problems` holds the messages per field."""

    def __init__(self, problems: Problems) -> None:
        super().__init__("; ".join(m for messages in problems.values() for m in messages))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class ImageChange:
    """A new upload for the logo or favicon, or its removal (upload None)."""

    kind: ImageKind
    upload: File[bytes] | None


def branding_draft_update(
    *,
    actor: User,
    organisation: Organisation,
    changes: dict[str, object],
    images: tuple[ImageChange, ...] = (),
) -> Branding:
    """Change some fields (and images) of the draft; refused as a whole on any problem."""
    not_editable = sorted(set(changes) - set(EDITABLE_FIELDS))
    if not_editable:
        raise BrandingInputError(
            {name: [_("Not a field that can be changed.")] for name in not_editable}
        )
    with transaction.atomic():
        draft = Branding.objects.select_for_update().get(state=BrandingState.DRAFT)
        values: dict[str, object] = {name: getattr(draft, name) for name in BRANDING_FIELDS}
        values.update(changes)
        for name in ("theme", "font", "default_language", "footer_text", "welcome_text"):
            values[name] = str(values[name] or "").strip()
        for name in ("color_primary", "color_secondary"):
            values[name] = normalise_colour(str(values[name] or ""))
        problems = branding_problems(
            theme=str(values["theme"]) or organisation.theme,
            color_primary=str(values["color_primary"]),
            color_secondary=str(values["color_secondary"]),
            font=str(values["font"]),
            menu=values["menu"],
            footer_text=str(values["footer_text"]),
            welcome_text=str(values["welcome_text"]),
            default_language=str(values["default_language"]),
        )
        content_types: dict[str, str] = {}
        for change in images:
            if change.upload is None:
                continue
            try:
                content_types[change.kind] = image_content_type(
                    kind=change.kind, upload=change.upload
                )
            except ImageRefused as refused:
                problems.setdefault(change.kind, []).append(refused.message)
        if problems:
            raise BrandingInputError(problems)
        if values["theme"] == theme_or_default(organisation.theme):
            values["theme"] = ""  # "keep the organisation's theme", whatever it becomes
        replaced: list[str] = []
        stored: list[str] = []
        try:
            for change in images:
                old = getattr(draft, change.kind)
                new = ""
                if change.upload is not None:
                    new = image_store(
                        kind=change.kind,
                        upload=change.upload,
                        content_type=content_types[change.kind],
                    )
                    stored.append(new)
                values[change.kind] = new
                if old:
                    replaced.append(old)
            for name, value in values.items():
                setattr(draft, name, value)
            draft.updated_by = actor
            draft.save()
        except Exception:
            for name in stored:
                image_file_delete(name)
            raise
        transaction.on_commit(lambda: _delete_unused(replaced))
    return draft


def branding_publish(*, actor: User, organisation: Organisation) -> Organisation:
    """The draft becomes what every visitor sees; the theme goes to the organisation,
    which is returned as saved (its new theme and updated_at)."""
    with transaction.atomic():
        draft = Branding.objects.select_for_update().get(state=BrandingState.DRAFT)
        published = Branding.objects.select_for_update().get(state=BrandingState.PUBLISHED)
        replaced = [published.logo, published.favicon]
        theme = theme_or_default(draft.theme or organisation.theme)
        for name in BRANDING_FIELDS:
            setattr(published, name, getattr(draft, name))
        published.theme = ""  # lives on the organisation, see models.py
        published.updated_by = actor
        published.save()
        if draft.theme:
            draft.theme = ""
            draft.save(update_fields=["theme"])
        # The public registry row: its theme is what the template loader reads, and
        # saving it moves updated_at and bumps the routing version, which tells every
        # process to drop its cached copy of this organisation's published branding.
        registry = Organisation.objects.select_for_update().get(pk=organisation.pk)
        registry.theme = theme
        registry.save(update_fields=["theme", "updated_at"])
        transaction.on_commit(lambda: _delete_unused(replaced))
    return registry


def branding_draft_discard(*, actor: User, organisation: Organisation) -> Branding:
    """Throw the draft's changes away: the draft becomes the published branding again."""
    with transaction.atomic():
        draft = Branding.objects.select_for_update().get(state=BrandingState.DRAFT)
        published = Branding.objects.get(state=BrandingState.PUBLISHED)
        replaced = [draft.logo, draft.favicon]
        for name in BRANDING_FIELDS:
            setattr(draft, name, getattr(published, name))
        draft.updated_by = actor
        draft.save()
        transaction.on_commit(lambda: _delete_unused(replaced))
    return draft


def _delete_unused(names: list[str]) -> None:
    """Delete image files that neither version points at any more."""
    in_use = set()
    for row in Branding.objects.all():
        in_use.update({row.logo, row.favicon})
    for name in names:
        if name and name not in in_use:
            image_file_delete(name)
