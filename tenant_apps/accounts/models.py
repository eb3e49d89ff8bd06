"""People's accounts, one table per schema.

In an organisation's schema a row is that person's account on that subsite (roles,
profile), created on first login from the OpenID Connect claims and keyed by
(issuer, subject), never by e-mail alone. In the public schema the same table holds the
platform's operators.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    oidc_issuer = models.CharField(_("OpenID issuer"), max_length=255, blank=True)
    oidc_subject = models.CharField(_("OpenID subject"), max_length=255, blank=True)
    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["oidc_issuer", "oidc_subject"],
                condition=~Q(oidc_subject=""),
                name="one_account_per_oidc_identity",
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username
