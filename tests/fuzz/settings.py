"""Settings of the server that the API fuzz run starts: the test settings, with e-mail kept
in memory. The fuzzer sends invitations; with the test settings' eager Celery the mail
task would run inside the request and try an SMTP server that test machines do not have,
which would turn into a 500 that says nothing about the code under test."""

from config.settings.test import *  # noqa: F403

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
