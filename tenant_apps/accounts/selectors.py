"""Reads of accounts and the site's access policy."""

from __future__ import annotations

from django.db.models import QuerySet

from tenant_apps.accounts.models import (
    AccessCode,
    AccessRequest,
    AccessRequestStatus,
    SiteAccessPolicy,
    User,
)


def access_policy_get() -> SiteAccessPolicy:
    """This site's policy; an unsaved open one until a site admin sets it."""
    return SiteAccessPolicy.objects.filter(pk=1).first() or SiteAccessPolicy(pk=1)


def user_for_identity(*, issuer: str, subject: str) -> User | None:
    return User.objects.filter(oidc_issuer=issuer, oidc_subject=subject).first()


def access_codes_list() -> QuerySet[AccessCode]:
    return AccessCode.objects.all()


def access_code_get(*, code_id: int) -> AccessCode | None:
    return AccessCode.objects.filter(pk=code_id).first()


def access_requests_list(
    *, status: str | None = AccessRequestStatus.PENDING
) -> QuerySet[AccessRequest]:
    requests = AccessRequest.objects.all()
    return requests.filter(status=status) if status else requests


def access_request_get(*, request_id: int) -> AccessRequest | None:
    return AccessRequest.objects.filter(pk=request_id).first()


def access_request_for_identity(*, issuer: str, subject: str) -> AccessRequest | None:
    return AccessRequest.objects.filter(oidc_issuer=issuer, oidc_subject=subject).first()
