"""Forms of the discussion pages; they only validate the shape, services do the rest."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DiscussionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 4}))
