from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenant_apps.search.selectors import KINDS, QUERY_MAX_CHARS, search_text_clean


class SearchForm(forms.Form):
    # No max_length: a longer query is cut, not refused (see search_text_clean).
    q = forms.CharField(label=_("Search for"), required=False)
    type = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Everything")), *KINDS.items()],
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["q"].widget.attrs.update({"type": "search", "maxlength": QUERY_MAX_CHARS})

    def clean_q(self) -> str:
        return search_text_clean(self.cleaned_data.get("q") or "")
