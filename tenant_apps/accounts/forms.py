"""Forms of the site admins' access page; validation of content is in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenant_apps.accounts.models import AccessMode


class AccessPolicyForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Who may log in"), choices=AccessMode.choices, widget=forms.RadioSelect
    )
    codes_enabled = forms.BooleanField(label=_("Invitation codes admit people"), required=False)
    requests_enabled = forms.BooleanField(label=_("People may request access"), required=False)
    email_domains = forms.CharField(
        label=_("Allowed e-mail domains"),
        help_text=_("One a line, e.g. example.nl; only addresses the login service verified."),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AccessCodeForm(forms.Form):
    label = forms.CharField(label=_("Label (for you)"), max_length=100, required=False)
    max_uses = forms.IntegerField(
        label=_("How often it may be used"), min_value=1, max_value=10_000, initial=1
    )
