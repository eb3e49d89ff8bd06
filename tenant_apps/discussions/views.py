"""HTML pages: the discussions of a group, and one discussion with its replies."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tenant_apps.discussions import selectors, services
from tenant_apps.discussions.forms import DiscussionForm, ReplyForm
from tenant_apps.discussions.group_content import content_require_write
from tenant_apps.discussions.group_content_pages import content_page, page_of
from tenant_apps.groups.access import group_access


@require_http_methods(["GET", "POST"])
@content_page
def discussion_list_page(request: HttpRequest, slug: str) -> HttpResponse:
    access = group_access(viewer=request.user, slug=slug)
    discussions = selectors.discussion_list(access=access)
    form = DiscussionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        actor = content_require_write(access=access, viewer=request.user)
        if form.is_valid():
            try:
                discussion = services.discussion_create(
                    access=access, actor=actor, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("discussion-page", slug=slug, pk=discussion.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "discussions/discussion_list.html",
        {"access": access, "page": page_of(request, discussions), "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@content_page
def discussion_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = group_access(viewer=request.user, slug=slug)
    discussion = selectors.discussion_get(access=access, pk=pk)
    form = ReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        actor = content_require_write(access=access, viewer=request.user)
        if form.is_valid():
            try:
                services.reply_create(
                    access=access, actor=actor, discussion=discussion, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("discussion-page", slug=slug, pk=discussion.pk)
    replies = selectors.reply_list(access=access, discussion=discussion)
    return render(
        request,
        "discussions/discussion_detail.html",
        {"access": access, "discussion": discussion, "replies": replies, "form": form},
        status=400 if form.is_bound else 200,
    )
