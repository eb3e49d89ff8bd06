"""Provider sessions: one per login in a browser, named by `sid` in every ID token.

Ending one ends everything the provider holds for it (the browser's Django session,
codes and tokens issued in it) and queues a back-channel logout for every client that
received an ID token in it.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from oauth2_provider.models import AccessToken, Grant, IDToken, RefreshToken

from shared_apps.identity.models import GrantSession, IdTokenSession, ProviderSession, SessionClient
from tenant_apps.accounts.models import User

AMR_PASSWORD = "pwd"
AMR_OTP = "otp"
ACR_MFA = "plein:mfa"
ACR_PASSWORD = "plein:pwd"


def provider_session_start(*, user: User, session_key: str, amr: list[str]) -> ProviderSession:
    return ProviderSession.objects.create(user=user, session_key=session_key, amr=amr)


def provider_session_active(*, sid: str) -> ProviderSession | None:
    if not sid:
        return None
    return ProviderSession.objects.filter(sid=sid, ended_at=None).select_related("user").first()


def provider_session_rebind(*, sid: str, user_id: int, session_key: str) -> None:
    """Follow the browser's Django session to its new key (a password change cycles
    it), so that ending the provider session still ends that browser's login."""
    ProviderSession.objects.filter(sid=sid, user_id=user_id, ended_at=None).exclude(
        session_key=session_key
    ).update(session_key=session_key)


def provider_session_mfa_add(*, session: ProviderSession) -> ProviderSession:
    if AMR_OTP not in session.amr:
        session.amr = [*session.amr, AMR_OTP]
        session.save(update_fields=["amr"])
    return session


def session_acr(*, session: ProviderSession | None) -> str:
    return ACR_MFA if session is not None and AMR_OTP in session.amr else ACR_PASSWORD


def grant_session_attach(*, code: str, session: ProviderSession) -> None:
    grant_id = Grant.objects.filter(code=code).values_list("pk", flat=True).first()
    if grant_id is not None:
        GrantSession.objects.create(grant_id=grant_id, session=session)


def id_token_session_attach(*, id_token: IDToken, session: ProviderSession, client_id: str) -> None:
    IdTokenSession.objects.create(id_token=id_token, session=session)
    SessionClient.objects.get_or_create(session=session, client_id=client_id)


def provider_session_end(*, sid: str) -> ProviderSession | None:
    """End the session (idempotent); returns it when this call ended it."""
    with transaction.atomic():
        session = (
            ProviderSession.objects.select_for_update()
            .filter(sid=sid, ended_at=None)
            .select_related("user")
            .first()
        )
        if session is None:
            return None
        session.ended_at = timezone.now()
        session.save(update_fields=["ended_at"])
        id_tokens = IdTokenSession.objects.filter(session=session).values("id_token_id")
        access_tokens = AccessToken.objects.filter(id_token_id__in=id_tokens)
        RefreshToken.objects.filter(access_token__in=access_tokens).delete()
        access_tokens.delete()
        IDToken.objects.filter(pk__in=id_tokens).delete()
        Grant.objects.filter(
            pk__in=GrantSession.objects.filter(session=session).values("grant_id")
        ).delete()
        if session.session_key:
            Session.objects.filter(session_key=session.session_key).delete()
        clients = list(session.clients.values_list("client_id", flat=True))
        subject, sid_text = session.user.oidc_subject, str(session.sid)
        transaction.on_commit(
            lambda: _backchannel_enqueue(clients=clients, subject=subject, sid=sid_text)
        )
    return session


# Long after the last back-channel retry (about a day): nothing needs an ended session then.
ENDED_SESSION_KEPT = timedelta(days=30)


def provider_sessions_prune() -> int:
    """Forget provider sessions that ended more than ENDED_SESSION_KEPT ago (with their
    client and token links); returns how many sessions went."""
    cutoff = timezone.now() - ENDED_SESSION_KEPT
    _, per_model = ProviderSession.objects.filter(ended_at__lt=cutoff).delete()
    return per_model.get(ProviderSession._meta.label, 0)


def _backchannel_enqueue(*, clients: list[str], subject: str, sid: str) -> None:
    from shared_apps.identity.tasks import backchannel_logout_send

    for client_id in clients:
        backchannel_logout_send.delay(client_id=client_id, subject=subject, sid=sid)
