"""Settings of the live server and the real Celery worker of the SSO browser test.

The suite's settings, except that tasks really go through the broker, on the test's own
queue (PLEIN_TEST_QUEUE): the provider's back-channel logout tokens are delivered by the
worker, as in production, not inside the logout request. Mail stays in memory.
"""

import os

from config.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ["PLEIN_TEST_QUEUE"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
