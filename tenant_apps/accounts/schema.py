"""How the OpenAPI schema describes the OIDC bearer authentication."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class OidcAccessTokenScheme(OpenApiAuthenticationExtension):
    target_class = "tenant_apps.accounts.authentication.OidcAccessTokenAuthentication"
    name = "oidcAccessToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An OpenID Connect access token issued to this organisation's client.",
        }
