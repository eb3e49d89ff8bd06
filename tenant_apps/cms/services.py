"""Writes of the pages app: who gets which Wagtail role in this organisation."""

from __future__ import annotations

from django.contrib.auth.models import Group as AuthGroup

from tenant_apps.accounts.models import User
from tenants.db import tenant_connection

# Created in every organisation's schema by migration 0002 (carried by the template).
SITE_ADMINS_GROUP = "Site admins"
# Wagtail's own role for people who edit pages; site admins assign it in /cms/users/.
EDITORS_GROUP = "Editors"


def site_admin_role_sync(*, user: User) -> None:
    """Site admins of an organisation (is_staff in its schema, as tenant_apps.groups.access
    decides) hold Wagtail's "Site admins" group there, and nobody else does.

    Superusers need no group: Wagtail lets them do everything already. The public schema
    holds operators, who have no Wagtail admin.
    """
    if tenant_connection().schema_name == "public":
        return
    group = AuthGroup.objects.filter(name=SITE_ADMINS_GROUP).first()
    if group is None:
        return
    if user.is_active and user.is_staff:
        user.groups.add(group)
    else:
        user.groups.remove(group)
