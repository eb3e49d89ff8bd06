"""Settings shared by every environment; environment files override what differs.

Values come from the environment (django-environ), with a `.env` file read when present.
"""

from pathlib import Path

import environ

from shared_apps.identity.keys import previous_keys_pem, private_key_pem

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-development-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Host validation happens per organisation in the tenant resolution middleware: any
# syntactically valid host may reach it, and unknown ones answer 404 there. Django still
# answers 400 for a malformed Host header.
ALLOWED_HOSTS = ["*"]

# The hub (public schema) answers on this domain; every organisation has its own.
PLEIN_HUB_DOMAIN = env("PLEIN_HUB_DOMAIN", default="localhost")
# The scheme and port used when Plein prints or builds absolute URLs to subsites.
PLEIN_URL_SCHEME = env("PLEIN_URL_SCHEME", default="http")
PLEIN_URL_PORT = env.int("PLEIN_URL_PORT", default=8000)
# How many migrated spare schemas the warm pool keeps ready for instant provisioning.
PLEIN_SPARE_SCHEMAS = env.int("PLEIN_SPARE_SCHEMAS", default=3)
# Where organisation exports (schema dump plus media, one archive) are written.
PLEIN_EXPORT_DIR = Path(env("PLEIN_EXPORT_DIR", default=str(BASE_DIR / ".data" / "exports")))
# Key that signs exports (default: derived from SECRET_KEY); imports check it.
PLEIN_EXPORT_SIGNING_KEY = env("PLEIN_EXPORT_SIGNING_KEY", default="")
# Directory holding pg_dump matching the server; found automatically when empty.
PLEIN_PG_BIN_DIR = env("PLEIN_PG_BIN_DIR", default="")
# Daily digests start within this many seconds after 05:00 UTC, spread per organisation.
PLEIN_DIGEST_JITTER_S = env.int("PLEIN_DIGEST_JITTER_S", default=3600)
# Tenant resolution reloads its host map at least this often when Redis cannot be asked.
PLEIN_ROUTING_FALLBACK_TTL_S = env.float("PLEIN_ROUTING_FALLBACK_TTL_S", default=5.0)

# Single sign-on (tenants/oidc_clients.py). Empty issuer: the built-in provider on the hub.
PLEIN_OIDC_ISSUER = env("PLEIN_OIDC_ISSUER", default="")
# Key that derives each organisation's client secret (default: derived from SECRET_KEY).
PLEIN_OIDC_CLIENT_SECRET_KEY = env("PLEIN_OIDC_CLIENT_SECRET_KEY", default="")
# Clients registered at an external provider: {"<slug>": {"client_id": .., "client_secret": ..}}.
PLEIN_OIDC_CLIENTS: dict[str, dict[str, str]] = env.json("PLEIN_OIDC_CLIENTS", default={})
# Relying party (tenant_apps/accounts): discovery and JWKS cache lifetime.
PLEIN_OIDC_METADATA_TTL_S = env.int("PLEIN_OIDC_METADATA_TTL_S", default=3600)
# Silent login (prompt=none) is not tried again in the same browser for this long.
PLEIN_SSO_SILENT_COOKIE_S = env.int("PLEIN_SSO_SILENT_COOKIE_S", default=1800)
# Paths never answered by a silent login redirect: API, the RP's own paths, the built-in
# provider's pages on the hub, static files and media.
PLEIN_SSO_SILENT_SKIP_PREFIXES = (
    "/api/",
    "/auth/",
    "/login/",
    "/logout/",
    "/access/",
    "/oidc/",
    "/identity/",
    "/account/",
    "/static/",
    "/media/",
    "/internal/",
    "/.well-known/",
    "/favicon.ico",
    "/robots.txt",
)

# Host-only cookies: the `__Host-` prefix makes the browser refuse any Domain attribute
# and any non-Secure write. local.py and test.py serve plain http and drop both.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

SHARED_APPS = [
    "tenants",  # first: its `migrate` command replaces django-tenants' one
    "django_tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "tenant_apps.accounts",  # operators in public; each organisation's people in its schema
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and ReDoc assets served from here, not a CDN
    "shared_apps.operators",
    "shared_apps.hub",
    "shared_apps.people",  # (issuer, sub) -> organisations where the person has an account
    # The built-in OpenID Provider (public schema only: one set of people and clients).
    "oauth2_provider",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "shared_apps.identity",
]

TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "tenant_apps.accounts",
    # Tokens must live beside the users they point at: a token table in public only
    # would let an operator's token (user id N) log in as user N of every organisation.
    "rest_framework.authtoken",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "tenant_apps.site",
    "tenant_apps.groups",
    "tenant_apps.discussions",
    "tenant_apps.events",
    "tenant_apps.files",
    "tenant_apps.activity",
    "tenant_apps.search",
    "tenant_apps.cms",
]

INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

AUTH_USER_MODEL = "accounts.User"
# Every site logs in through its OpenID Connect relying party (tenant_apps/accounts).
LOGIN_URL = "/login/"
TENANT_MODEL = "tenants.Organisation"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
# Avoid a `SET search_path` before every query: set once per connection and tenant switch.
TENANT_LIMIT_SET_CALLS = True
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenant"

MIDDLEWARE = [
    "tenants.middleware.TenantResolutionMiddleware",
    "config.middleware.NulByteGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, with the organisation's default language as fallback.
    "tenant_apps.site.middleware.OrganisationLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Log in once: an anonymous visitor's first page asks the provider silently.
    "tenant_apps.accounts.middleware.SilentLoginMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # /cms/: a member without admin access gets a 403, not a loop through the SSO login.
    "tenant_apps.cms.middleware.CmsAdminDoorMiddleware",
    # After authentication: only a site admin sees the draft branding it previews.
    "tenant_apps.site.middleware.BrandingPreviewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The organisation's theme, then the default theme, then the apps' templates,
        # cached per theme (config/template_loaders.py).
        "DIRS": [],
        "OPTIONS": {
            "loaders": ["config.template_loaders.ThemeLoader"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tenant_apps.site.context_processors.branding",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/plein")
}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
# Persistent connections keep the search_path set between requests of one tenant.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        # Tenant-aware keys: Wagtail's site-root cache would otherwise leak between tenants.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="plein"),
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
            # A cache outage degrades to misses instead of failing requests.
            "IGNORE_EXCEPTIONS": True,
        },
    }
}
DJANGO_REDIS_IGNORE_EXCEPTIONS = True
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Django 6.1 mailers. Tests swap every alias for the in-memory backend by themselves.
MAILERS = {
    "default": {
        "BACKEND": env(
            "EMAIL_BACKEND_CLASS", default="django.core.mail.backends.console.EmailBackend"
        ),
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Plein <noreply@plein.localhost>")

# argon2 first: new and changed passwords are hashed with it; older hashes still verify.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / ".data" / "static"
# Every theme's static files: collected once per deploy, never per organisation.
STATICFILES_DIRS = sorted(path for path in (BASE_DIR / "themes").glob("*/static") if path.is_dir())
# WhiteNoise serves static files; outside production straight from the theme folders.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / ".data" / "media")))
MEDIA_URL = "/media/"
# Every organisation's uploads live under MEDIA_ROOT/<schema_name>/.
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Plein"
# Used outside an organisation only: in one, the links in Wagtail's mails use its primary
# domain (tenant_apps/cms/admin_base_url.py).
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://localhost:8000")
# The Wagtail admin (/cms/) sends visitors to the subsite's SSO login with `next`.
WAGTAILADMIN_LOGIN_URL = "/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/login/"
# People log in through SSO only: Wagtail keeps no passwords of its own.
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        # Bearer access tokens of this organisation's OIDC client (introspected).
        "tenant_apps.accounts.authentication.OidcAccessTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Plein API",
    "DESCRIPTION": "Operator, hub and organisation APIs of the Plein platform.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Two choice sets share the field name "kind" (organisations, operator jobs).
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "tenants.models.OrganisationKind",
        "OperatorJobKindEnum": "shared_apps.operators.models.JobKind",
    },
}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_CONNECTION_TIMEOUT = 1.0
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "socket_connect_timeout": 1}
# Without a reachable Redis, `make demo` sets this so tasks run in-process.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

