"""Forms of the operator console. They only shape input: the operator services check it
(with the tenancy rules) and their per-field messages are put back on the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shared_apps.operators.models import AuditAction, AuditOutcome
from tenants.models import OrganisationKind, OrganisationStatus


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *OrganisationStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices]
    )


class OrganisationCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.CharField(
        label=_("Slug"),
        max_length=50,
        required=False,
        help_text=_(
            "Optional: lowercase letters, digits and hyphens; taken from the domain when empty."
        ),
    )
    domain = forms.CharField(
        label=_("Domain"), max_length=253, help_text=_("For example: utrecht.plein.nl")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("nl", "Nederlands"), ("en", "English")], initial="nl"
    )


class DomainAddForm(forms.Form):
    domain = forms.CharField(label=_("New domain"), max_length=253)
    primary = forms.BooleanField(label=_("Make it the primary domain"), required=False)


class DomainChangeForm(forms.Form):
    domain = forms.CharField(max_length=253)
    action = forms.ChoiceField(choices=[("remove", "remove"), ("primary", "primary")])


class OrganisationImportForm(forms.Form):
    archive = forms.FileField(
        label=_("Export archive"), help_text=_("A .tar.gz file written by an export of Plein.")
    )
    slug = forms.CharField(
        label=_("New slug"),
        max_length=50,
        required=False,
        help_text=_("Optional: import as a copy under this slug."),
    )
    domain = forms.CharField(
        label=_("New domain"),
        max_length=253,
        required=False,
        help_text=_("Optional: the only (primary) domain of the copy."),
    )
    name = forms.CharField(label=_("New name"), max_length=200, required=False)


class DeleteConfirmForm(forms.Form):
    confirm_slug = forms.CharField(label=_("Type the slug to confirm"), max_length=50)
    without_export = forms.BooleanField(label=_("Delete although no export exists"), required=False)

    def __init__(self, *args: object, slug: str, needs_force: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.slug = slug
        self.needs_force = needs_force
        if not needs_force:
            del self.fields["without_export"]

    def clean_confirm_slug(self) -> str:
        typed = str(self.cleaned_data["confirm_slug"]).strip()
        if typed != self.slug:
            raise forms.ValidationError(
                _("Type %(slug)s exactly to delete this organisation."), params={"slug": self.slug}
            )
        return typed

    def clean_without_export(self) -> bool:
        confirmed = bool(self.cleaned_data.get("without_export"))
        if self.needs_force and not confirmed:
            raise forms.ValidationError(
                _("There is no export: export first, or confirm deleting without one.")
            )
        return confirmed


class AuditFilterForm(forms.Form):
    organisation = forms.CharField(label=_("Organisation (slug)"), required=False, max_length=50)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *AuditAction.choices]
    )
    actor = forms.CharField(label=_("Who"), required=False, max_length=150)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("All outcomes")), *AuditOutcome.choices],
    )
