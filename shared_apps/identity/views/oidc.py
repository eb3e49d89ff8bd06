"""django-oauth-toolkit's endpoints, adapted: login through the provider's own pages,
provider sessions carried into tokens, a second factor on request, the issuer from
`oidc_issuer()`, logout that ends the provider session, introspection per client."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any
from urllib.parse import unquote_plus, urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse, reverse_lazy
from oauth2_provider.models import AccessToken
from oauth2_provider.views import (
    AuthorizationView,
    ConnectDiscoveryInfoView,
    IntrospectTokenView,
    RPInitiatedLogoutView,
)

from shared_apps.identity.links import hub_link
from shared_apps.identity.services.sessions import (
    ACR_MFA,
    ACR_PASSWORD,
    AMR_OTP,
    provider_session_end,
)
from shared_apps.identity.views.session import SESSION_SID, current_provider_session
from tenants.oidc_clients import oidc_issuer


class AuthorizeView(AuthorizationView):
    login_url = reverse_lazy("identity:login")
    template_name = "identity/authorize_error.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # An ended provider session must not authorise anything: with prompt=none the
        # client then gets login_required, otherwise the person logs in again.
        self.provider_session = current_provider_session(request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[no-any-return]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wants_mfa = ACR_MFA in request.GET.get("acr_values", "").split()
        session = self.provider_session
        if wants_mfa and session is not None and AMR_OTP not in session.amr:
            if "none" in request.GET.get("prompt", "").split():
                return self.handle_no_permission()  # type: ignore[no-any-return]
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('identity:two-factor-verify')}?{query}")
        return super().get(request, *args, **kwargs)  # type: ignore[no-any-return]

    def create_authorization_response(
        self, request: HttpRequest, scopes: str, credentials: dict[str, Any], allow: bool
    ) -> Any:
        # oauthlib copies credentials onto its request: the validator finds the session.
        credentials = {**credentials, "plein_session": self.provider_session}
        return super().create_authorization_response(request, scopes, credentials, allow)


class DiscoveryView(ConnectDiscoveryInfoView):
    """DOT's document with the issuer and endpoints on `oidc_issuer()`, and what the
    platform adds: S256 only, the code flow only, acr values and back-channel logout."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        data = json.loads(super().get(request, *args, **kwargs).content)
        data.update(
            {
                "issuer": oidc_issuer(),
                "authorization_endpoint": hub_link("oauth2_provider:authorize"),
                "token_endpoint": hub_link("oauth2_provider:token"),
                "userinfo_endpoint": hub_link("oauth2_provider:user-info"),
                "jwks_uri": hub_link("oauth2_provider:jwks-info"),
                "end_session_endpoint": hub_link("oauth2_provider:rp-initiated-logout"),
                "introspection_endpoint": hub_link("oauth2_provider:introspect"),
                "revocation_endpoint": hub_link("oauth2_provider:revoke-token"),
                "response_types_supported": ["code"],
                "grant_types_supported": ["authorization_code", "refresh_token"],
                "code_challenge_methods_supported": ["S256"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "acr_values_supported": [ACR_PASSWORD, ACR_MFA],
                "backchannel_logout_supported": True,
                "backchannel_logout_session_supported": True,
            }
        )
        response = JsonResponse(data)
        response["Access-Control-Allow-Origin"] = "*"
        return response


class LogoutView(RPInitiatedLogoutView):
    """RP-initiated logout that also ends the provider session (and so sends logout
    tokens to every client that holds a session for it)."""

    template_name = "identity/logout_confirm.html"

    def validate_logout_request_user(self, id_token_hint: str | None, client_id: str | None) -> Any:
        id_token = super().validate_logout_request_user(id_token_hint, client_id)
        self.hint_sid = ""
        if id_token is not None and id_token_hint:
            payload = id_token_hint.split(".")[1]
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            self.hint_sid = str(claims.get("sid", ""))  # signature checked by DOT above
        return id_token

    def do_logout(
        self,
        application: Any = None,
        post_logout_redirect_uri: str | None = None,
        state: str | None = None,
        token_user: Any = None,
    ) -> HttpResponse:
        sids = {self.request.session.get(SESSION_SID, ""), getattr(self, "hint_sid", "")}
        response = super().do_logout(application, post_logout_redirect_uri, state, token_user)
        for sid in sids - {""}:
            provider_session_end(sid=sid)
        return response  # type: ignore[no-any-return]


class IntrospectView(IntrospectTokenView):
    """Introspection answers only for the calling client's own tokens: another
    organisation's token is inactive to it, exactly like an unknown one (RFC 7662 §2.2)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._answer(request, request.POST.get("token"))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._answer(request, request.GET.get("token"))

    def _answer(self, request: HttpRequest, token: str | None) -> HttpResponse:
        response: HttpResponse = self.get_token_response(token)
        if response.status_code != 200:
            return response
        data = json.loads(response.content)
        if not data.get("active"):
            return response
        if data.get("client_id") != _calling_client_id(request):
            return JsonResponse({"active": False})
        found = (
            AccessToken.objects.filter(
                token_checksum=hashlib.sha256(str(token).encode()).hexdigest()
            )
            .values_list("user__oidc_subject", flat=True)
            .first()
        )
        if found:
            data["sub"] = found
        data["iss"] = oidc_issuer()
        return JsonResponse(data)


def _calling_client_id(request: HttpRequest) -> str:
    """The client that authenticated this request (HTTP Basic or form credentials)."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        try:
            decoded = base64.b64decode(header[6:]).decode()
        except (ValueError, UnicodeDecodeError):
            return ""
        return unquote_plus(decoded.split(":", 1)[0])
    return request.POST.get("client_id", "")
