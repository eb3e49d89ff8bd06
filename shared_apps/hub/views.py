"""The hub's pages (public schema). Group discovery arrives with the hub issue."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shared_apps.hub.selectors import organisations_active
from tenants.services import organisation_url


def home(request: HttpRequest) -> HttpResponse:
    organisations = [
        (organisation, organisation_url(_primary_domain(organisation)))
        for organisation in organisations_active()
    ]
    return render(request, "hub/home.html", {"organisations": organisations})


def _primary_domain(organisation: object) -> str:
    domains = list(organisation.domains.all())  # type: ignore[attr-defined]
    primary = next((d for d in domains if d.is_primary), domains[0] if domains else None)
    return primary.domain if primary else ""
