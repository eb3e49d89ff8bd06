"""Endpoints of the tenancy layer itself, on the hub domain."""

from django.http import HttpRequest, HttpResponse

from tenants.routing import normalise_host, route_for_host
from tenants.validation import host_is_well_formed


def tls_allowed(request: HttpRequest) -> HttpResponse:
    """Caddy's on-demand TLS asks here before requesting a certificate for a host name:
    only domains of organisations (and the hub) get one. Answers from the in-memory host
    map, so a flood of TLS handshakes for unknown names costs no SQL."""
    domain = normalise_host(request.GET.get("domain", ""))
    if not host_is_well_formed(domain) or route_for_host(domain) is None:
        return HttpResponse("unknown domain\n", status=404, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
