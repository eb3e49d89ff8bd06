"""The test suite: real PostgreSQL and Redis, fast password hashing, no spare pool by default."""

from pathlib import Path

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, CACHES, OAUTH2_PROVIDER, env
from shared_apps.identity.keys import key_file_ensure, private_key_pem

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PLEIN_HUB_DOMAIN = "hub.test"
PLEIN_SPARE_SCHEMAS = env.int("PLEIN_SPARE_SCHEMAS", default=2)
# One prefix per xdist worker (its subprocesses inherit PYTEST_XDIST_WORKER): workers
# share one Redis, and a routing-version bump by one must not reload the other's host map
# in the middle of a query-count test.
CACHES["default"]["KEY_PREFIX"] = env("CACHE_KEY_PREFIX", default="plein-test") + env(
    "PYTEST_XDIST_WORKER", default=""
)
MEDIA_ROOT = BASE_DIR / ".data" / "test-media"
PLEIN_EXPORT_DIR = BASE_DIR / ".data" / "test-exports"
# A broker database of its own, so messages of the suite never reach a demo's worker.
CELERY_BROKER_URL = env("TEST_CELERY_BROKER_URL", default="redis://127.0.0.1:6379/15")
# Unit and service tests run tasks in-process; integration tests start a real worker.
CELERY_TASK_ALWAYS_EAGER = True
# The test client and the e2e server speak plain http: no `__Host-`/Secure cookies.
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# One signing key per machine, made on first use and shared by every test process
# (gunicorn and Celery subprocesses read the same file); never committed.
PLEIN_OIDC_PRIVATE_KEY_FILE = str(BASE_DIR / ".data" / "oidc-test-key.pem")
key_file_ensure(Path(PLEIN_OIDC_PRIVATE_KEY_FILE))
OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"] = private_key_pem(pem="", path=PLEIN_OIDC_PRIVATE_KEY_FILE)
# Static files come straight from the themes (WhiteNoise's finders); nothing is collected,
# and without a STATIC_ROOT WhiteNoise does not warn about the missing folder.
STATIC_ROOT = None  # type: ignore[assignment]
