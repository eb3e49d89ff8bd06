"""System checks of the provider."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register


@register()
def signing_key_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.OAUTH2_PROVIDER.get("OIDC_RSA_PRIVATE_KEY"):
        return []
    return [
        Warning(
            "The OpenID Provider has no signing key: logins through it will fail.",
            hint="Set PLEIN_OIDC_PRIVATE_KEY or PLEIN_OIDC_PRIVATE_KEY_FILE; for development "
            "`python -m shared_apps.identity.keys .data/oidc-dev-key.pem` writes one.",
            id="identity.W001",
        )
    ]
