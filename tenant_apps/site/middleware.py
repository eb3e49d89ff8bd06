"""Language and branding preview per request.

Language: the visitor's own choice (the language switch's cookie, then the browser's
Accept-Language), else the organisation's default language from its branding, else
Dutch. Preview: a site admin who started a preview sees the whole site with the draft
branding (and its theme); nobody else ever does.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from config.template_loaders import theme_override
from tenant_apps.groups.access import viewer_is_site_admin
from tenant_apps.site.selectors import branding_draft, branding_published

PREVIEW_SESSION_KEY = "plein_branding_preview"


def visitor_language(request: HttpRequest) -> str | None:
    """The language the visitor asked for, if it is one of ours."""
    candidates = [request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)]
    candidates += [
        code
        for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
        if code != "*"
    ]
    for candidate in candidates:
        if not candidate:
            continue
        try:
            return translation.get_supported_language_variant(candidate)
        except LookupError:
            continue
    return None


class OrganisationLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        organisation = getattr(request, "tenant", None)
        fallback = (
            branding_published(organisation=organisation).default_language
            if organisation is not None
            else settings.LANGUAGE_CODE
        )
        translation.activate(visitor_language(request) or fallback)
        request.LANGUAGE_CODE = translation.get_language()


class BrandingPreviewMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        organisation = getattr(request, "tenant", None)
        if (
            organisation is None
            or organisation.is_hub
            or not request.session.get(PREVIEW_SESSION_KEY)
            or not viewer_is_site_admin(request.user)
        ):
            return self.get_response(request)
        draft = branding_draft(organisation=organisation)
        request.branding = draft  # type: ignore[attr-defined]
        with theme_override(draft.theme):
            response = self.get_response(request)
        # A previewed page is the admin's alone: never kept by a shared cache.
        response["Cache-Control"] = "private, no-store"
        return response
