"""Where a login may send the visitor back to: a path on this same host, nothing else."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme

DEFAULT_NEXT = "/"


def safe_next(value: str | None) -> str:
    """`value` when it is a relative path on this host, else "/".

    Refuses scheme-relative (`//evil`), backslash (`/\\evil`, which browsers read as
    `//evil`), absolute URLs with any scheme, and control characters.
    """
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return DEFAULT_NEXT
    if "\\" in value or any(ord(char) < 0x20 or ord(char) == 0x7F for char in value):
        return DEFAULT_NEXT
    if not url_has_allowed_host_and_scheme(value, allowed_hosts=set(), require_https=False):
        return DEFAULT_NEXT
    return value
