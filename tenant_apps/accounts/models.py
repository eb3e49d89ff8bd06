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
from django.utils.translation import pgettext_lazy


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


class AccessMode(models.TextChoices):
    OPEN = "open", _("Open: anyone who logs in")
    CLOSED = "closed", _("Closed: members only")


class SiteAccessPolicy(models.Model):
    """Who may get an account on this site; one row per schema (created on first use)."""

    mode = models.CharField(
        _("access"), max_length=10, choices=AccessMode.choices, default=AccessMode.OPEN
    )
    codes_enabled = models.BooleanField(_("invitation codes admit people"), default=True)
    requests_enabled = models.BooleanField(_("people may request access"), default=True)
    # Lower-case domains, one a line; admits only people whose provider verified the address.
    email_domains = models.TextField(_("allowed e-mail domains"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="one_access_policy")]

    def __str__(self) -> str:
        return str(self.get_mode_display())

    @property
    def domain_list(self) -> list[str]:
        return [line.strip() for line in self.email_domains.splitlines() if line.strip()]


class AccessCode(models.Model):
    """A code that admits whoever enters it to a closed site, until used up or revoked."""

    label = models.CharField(_("label"), max_length=100, blank=True)
    code_hash = models.CharField(max_length=64, unique=True)  # sha256; the code is shown once
    max_uses = models.PositiveIntegerField(_("maximum uses"), default=1)
    uses = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label or f"#{self.pk}"


class AccessRequestStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("access request", "Pending")
    APPROVED = "approved", pgettext_lazy("access request", "Approved")
    REFUSED = "refused", pgettext_lazy("access request", "Refused")


class AccessRequest(models.Model):
    """Someone without an account asking a site admin to be let in; keyed by (issuer, sub)
    because there is no user row until it is approved and they log in."""

    oidc_issuer = models.CharField(max_length=255)
    oidc_subject = models.CharField(max_length=255)
    email = models.EmailField(blank=True)
    name = models.CharField(max_length=200, blank=True)
    message = models.TextField(
        pgettext_lazy("access request", "message"), blank=True, max_length=2000
    )
    status = models.CharField(
        max_length=10, choices=AccessRequestStatus.choices, default=AccessRequestStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["oidc_issuer", "oidc_subject"], name="one_access_request_per_identity"
            )
        ]

    def __str__(self) -> str:
        return self.name or self.email or self.oidc_subject


class OidcSession(models.Model):
    """Which Django session belongs to which provider session (`sid`), written at login,
    so a back-channel logout can delete exactly those sessions."""

    sid = models.CharField(max_length=255, blank=True, db_index=True)
    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.sid or self.session_key
