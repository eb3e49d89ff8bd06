"""Keeps Wagtail roles in step with the site-admin flag, however the flag was set."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from tenant_apps.accounts.models import User
from tenant_apps.cms.services import site_admin_role_sync


@receiver(post_save, sender=User, dispatch_uid="cms_site_admin_role_sync")
def _site_admin_role_follows_staff_flag(sender: type[User], instance: User, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    # Logins save last_login alone: no need to look at roles then.
    if kwargs.get("raw") or (update_fields and not {"is_staff", "is_active"} & set(update_fields)):
        return
    site_admin_role_sync(user=instance)
