"""The Django project package of Plein (named `config`, not `platform`: see ARCHITECTURE.md)."""

from config.celery import app as celery_app

__all__ = ["celery_app"]
