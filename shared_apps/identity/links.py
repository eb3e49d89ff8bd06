"""Absolute links to the provider's own pages (mails, the `picture` claim)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from tenants.services import organisation_url


def hub_link(name: str, **kwargs: Any) -> str:
    path = reverse(name, kwargs=kwargs, urlconf="config.urls_public")
    return organisation_url(settings.PLEIN_HUB_DOMAIN).rstrip("/") + path
