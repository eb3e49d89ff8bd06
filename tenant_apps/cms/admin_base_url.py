"""WAGTAILADMIN_BASE_URL per organisation.

Wagtail reads one global WAGTAILADMIN_BASE_URL for the absolute links it writes where no
request is at hand (moderation and comment mails, the userbar's origin). Each organisation
answers on its own domain, so those links must point at the organisation whose schema the
connection is on. Wagtail asks `wagtail.admin.utils.get_admin_base_url` for the value;
we replace that function (and the names other Wagtail modules imported it under) with one
that asks the connection's tenant first, instead of mutating settings per request, which
would race between threads.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection

from tenants.models import Organisation
from tenants.services import organisation_url

_IMPORTED_AS = (
    "wagtail.admin.utils",
    "wagtail.admin.templatetags.wagtailadmin_tags",
    "wagtail.admin.userbar",
)


def admin_base_url() -> str | None:
    """The current organisation's own address, or the setting outside one (the hub)."""
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Organisation) and not tenant.is_hub:
        domain = tenant.primary_domain_name()
        if domain:
            return organisation_url(domain).rstrip("/")
    return getattr(settings, "WAGTAILADMIN_BASE_URL", None)


def install() -> None:
    import importlib

    for module_name in _IMPORTED_AS:
        module = importlib.import_module(module_name)
        if hasattr(module, "get_admin_base_url"):
            module.get_admin_base_url = admin_base_url  # type: ignore[attr-defined]
