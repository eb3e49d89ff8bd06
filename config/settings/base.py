"""Settings shared by every environment; environment files override what differs.

Values come from the environment (django-environ), with a `.env` file read when present.
"""

from pathlib import Path

import environ

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
]

INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

AUTH_USER_MODEL = "accounts.User"
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
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "themes" / "default" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
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
STATICFILES_DIRS = [BASE_DIR / "themes" / "default" / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / ".data" / "media")))
MEDIA_URL = "/media/"
# Every organisation's uploads live under MEDIA_ROOT/<schema_name>/.
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Plein"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://localhost:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
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
}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_CONNECTION_TIMEOUT = 1.0
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "socket_connect_timeout": 1}
# Without a reachable Redis, `make demo` sets this so tasks run in-process.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

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
