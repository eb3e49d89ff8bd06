from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenant_apps.activity.models import DeliveryMode


class PreferenceForm(forms.Form):
    email = forms.ChoiceField(
        label=_("E-mail me about new activity"),
        choices=DeliveryMode.choices,
        widget=forms.RadioSelect,
    )
