"""Pick the organisation for each request from its Host header.

Replaces django-tenants' TenantMainMiddleware, which costs two SQL queries per request:
this one asks the in-memory host map (tenants.routing) and sets the schema only when the
connection is not already on it, so a steady stream of requests costs no SQL at all.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.http.request import split_domain_port
from django.template.loader import render_to_string
from django.utils import translation

from tenants.db import tenant_connection
from tenants.models import Organisation, OrganisationStatus
from tenants.routing import route_for_host
from tenants.validation import host_is_well_formed


class TenantResolutionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            host = request.get_host()
        except DisallowedHost:
            return _plain_page(request, 400, "tenants/bad_host.html")
        domain, _port = split_domain_port(host)
        if not host_is_well_formed(domain):
            return _plain_page(request, 400, "tenants/bad_host.html")
        route = route_for_host(domain)
        if route is None:
            return _plain_page(request, 404, "tenants/unknown_host.html")
        organisation = route.organisation
        if not route.is_primary:
            return HttpResponsePermanentRedirect(_same_request_on(request, route.primary_domain))
        if organisation.status == OrganisationStatus.SUSPENDED:
            response = _plain_page(
                request, 503, "tenants/suspended.html", {"organisation": organisation}
            )
            response["Retry-After"] = "3600"
            return response
        if organisation.status == OrganisationStatus.ARCHIVED:
            return _plain_page(
                request, 410, "tenants/archived.html", {"organisation": organisation}
            )

        _activate(organisation)
        request.tenant = organisation  # type: ignore[attr-defined]
        if organisation.is_hub:
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
        return self.get_response(request)


def _activate(organisation: Organisation) -> None:
    if tenant_connection().schema_name == organisation.schema_name:
        # Same schema as the last request on this connection: keep the search_path that
        # is already set instead of issuing another SET.
        tenant_connection().tenant = organisation
    else:
        tenant_connection().set_tenant(organisation)


def _same_request_on(request: HttpRequest, domain: str) -> str:
    _host, port = split_domain_port(request.get_host())
    netloc = f"{domain}:{port}" if port else domain
    return f"{request.scheme}://{netloc}{request.get_full_path()}"


def _plain_page(
    request: HttpRequest, status: int, template: str, context: dict[str, object] | None = None
) -> HttpResponse:
    # Rendered without touching the database: no tenant is active for these. They answer
    # before LocaleMiddleware runs, so pick the visitor's language here.
    with translation.override(translation.get_language_from_request(request)):
        body = render_to_string(template, {"status": status, **(context or {})})
    return HttpResponse(body, status=status)
