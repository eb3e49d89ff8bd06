"""HTML pages: activity streams and the person's notifications."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from tenant_apps.accounts.models import User
from tenant_apps.activity import selectors, services
from tenant_apps.activity.forms import PreferenceForm
from tenant_apps.activity.models import Activity
from tenant_apps.groups.access import GroupNotFound

PAGE_SIZE = 20


@require_http_methods(["GET", "HEAD"])
def site_activity(request: HttpRequest) -> HttpResponse:
    activities = selectors.activity_list_for_site(viewer=request.user)
    return render(request, "activity/site_activity.html", {"page": _page(request, activities)})


@require_http_methods(["GET", "HEAD"])
def group_activity(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        access, activities = selectors.activity_list_for_group(viewer=request.user, slug=slug)
    except GroupNotFound:
        raise Http404() from None
    except selectors.ActivityHidden:
        return render(request, "activity/members_only.html", status=403)
    return render(
        request,
        "activity/group_activity.html",
        {"group": access.group, "page": _page(request, activities)},
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def notifications(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = PreferenceForm(initial={"email": selectors.notification_preference_get(user=user)})
    return _notifications_page(request, user=user, form=form)


def _notifications_page(
    request: HttpRequest, *, user: User, form: PreferenceForm, status: int = 200
) -> HttpResponse:
    page = Paginator(selectors.notification_list(user=user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "unread": selectors.notification_unread_count(user=user),
        "form": form,
    }
    return render(request, "activity/notifications.html", context, status=status)


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    if not selectors.notification_list(user=user).filter(pk=pk).exists():
        raise Http404()
    services.notification_mark_read(user=user, notification_id=pk)
    return _back_to_notifications()


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    marked = services.notifications_mark_all_read(user=_user(request))
    text = ngettext(
        "%(count)d notification marked as read.", "%(count)d notifications marked as read.", marked
    )
    messages.success(request, text % {"count": marked})
    return _back_to_notifications()


@login_required
@require_POST
def notification_preference(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = PreferenceForm(request.POST)
    if not form.is_valid():
        return _notifications_page(request, user=user, form=form, status=400)
    services.notification_preference_set(user=user, email=form.cleaned_data["email"])
    messages.success(request, _("Your e-mail preference has been saved."))
    return _back_to_notifications()


def _page(request: HttpRequest, activities: QuerySet[Activity]) -> object:
    # get_page: a missing, non-numeric or too high ?page= shows a page instead of failing.
    return Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))


def _back_to_notifications() -> HttpResponseRedirect:
    # Post/redirect/get: reloading the page does not post again.
    return redirect("notifications")


def _user(request: HttpRequest) -> User:
    # login_required has let only signed-in people through.
    return cast(User, request.user)