# The built-in OpenID Provider (shared_apps/identity; keys: shared_apps/identity/keys.py).
# The issuer is not set here: it follows PLEIN_HUB_DOMAIN and the URL port at run time
# (tenants.oidc_clients.oidc_issuer), see shared_apps/identity/validators.py.
PLEIN_OIDC_PRIVATE_KEY_FILE = env(
    "PLEIN_OIDC_PRIVATE_KEY_FILE", default=str(BASE_DIR / ".data" / "oidc-dev-key.pem")
)
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": private_key_pem(
        pem=env("PLEIN_OIDC_PRIVATE_KEY", default=""), path=PLEIN_OIDC_PRIVATE_KEY_FILE
    ),
    "OIDC_RSA_PRIVATE_KEYS_INACTIVE": previous_keys_pem(
        paths=env("PLEIN_OIDC_PREVIOUS_KEY_FILES", default="")
    ),
    "OAUTH2_VALIDATOR_CLASS": "shared_apps.identity.validators.PleinOAuth2Validator",
    "SCOPES": {
        "openid": "OpenID Connect",
        "profile": "Name, language and picture",
        "email": "E-mail address",
    },
    "DEFAULT_SCOPES": ["openid"],
    "PKCE_REQUIRED": True,
    # Refuse the "plain" PKCE method: S256 only (NL GOV OIDC profile).
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    # The rest of RFC 9700 that applies: no implicit or password grant, bearer tokens
    # only in the Authorization header, tokens stored as digests. (The RFC 9207 `iss`
    # parameter stays off: DOT would derive it from the request, not oidc_issuer().)
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "ID_TOKEN_EXPIRE_SECONDS": 3600,
    "REFRESH_TOKEN_EXPIRE_SECONDS": 30 * 24 * 3600,
    "ROTATE_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    # The platform's own relying parties log out without a confirmation page.
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "OIDC_RP_INITIATED_LOGOUT_STRICT_REDIRECT_URIS": True,
}
# DOT's models are swappable; the identity app's migrations refer to them by setting.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"
# Back-channel logout deliveries retry after base * 2^n seconds (capped at an hour).
PLEIN_BACKCHANNEL_RETRY_BASE_S = env.float("PLEIN_BACKCHANNEL_RETRY_BASE_S", default=5.0)
# Federation (optional): "Log in with <name>" at an upstream OpenID Provider, such as
# the government's Keycloak or Entra ID; people are linked by (issuer, sub) only.
PLEIN_UPSTREAM_OIDC_ISSUER = env("PLEIN_UPSTREAM_OIDC_ISSUER", default="")
PLEIN_UPSTREAM_OIDC_CLIENT_ID = env("PLEIN_UPSTREAM_OIDC_CLIENT_ID", default="")
PLEIN_UPSTREAM_OIDC_CLIENT_SECRET = env("PLEIN_UPSTREAM_OIDC_CLIENT_SECRET", default="")
PLEIN_UPSTREAM_OIDC_NAME = env("PLEIN_UPSTREAM_OIDC_NAME", default="")
# Login throttling (django-axes) for the provider's login form only: keyed by
# username + IP, recorded and checked by shared_apps/identity (see its lockout.py).
AXES_HANDLER = "shared_apps.identity.lockout.IdentityLoginAxesHandler"
AXES_FAILURE_LIMIT = env.int("PLEIN_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("PLEIN_LOGIN_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Axes' middleware and backend would act on every site's logins (relying parties
# included); the provider's login view asks axes itself instead.
SILENCED_SYSTEM_CHECKS = ["axes.W002", "axes.W003"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Benchmarks only (tests/benchmarks/migrations.py): a tiny tenant app, and a second
# migration of it, to time a new migration over every organisation schema.
if env.bool("PLEIN_BENCH_PROBE", default=False):
    TENANT_APPS.append("tests.benchmarks.probe_app")
    INSTALLED_APPS.append("tests.benchmarks.probe_app")
    if env.bool("PLEIN_BENCH_PROBE_V2", default=False):
        MIGRATION_MODULES = {"probe_app": "tests.benchmarks.probe_app.migrations_v2"}
