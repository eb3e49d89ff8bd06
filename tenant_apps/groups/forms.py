"""HTML forms of the group pages; they only validate input, the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenant_apps.groups.models import JoinPolicy, Role, Visibility
from tenant_apps.groups.services import MAX_TAG_LENGTH, MAX_TAGS


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, required=False, max_length=50_000
    )
    welcome_message = forms.CharField(
        label=_("Welcome message"),
        help_text=_("Shown to people right after they join."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=20_000,
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )
    join_policy = forms.ChoiceField(
        label=_("Who may join"), choices=JoinPolicy.choices, initial=JoinPolicy.OPEN
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Separate tags with commas.")
    )
    # A plain file field: the group services sniff and check the image.
    cover = forms.FileField(
        label=_("Cover image"),
        required=False,
        help_text=_("A JPEG, PNG or WebP image of at most 5 MB."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean_tags(self) -> list[str]:
        tags = [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(_("At most %(n)d tags.") % {"n": MAX_TAGS})
        if any(len(t) > MAX_TAG_LENGTH for t in tags):
            raise forms.ValidationError(
                _("A tag can be at most %(n)d characters.") % {"n": MAX_TAG_LENGTH}
            )
        return tags


class GroupEditForm(GroupForm):
    cover_remove = forms.BooleanField(label=_("Remove the cover image"), required=False)

    field_order = [
        "name",
        "description",
        "welcome_message",
        "tags",
        "visibility",
        "join_policy",
        "cover",
        "cover_remove",
    ]


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(Role.MEMBER.value, Role.MEMBER.label), (Role.ADMIN.value, Role.ADMIN.label)],
    )


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the group's admins"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(Role.MEMBER.value, Role.MEMBER.label), (Role.ADMIN.value, Role.ADMIN.label)],
        initial=Role.MEMBER,
    )


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the requester sees it)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
