"""Writes: accounts from OIDC identities, the site's access policy, codes and requests."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.people.services import person_organisation_record
from tenant_apps.accounts.identity import Identity
from tenant_apps.accounts.models import (
    AccessCode,
    AccessMode,
    AccessRequest,
    AccessRequestStatus,
    OidcSession,
    SiteAccessPolicy,
    User,
)
from tenant_apps.accounts.selectors import access_policy_get, user_for_identity
from tenant_apps.groups.access import viewer_is_site_admin
from tenant_apps.groups.models import Invitation
from tenant_apps.groups.services import invitation_token_hash

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud
DOMAIN_PATTERN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class AccessRefused(Exception):
    """A closed site does not admit this person (yet); no account row was written."""


class AccessError(Exception):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class AccessDenied(Exception):
    """The actor is not a site admin of this organisation."""


@dataclass(frozen=True, slots=True)
class NewAccessCode:
    access_code: AccessCode
    code: str  # shown once to the site admin; the database keeps its sha256


# ---- logging in ---------------------------------------------------------------------


@transaction.atomic
def account_login(
    *,
    identity: Identity,
    organisation_id: int,
    invitation_token: str | None = None,
    access_code: str | None = None,
) -> User:
    """The account of this identity on this site, created (if the site admits the person)
    or updated from the claims. Matched on (issuer, sub) only, never on e-mail."""
    user = user_for_identity(issuer=identity.issuer, subject=identity.subject)
    if user is None:
        if not _admits(identity=identity, invitation_token=invitation_token, code=access_code):
            raise AccessRefused(identity.subject)
        user = _user_create(identity)
    else:
        _user_update(user, identity)
    if not user.is_active:
        raise AccessRefused(identity.subject)
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(last_login=now)
    user.last_login = now
    transaction.on_commit(
        lambda: person_organisation_record(
            issuer=identity.issuer,
            subject=identity.subject,
            organisation_id=organisation_id,
            at=now,
        )
    )
    return user


def _admits(*, identity: Identity, invitation_token: str | None, code: str | None) -> bool:
    policy = access_policy_get()
    if policy.mode == AccessMode.OPEN:
        return True
    # A group invitation is an invitation to the site: the group flow must keep working.
    if invitation_token and _invitation_is_open(invitation_token):
        return True
    if code and policy.codes_enabled and _access_code_consume(code):
        return True
    if AccessRequest.objects.filter(
        oidc_issuer=identity.issuer,
        oidc_subject=identity.subject,
        status=AccessRequestStatus.APPROVED,
    ).exists():
        return True
    return bool(
        identity.email_verified
        and identity.email_domain
        and identity.email_domain in policy.domain_list
    )


def _invitation_is_open(token: str) -> bool:
    return Invitation.objects.filter(
        token_hash=invitation_token_hash(token),
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
        group__deleted_at__isnull=True,
    ).exists()


def _access_code_consume(code: str) -> bool:
    updated = AccessCode.objects.filter(
        code_hash=access_code_hash(code), revoked_at__isnull=True, uses__lt=F("max_uses")
    ).exclude(expires_at__lte=timezone.now())
    return updated.update(uses=F("uses") + 1) == 1


def _user_create(identity: Identity) -> User:
    user = User(
        username=_username_for(identity),
        oidc_issuer=identity.issuer,
        oidc_subject=identity.subject,
    )
    _claims_apply(user, identity)
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # The same person's login in another tab won the race: use that row.
        existing = user_for_identity(issuer=identity.issuer, subject=identity.subject)
        if existing is None:
            raise
        return existing
    return user


def _user_update(user: User, identity: Identity) -> None:
    before = (user.email, user.first_name, user.last_name, user.display_name, user.language)
    _claims_apply(user, identity)
    after = (user.email, user.first_name, user.last_name, user.display_name, user.language)
    if before != after:
        user.save(update_fields=["email", "first_name", "last_name", "display_name", "language"])


def _claims_apply(user: User, identity: Identity) -> None:
    # Claims the provider left out keep their value; the provider owns these fields.
    if identity.email:
        user.email = identity.email
    if identity.given_name:
        user.first_name = identity.given_name
    if identity.family_name:
        user.last_name = identity.family_name
    name = identity.name or " ".join(p for p in (identity.given_name, identity.family_name) if p)
    if name:
        user.display_name = name
    if identity.language:
        user.language = identity.language


def _username_for(identity: Identity) -> str:
    # Stable and unique per (issuer, sub); never derived from the e-mail address.
    digest = hashlib.sha256(f"{identity.issuer}\n{identity.subject}".encode()).hexdigest()
    return f"oidc-{digest[:24]}"


def oidc_session_record(*, sid: str, session_key: str, user: User) -> None:
    # Links of this person's sessions that expired meanwhile go now: the table stays as
    # small as the sessions that are alive.
    OidcSession.objects.filter(user=user).exclude(
        session_key__in=Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    ).delete()
    OidcSession.objects.update_or_create(
        session_key=session_key, defaults={"sid": sid, "user": user}
    )


def oidc_session_forget(*, session_key: str) -> None:
    OidcSession.objects.filter(session_key=session_key).delete()


@transaction.atomic
def oidc_sessions_end(*, issuer: str, sid: str, subject: str) -> int:
    """End this site's sessions of a provider session (`sid`), or without one, every
    session of the person (`sub`). Returns how many sessions were deleted."""
    links = OidcSession.objects.all()
    if sid:
        links = links.filter(sid=sid)
    if subject:
        links = links.filter(user__oidc_issuer=issuer, user__oidc_subject=subject)
    keys = list(links.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    links.delete()
    return len(keys)


# ---- the site's access policy -------------------------------------------------------


def _require_site_admin(actor: User) -> None:
    if not viewer_is_site_admin(actor):
        raise AccessDenied()


@transaction.atomic
def access_policy_update(
    *,
    actor: User,
    mode: str,
    codes_enabled: bool,
    requests_enabled: bool,
    email_domains: list[str],
) -> SiteAccessPolicy:
    _require_site_admin(actor)
    if mode not in AccessMode.values:
        raise AccessError(_("Choose open or closed."), field="mode")
    domains: list[str] = []
    for raw in email_domains:
        domain = raw.strip().lower().lstrip("@")
        if not domain:
            continue
        if not DOMAIN_PATTERN.match(domain):
            raise AccessError(
                _("“%(domain)s” is not a domain name.") % {"domain": raw.strip()[:100]},
                field="email_domains",
            )
        if domain not in domains:
            domains.append(domain)
    policy = access_policy_get()
    policy.mode = mode
    policy.codes_enabled = codes_enabled
    policy.requests_enabled = requests_enabled
    policy.email_domains = "\n".join(domains)
    policy.save()
    return policy


def access_code_hash(code: str) -> str:
    normalised = re.sub(r"[\s-]", "", code).upper()
    return hashlib.sha256(normalised.encode()).hexdigest()


@transaction.atomic
def access_code_create(
    *, actor: User, label: str = "", max_uses: int = 1, expires_at: datetime | None = None
) -> NewAccessCode:
    _require_site_admin(actor)
    if not 1 <= max_uses <= 10_000:
        raise AccessError(_("A code can be used between 1 and 10,000 times."), field="max_uses")
    if expires_at is not None and expires_at <= timezone.now():
        raise AccessError(_("The expiry date must be in the future."), field="expires_at")
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    code = "-".join(raw[i : i + 4] for i in range(0, 12, 4))
    access_code = AccessCode.objects.create(
        label=label.strip()[:100],
        code_hash=access_code_hash(code),
        max_uses=max_uses,
        expires_at=expires_at,
        created_by=actor,
    )
    return NewAccessCode(access_code=access_code, code=code)


@transaction.atomic
def access_code_revoke(*, actor: User, access_code: AccessCode) -> AccessCode:
    _require_site_admin(actor)
    if access_code.revoked_at is None:
        access_code.revoked_at = timezone.now()
        access_code.save(update_fields=["revoked_at"])
    return access_code


@transaction.atomic
def access_request_submit(*, identity: Identity, message: str) -> AccessRequest:
    """Ask to be let in; asking again refreshes the one request of this identity."""
    if not access_policy_get().requests_enabled:
        raise AccessError(_("This site does not take access requests."))
    access_request, created = AccessRequest.objects.select_for_update().get_or_create(
        oidc_issuer=identity.issuer,
        oidc_subject=identity.subject,
        defaults={"email": identity.email, "name": identity.name, "message": message[:2000]},
    )
    if not created:
        if access_request.status == AccessRequestStatus.APPROVED:
            return access_request
        access_request.email = identity.email
        access_request.name = identity.name
        access_request.message = message[:2000]
        access_request.status = AccessRequestStatus.PENDING
        access_request.decided_at = None
        access_request.decided_by = None
        access_request.save()
    return access_request


@transaction.atomic
def access_request_decide(
    *, actor: User, access_request: AccessRequest, approve: bool
) -> AccessRequest:
    _require_site_admin(actor)
    if access_request.status != AccessRequestStatus.PENDING:
        raise AccessError(_("This request has already been decided."))
    access_request.status = AccessRequestStatus.APPROVED if approve else AccessRequestStatus.REFUSED
    access_request.decided_at = timezone.now()
    access_request.decided_by = actor
    access_request.save(update_fields=["status", "decided_at", "decided_by"])
    return access_request
