"""gunicorn settings for the web container (`gunicorn -c deploy/gunicorn.conf.py config.wsgi`)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: Django's ORM is synchronous, and every worker process holds its own
# host map and persistent database connection (one PgBouncer client each, session mode).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that slow growth (500 tenants' caches) stays bounded;
# the jitter keeps them from restarting all at once.
max_requests = 2000
max_requests_jitter = 200
# Caddy is the only client; trust its X-Forwarded-* headers (the network is private).
forwarded_allow_ips = "*"
accesslog = "-"
errorlog = "-"
