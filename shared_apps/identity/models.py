"""What the provider keeps about people beyond the shared user row, and its sessions.

People are `accounts.User` rows of the public schema (the same table as operators); the
identity app must not add migrations there, so everything provider-specific lives here.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from oauth2_provider.models import Grant, IDToken


def avatar_path(instance: Profile, filename: str) -> str:
    # A fresh name per upload: the old picture's URL stops working when it is replaced.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"avatars/{instance.user_id}/{uuid.uuid4().hex}.{extension}"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identity_profile"
    )
    email_verified = models.BooleanField(_("e-mail verified"), default=False)
    avatar = models.FileField(_("picture"), upload_to=avatar_path, blank=True)

    def __str__(self) -> str:
        return str(self.user)


class ProviderSession(models.Model):
    """One login at the provider (one browser's session); `sid` in tokens names it."""

    sid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_sessions"
    )
    session_key = models.CharField(max_length=64, blank=True)
    amr = models.JSONField(default=list)  # ["pwd"] or ["pwd", "otp"]
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "ended_at"])]

    def __str__(self) -> str:
        return str(self.sid)


class SessionClient(models.Model):
    """A client that received an ID token in a provider session: it gets a logout token
    when the session ends. Not tied to DOT's token rows, which logout deletes first."""

    session = models.ForeignKey(ProviderSession, on_delete=models.CASCADE, related_name="clients")
    client_id = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "client_id"], name="one_row_per_session_client"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.client_id}"


class GrantSession(models.Model):
    """Carries the provider session from the authorization request to the token request."""

    grant = models.OneToOneField(Grant, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(ProviderSession, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"grant {self.grant_id}"


class IdTokenSession(models.Model):
    """The session an ID token was issued in; refreshes and userinfo find it through here."""

    id_token = models.OneToOneField(IDToken, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(ProviderSession, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"ID token {self.id_token_id}"


class OrganisationClient(models.Model):
    """Which organisation an OIDC client belongs to, and where its logout tokens go."""

    application = models.OneToOneField(
        "oauth2_provider.Application", on_delete=models.CASCADE, related_name="organisation_link"
    )
    organisation_slug = models.SlugField(max_length=63, unique=True)
    backchannel_logout_uri = models.URLField(max_length=500)

    def __str__(self) -> str:
        return self.organisation_slug


class UpstreamLink(models.Model):
    """A person's account at the upstream provider: matched on (issuer, subject) only,
    never on the e-mail address."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="upstream_links"
    )
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="one_link_per_upstream_id")
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"
