"""HTML pages: the events of a group, and one event with the RSVP form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from tenant_apps.discussions.group_content_pages import content_page, page_of
from tenant_apps.events import selectors, services
from tenant_apps.events.services import ANSWERS
from tenant_apps.groups.access import group_access


class RsvpForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Will you come?"),
        choices=[(answer.value, answer.label) for answer in ANSWERS],
        widget=forms.RadioSelect,
    )


@require_http_methods(["GET"])
@content_page
def event_list_page(request: HttpRequest, slug: str) -> HttpResponse:
    access = group_access(viewer=request.user, slug=slug)
    events = selectors.event_list(access=access, viewer=request.user)
    return render(
        request, "events/event_list.html", {"access": access, "page": page_of(request, events)}
    )


@require_http_methods(["GET", "POST"])
@content_page
def event_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = group_access(viewer=request.user, slug=slug)
    event = selectors.event_get(access=access, viewer=request.user, pk=pk)
    form = RsvpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rsvp_set(
                access=access, viewer=request.user, event=event, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("event-page", slug=slug, pk=pk)
    rsvp = selectors.rsvp_of(event=event, viewer=request.user)
    if rsvp is not None and not form.is_bound:
        # Someone waiting asked to attend: show that answer, the page says they wait.
        answer = "attending" if rsvp.status == "waiting" else rsvp.status
        form = RsvpForm(initial={"status": answer})
    context = {
        "access": access,
        "event": event,
        "rsvp": rsvp,
        "waiting_position": selectors.rsvp_waiting_position(rsvp=rsvp) if rsvp else None,
        "form": form,
    }
    return render(
        request, "events/event_detail.html", context, status=400 if form.is_bound else 200
    )
