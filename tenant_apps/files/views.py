"""HTML page: the files and folders of a group (one folder at a time), with upload and
new-folder forms. Files are downloaded through the access-checking download endpoint."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods

from tenant_apps.discussions.group_content import content_require_write
from tenant_apps.discussions.group_content_pages import content_page
from tenant_apps.files import selectors, services
from tenant_apps.files.models import Folder
from tenant_apps.groups.access import GroupAccess, group_access


class UploadForm(forms.Form):
    # A context of our own: Wagtail's catalogue (loaded first) leaves "File" untranslated.
    file = forms.FileField(label=pgettext_lazy("upload form", "File"))


class FolderForm(forms.Form):
    name = forms.CharField(label=_("Folder name"), max_length=200)


def _current_folder(request: HttpRequest, access: GroupAccess) -> Folder | None:
    folder_id = request.GET.get("folder", "")
    if not folder_id.isdigit():
        return None
    return selectors.folder_get(access=access, pk=int(folder_id))


@require_http_methods(["GET", "POST"])
@content_page
def files_page(request: HttpRequest, slug: str) -> HttpResponse:
    access = group_access(viewer=request.user, slug=slug)
    folder = _current_folder(request, access)
    upload_form = UploadForm()
    folder_form = FolderForm()
    if request.method == "POST":
        actor = content_require_write(access=access, viewer=request.user)
        bound: forms.Form
        if request.POST.get("action") == "folder":
            bound = folder_form = FolderForm(request.POST)
        else:
            bound = upload_form = UploadForm(request.POST, request.FILES)
        if bound.is_valid():
            try:
                if isinstance(bound, FolderForm):
                    services.folder_create(
                        access=access, actor=actor, name=bound.cleaned_data["name"], parent=folder
                    )
                else:
                    services.file_upload(
                        access=access, actor=actor, upload=bound.cleaned_data["file"], folder=folder
                    )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    bound.add_error(field if field in bound.fields else None, messages)
            else:
                here = reverse("files-page", kwargs={"slug": slug})
                return redirect(f"{here}?folder={folder.pk}" if folder else here)
    context = {
        "access": access,
        "folder": folder,
        "folders": selectors.folder_list(access=access, parent=folder),
        "files": selectors.stored_file_list(access=access, folder=folder),
        "upload_form": upload_form,
        "folder_form": folder_form,
    }
    status = 400 if upload_form.errors or folder_form.errors else 200
    return render(request, "files/files.html", context, status=status)
