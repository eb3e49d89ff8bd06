"""The subsite's pages. For now: a themed home page with the organisation's name and kind."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    # The organisation comes from the in-memory host map: this page costs no SQL.
    return render(request, "site/home.html", {"organisation": request.tenant})  # type: ignore[attr-defined]
