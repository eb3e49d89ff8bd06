"""django-oauth-toolkit's validator, adapted to the platform.

- The issuer is `tenants.oidc_clients.oidc_issuer()`, computed per call rather than
  fixed in OIDC_ISS_ENDPOINT, because it follows PLEIN_HUB_DOMAIN and the URL port,
  which tests and benchmarks change at run time.
- `sub` is the person's opaque `oidc_subject`, never the row id.
- `sid`, `amr` and `acr` come from the provider session the code was issued in; the
  authorization view passes it along (oauthlib copies credentials onto the request).
- Client secrets are stored as SHA-256 digests (see services/clients.py).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.utils.crypto import constant_time_compare
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauthlib.common import Request

from shared_apps.identity.links import hub_link
from shared_apps.identity.models import GrantSession, IdTokenSession, Profile, ProviderSession
from shared_apps.identity.services.clients import SECRET_DIGEST_PREFIX
from shared_apps.identity.services.sessions import (
    grant_session_attach,
    id_token_session_attach,
    session_acr,
)
from tenant_apps.accounts.models import User
from tenants.oidc_clients import oidc_issuer

_UNSET = object()


class PleinOAuth2Validator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "sid": "openid",
        "amr": "openid",
        "acr": "openid",
    }

    def get_oidc_issuer_endpoint(self, request: Any) -> str:
        return oidc_issuer()

    def _check_secret(self, provided_secret: str, stored_secret: str) -> bool:
        if stored_secret.startswith(SECRET_DIGEST_PREFIX):
            digest = hashlib.sha256((provided_secret or "").encode()).hexdigest()
            return constant_time_compare(SECRET_DIGEST_PREFIX + digest, stored_secret)
        return bool(super()._check_secret(provided_secret, stored_secret))

    def validate_silent_login(self, request: Request) -> bool:
        # prompt=none: the authorization view has already answered login_required to a
        # browser without a live provider session; anyone reaching this is logged in.
        return True

    def validate_silent_authorization(self, request: Request) -> bool:
        # Silent only for clients that never need consent: the platform's own sites.
        return bool(getattr(request.client, "skip_authorization", False))

    def save_authorization_code(
        self, client_id: str, code: dict[str, str], request: Request, *args: Any, **kwargs: Any
    ) -> None:
        super().save_authorization_code(client_id, code, request, *args, **kwargs)
        session = getattr(request, "plein_session", None)
        if isinstance(session, ProviderSession):
            grant_session_attach(code=code["code"], session=session)

    def _save_id_token(
        self, jti: str, request: Request, expires: Any, *args: Any, **kwargs: Any
    ) -> Any:
        id_token = super()._save_id_token(jti, request, expires, *args, **kwargs)
        session = self._provider_session(request)
        if session is not None:
            id_token_session_attach(
                id_token=id_token, session=session, client_id=request.client.client_id
            )
        return id_token

    def get_additional_claims(self, request: Request) -> dict[str, Any]:
        user: User = request.user
        session = self._provider_session(request)
        profile = Profile.objects.filter(user=user).first()
        claims: dict[str, Any] = {
            "email": user.email,
            "email_verified": bool(profile and profile.email_verified),
            "name": user.get_full_name() or user.display_name or user.email,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "locale": user.language or settings.LANGUAGE_CODE,
        }
        if profile is not None and profile.avatar:
            claims["picture"] = hub_link("identity:picture", subject=user.oidc_subject)
        if session is not None:
            claims["sid"] = str(session.sid)
            claims["amr"] = list(session.amr)
            claims["acr"] = session_acr(session=session)
        return claims

    def get_claim_dict(self, request: Request) -> dict[str, Any]:
        claims = {"sub": request.user.oidc_subject}
        claims.update(self.get_additional_claims(request))
        return claims

    def get_discovery_claims(self, request: Any) -> list[str]:
        return [
            "sub",
            "email",
            "email_verified",
            "name",
            "given_name",
            "family_name",
            "locale",
            "picture",
            "sid",
            "amr",
            "acr",
        ]

    def _provider_session(self, request: Request) -> ProviderSession | None:
        """The provider session behind this request: the browser's (authorization), the
        code's (token), or the one its earlier ID token was issued in (refresh, userinfo)."""
        cached = getattr(request, "_plein_provider_session", _UNSET)
        if cached is not _UNSET:
            return cached  # type: ignore[return-value]
        session: ProviderSession | None = getattr(request, "plein_session", None)
        if session is None and getattr(request, "code", None):
            link = (
                GrantSession.objects.filter(grant__code=request.code)
                .select_related("session")
                .first()
            )
            session = link.session if link else None
        if session is None:
            id_token_id = None
            refresh = getattr(request, "refresh_token_instance", None)
            access = getattr(request, "access_token", None)
            if refresh is not None and refresh.access_token is not None:
                id_token_id = refresh.access_token.id_token_id
            elif access is not None and hasattr(access, "id_token_id"):
                id_token_id = access.id_token_id
            if id_token_id is not None:
                link2 = (
                    IdTokenSession.objects.filter(id_token_id=id_token_id)
                    .select_related("session")
                    .first()
                )
                session = link2.session if link2 else None
        request._plein_provider_session = session
        return session
