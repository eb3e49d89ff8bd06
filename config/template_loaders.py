"""Template resolution per request from the organisation's theme.

The theme of the current organisation (`connection.tenant.theme`, from the in-memory host
map of tenants.routing, so no SQL) picks one of a few cached loaders, one per theme:
the theme's own templates, then the default theme's, then the apps'. Django's cached
loader therefore caches per theme (a handful), never per organisation (hundreds). A
branding preview sets the theme for one request through `theme_override`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connection
from django.template import Origin, Template
from django.template.engine import Engine
from django.template.loaders.base import Loader as BaseLoader
from django.template.loaders.cached import Loader as CachedLoader

from config.themes import theme_names, theme_or_default, theme_template_dirs

_override: ContextVar[str | None] = ContextVar("plein_theme_override", default=None)


@contextmanager
def theme_override(theme: str) -> Iterator[None]:
    """Render with this theme instead of the organisation's (the branding preview)."""
    token = _override.set(theme)
    try:
        yield
    finally:
        _override.reset(token)


def current_theme() -> str:
    chosen = _override.get()
    if chosen is None:
        # Outside a request (a task, a command) there may be no tenant: the default theme.
        chosen = getattr(getattr(connection, "tenant", None), "theme", None)
    return theme_or_default(chosen)


class ThemeLoader(BaseLoader):
    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self._by_theme: dict[str, CachedLoader] = {}
        self._lock = threading.Lock()

    def _loader(self, theme: str) -> CachedLoader:
        loader = self._by_theme.get(theme)
        if loader is None:
            with self._lock:
                loader = self._by_theme.get(theme)
                if loader is None:
                    loader = CachedLoader(
                        self.engine,
                        [
                            (
                                "django.template.loaders.filesystem.Loader",
                                theme_template_dirs(theme),
                            ),
                            "django.template.loaders.app_directories.Loader",
                        ],
                    )
                    self._by_theme[theme] = loader
        return loader

    def get_template(self, template_name: str, skip: list[Origin] | None = None) -> Template:
        return self._loader(current_theme()).get_template(template_name, skip)

    def get_template_sources(self, template_name: str) -> Iterator[Origin]:
        yield from self._loader(current_theme()).get_template_sources(template_name)

    def get_contents(self, origin: Origin) -> str:
        # Origins come from the per-theme loaders' own loaders, which read their contents.
        loader: Any = origin.loader
        return str(loader.get_contents(origin))

    def get_dirs(self) -> Iterator[Any]:
        # For the development autoreloader: every theme's folders, whether used yet or not.
        for theme in theme_names():
            yield from self._loader(theme).get_dirs()

    def reset(self) -> None:
        for loader in list(self._by_theme.values()):
            loader.reset()
