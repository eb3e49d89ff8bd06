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
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
