"""Local development (`make demo`)."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Plain http on localhost: browsers refuse `__Host-` and Secure cookies there.
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
