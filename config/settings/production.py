"""Production: secrets have no default and the process refuses to start without them."""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import OAUTH2_PROVIDER, STORAGES, env
from shared_apps.identity.keys import private_key_pem

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
DATABASES = {"default": env.db_url("DATABASE_URL")}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
PLEIN_HUB_DOMAIN = env("PLEIN_HUB_DOMAIN")
PLEIN_URL_SCHEME = "https"
PLEIN_URL_PORT = env.int("PLEIN_URL_PORT", default=443)
# The provider's signing key: PEM in PLEIN_OIDC_PRIVATE_KEY or a file named by
# PLEIN_OIDC_PRIVATE_KEY_FILE; no development fallback.
OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"] = private_key_pem(
    pem=env("PLEIN_OIDC_PRIVATE_KEY", default=""),
    path=env("PLEIN_OIDC_PRIVATE_KEY_FILE", default=""),
)
if not OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"]:
    raise ImproperlyConfigured(
        "Set PLEIN_OIDC_PRIVATE_KEY (PEM) or PLEIN_OIDC_PRIVATE_KEY_FILE: the OpenID "
        "Provider signs ID tokens with it."
    )
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_CONTENT_TYPE_NOSNIFF = True
# Static files: collected once per deploy (`collectstatic`), hashed names, compressed, served
# by WhiteNoise; themes come from STATICFILES_DIRS, so a new organisation never collects.
WHITENOISE_USE_FINDERS = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env("EMAIL_HOST"),
            "port": env.int("EMAIL_PORT", default=587),
            "username": env("EMAIL_HOST_USER", default=""),
            "password": env("EMAIL_HOST_PASSWORD", default=""),
            "use_tls": env.bool("EMAIL_USE_TLS", default=True),
        },
    }
}
