"""DRF authentication by an OIDC access token issued to this organisation's client."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from tenant_apps.accounts.models import User
from tenant_apps.accounts.oidc.flow import rp_client
from tenant_apps.accounts.oidc.introspection import Introspection, access_token_introspect
from tenant_apps.accounts.oidc.provider import ProviderUnavailable
from tenant_apps.accounts.selectors import user_for_identity
from tenants.oidc_clients import oidc_issuer


class OidcAccessTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>`: active at the provider, for this organisation's
    client (a token of another organisation is refused: 401), of a person with an
    account here."""

    def authenticate(self, request: Request) -> tuple[User, Introspection] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != b"bearer":
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Send exactly one bearer token.")
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise AuthenticationFailed("The bearer token is malformed.") from error
        client = rp_client(request._request)
        try:
            answer = access_token_introspect(token=token, client=client)
        except ProviderUnavailable as error:
            raise AuthenticationFailed("The token cannot be checked right now.") from error
        if not answer.active or answer.client_id != client.client_id or not answer.subject:
            raise AuthenticationFailed("The token is not valid for this site.")
        user = user_for_identity(issuer=oidc_issuer(), subject=answer.subject)
        if user is None or not user.is_active:
            raise AuthenticationFailed("The token's owner has no account on this site.")
        return user, answer

    def authenticate_header(self, request: Any) -> str:
        return 'Bearer realm="api"'
