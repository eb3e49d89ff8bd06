"""The subsite's branding pages: the settings of site admins (edit, preview, publish) and
the logo and favicon. The home page is the organisation's Wagtail page (tenant_apps/cms)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.themes import theme_names, theme_tokens
from tenant_apps.accounts.models import User
from tenant_apps.groups.access import viewer_is_site_admin
from tenant_apps.site import services
from tenant_apps.site.forms import BrandingForm
from tenant_apps.site.images import image_response, image_token
from tenant_apps.site.middleware import PREVIEW_SESSION_KEY
from tenant_apps.site.selectors import branding_draft, branding_published

_IMAGE_KINDS = ("logo", "favicon")


def site_admin_required[View: Callable[..., HttpResponseBase]](view: View) -> View:
    """Anonymous visitors go to the SSO login; signed-in non-admins get a 403 page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return HttpResponseRedirect(f"/login/?next={quote(request.get_full_path())}")
        if not viewer_is_site_admin(request.user):
            return render(request, "site/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _actor(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]  # site_admin_required ran first
    return user


@site_admin_required
@require_http_methods(["GET", "POST"])
def branding_manage(request: HttpRequest) -> HttpResponse:
    organisation = request.tenant  # type: ignore[attr-defined]
    draft = branding_draft(organisation=organisation)
    status = 200
    if request.method == "POST":
        form = BrandingForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.branding_draft_update(
                    actor=_actor(request),
                    organisation=organisation,
                    changes=form.changes(),
                    images=form.images(),
                )
            except services.BrandingInputError as error:
                for field, problems in error.problems.items():
                    for problem in problems:
                        form.add_error(field if field in form.fields else None, problem)
            else:
                messages.success(request, _("The draft is saved. Preview it, then publish it."))
                return HttpResponseRedirect(reverse("branding-manage"))
        status = 400
    else:
        form = BrandingForm(initial=BrandingForm.initial_from(draft))
    context = {
        "form": form,
        "draft": draft,
        "published": branding_published(organisation=organisation),
        "previewing": bool(request.session.get(PREVIEW_SESSION_KEY)),
        "theme_colours": [
            (name, theme_tokens(name)["color-primary"], theme_tokens(name)["color-secondary"])
            for name in theme_names()
        ],
    }
    return render(request, "site/branding.html", context, status=status)


@site_admin_required
@require_POST
def branding_preview_start(request: HttpRequest) -> HttpResponse:
    request.session[PREVIEW_SESSION_KEY] = True
    return HttpResponseRedirect("/")


@site_admin_required
@require_POST
def branding_preview_stop(request: HttpRequest) -> HttpResponse:
    request.session.pop(PREVIEW_SESSION_KEY, None)
    return HttpResponseRedirect(reverse("branding-manage"))


@site_admin_required
@require_POST
def branding_publish(request: HttpRequest) -> HttpResponse:
    services.branding_publish(actor=_actor(request), organisation=request.tenant)  # type: ignore[attr-defined]
    request.session.pop(PREVIEW_SESSION_KEY, None)
    messages.success(request, _("The branding is published: every visitor sees it now."))
    return HttpResponseRedirect(reverse("branding-manage"))


@site_admin_required
@require_POST
def branding_discard(request: HttpRequest) -> HttpResponse:
    services.branding_draft_discard(actor=_actor(request), organisation=request.tenant)  # type: ignore[attr-defined]
    request.session.pop(PREVIEW_SESSION_KEY, None)
    messages.success(request, _("The draft is back to the published branding."))
    return HttpResponseRedirect(reverse("branding-manage"))


@require_GET
def branding_image(request: HttpRequest, kind: str, token: str) -> FileResponse:
    """A published logo or favicon; any other name is a 404, whoever asks."""
    branding = branding_published(organisation=request.tenant)  # type: ignore[attr-defined]
    return _image(
        kind=kind, token=token, names={"logo": branding.logo, "favicon": branding.favicon}
    )


@site_admin_required
@require_GET
def branding_draft_image(request: HttpRequest, kind: str, token: str) -> FileResponse:
    """A draft's logo or favicon, for the site admin who previews it."""
    branding = branding_draft(organisation=request.tenant)  # type: ignore[attr-defined]
    return _image(
        kind=kind, token=token, names={"logo": branding.logo, "favicon": branding.favicon}
    )


@require_GET
def branding_logo(request: HttpRequest) -> HttpResponseBase:
    """A stable address of the published logo, for other sites (the hub's directory):
    the logo itself, or a neutral placeholder when there is none."""
    name = branding_published(organisation=request.tenant).logo  # type: ignore[attr-defined]
    response = image_response(name=name) if name else None
    if response is None:
        return HttpResponseRedirect(static("plein/logo-placeholder.svg"))
    # The logo behind this address changes on publish: keep it briefly.
    response["Cache-Control"] = "public, max-age=300"
    return response


def _image(*, kind: str, token: str, names: dict[str, str]) -> FileResponse:
    name = names.get(kind, "") if kind in _IMAGE_KINDS else ""
    if not name or image_token(name) != token:
        raise Http404
    response = image_response(name=name)
    if response is None:
        raise Http404
    return response
