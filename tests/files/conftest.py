"""Fixtures of the file tests: uploads go to a temporary media root."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.storage import storages
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.discussions.conftest import english, public_cast

__all__ = ["english", "media_root", "public_cast"]


@pytest.fixture(autouse=True)
def media_root(tmp_path: Path, settings: SettingsWrapper) -> Iterator[Path]:
    settings.MEDIA_ROOT = tmp_path
    storage = storages["default"]
    # django-tenants' storage caches MEDIA_ROOT/<schema> and misses setting changes.
    storage.__dict__.pop("relative_media_root", None)
    yield tmp_path
    storage.__dict__.pop("relative_media_root", None)
