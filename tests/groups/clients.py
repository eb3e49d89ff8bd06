"""Test clients for the group tests: logged in on alpha, posting forms as a browser does."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tenant_apps.accounts.models import User
from tests.conftest import ALPHA_HOST


def browser(user: User | None = None, language: str = "en") -> Client:
    """A browser on alpha that checks CSRF like the real site; logged in when a user is given."""
    client = Client(HTTP_HOST=ALPHA_HOST, HTTP_ACCEPT_LANGUAGE=language, enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def api(user: User | None = None) -> Client:
    client = Client(HTTP_HOST=ALPHA_HOST, HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def csrf_post(client: Client, page: str, action: str, data: dict[str, Any] | None = None) -> Any:
    """Post as a browser does: with the CSRF token of the page that holds the form."""
    client.get(page)
    token = client.cookies["csrftoken"].value
    return client.post(action, {**(data or {}), "csrfmiddlewaretoken": token})
