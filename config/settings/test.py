"""The test suite: real PostgreSQL and Redis, fast password hashing, no spare pool by default."""

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, CACHES, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PLEIN_HUB_DOMAIN = "hub.test"
PLEIN_SPARE_SCHEMAS = env.int("PLEIN_SPARE_SCHEMAS", default=2)
CACHES["default"]["KEY_PREFIX"] = env("CACHE_KEY_PREFIX", default="plein-test")
MEDIA_ROOT = BASE_DIR / ".data" / "test-media"
PLEIN_EXPORT_DIR = BASE_DIR / ".data" / "test-exports"
# A broker database of its own, so messages of the suite never reach a demo's worker.
CELERY_BROKER_URL = env("TEST_CELERY_BROKER_URL", default="redis://127.0.0.1:6379/15")
# Unit and service tests run tasks in-process; integration tests start a real worker.
CELERY_TASK_ALWAYS_EAGER = True
