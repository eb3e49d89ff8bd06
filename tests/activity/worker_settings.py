"""Settings of the real Celery worker started by test_digest_worker.py.

The suite's settings, plus what a worker needs that the in-process tests do not: tasks
really go through the broker (also those the worker queues itself, on the test's own
queue), mail lands in files the test can read, and the jitter is short.
"""

import os

from config.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ["PLEIN_TEST_QUEUE"]
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": os.environ["PLEIN_TEST_MAIL_DIR"]},
    }
}
PLEIN_DIGEST_JITTER_S = 1.0
