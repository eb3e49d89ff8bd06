"""A browser-like HTTP client that follows redirects one hop at a time and records them.

For the SSO tests and the `sso` benchmark: it sends what a browser's page navigation
sends (a browser User-Agent, Accept: text/html, Sec-Fetch-* headers), so that the relying
party's silent login treats it like a person and not like a bot or an API call, keeps
cookies per host like a browser, and returns every hop (status, URL, time taken), so a test
can assert the exact chain and a benchmark can add up the time spent on each server.

Site names have no DNS here: every host name is resolved to loopback while a request is
sent, like Chromium's --host-resolver-rules in the browser tests. No Django import: the
benchmark's orchestrating process uses this too.
"""

from __future__ import annotations

import html as html_module
import ipaddress
import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookiejar import Cookie, CookieJar
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

LOOPBACK = "127.0.0.1"
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
NAVIGATION_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "nl-NL,nl;q=0.9,en;q=0.8",
    "Sec-Fetch-Mode": "navigate",
    "Sec-Fetch-Dest": "document",
}
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_HOPS = 12
TIMEOUT_S = 15.0


@dataclass(frozen=True)
class Hop:
    method: str
    url: str
    status: int
    location: str | None
    elapsed_ms: float  # request sent to response read, on loopback

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc


@dataclass(frozen=True)
class Visit:
    hops: list[Hop]
    response: requests.Response

    @property
    def redirects(self) -> int:
        return len(self.hops) - 1

    @property
    def url(self) -> str:
        return self.hops[-1].url

    @property
    def status(self) -> int:
        return self.hops[-1].status

    @property
    def text(self) -> str:
        return self.response.text

    def chain(self) -> list[tuple[int, str]]:
        """(status, host + path) of every hop, for exact assertions."""
        return [(hop.status, _host_and_path(hop.url)) for hop in self.hops]

    def elapsed_ms(self) -> float:
        return sum(hop.elapsed_ms for hop in self.hops)


def _host_and_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}"


@contextmanager
def loopback_resolution() -> Iterator[None]:
    """Resolve every host name (not addresses) to loopback inside the block."""
    original = socket.getaddrinfo

    def resolve(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, str) and host and not _is_address(host):
            host = LOOPBACK
        return original(host, *args, **kwargs)

    socket.getaddrinfo = resolve
    try:
        yield
    finally:
        socket.getaddrinfo = original


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class BrowserLikeClient:
    def __init__(self) -> None:
        self.session = requests.Session()
        self.session.headers.update(NAVIGATION_HEADERS)

    def visit(self, url: str, *, method: str = "GET", data: dict[str, str] | None = None) -> Visit:
        """Send one request and follow its redirects like a browser's navigation."""
        hops: list[Hop] = []
        while True:
            headers = {"Origin": _origin(url)} if method == "POST" else {}
            started = time.perf_counter()
            with loopback_resolution():
                response = self.session.request(
                    method,
                    url,
                    data=data,
                    headers=headers,
                    allow_redirects=False,
                    timeout=TIMEOUT_S,
                )
                response.content  # noqa: B018 - read the body inside the timed hop
            elapsed_ms = (time.perf_counter() - started) * 1000
            location = response.headers.get("Location")
            hops.append(Hop(method, url, response.status_code, location, elapsed_ms))
            if response.status_code not in REDIRECT_STATUSES or location is None:
                return Visit(hops=hops, response=response)
            if len(hops) >= MAX_HOPS:
                raise AssertionError(f"more than {MAX_HOPS} redirects: {hops}")
            url = urljoin(url, location)
            if response.status_code in (301, 302, 303):
                method, data = "GET", None

    def cookies(self, host: str) -> list[Cookie]:
        jar: CookieJar = self.session.cookies
        return [cookie for cookie in jar if cookie.domain.lstrip(".") == host]

    def forget_host(self, host: str) -> None:
        """Drop every cookie of `host` (a fresh session on that site only)."""
        for cookie in self.cookies(host):
            self.session.cookies.clear(cookie.domain, cookie.path, cookie.name)

    def cookie(self, host: str, name: str) -> str | None:
        found = [cookie.value for cookie in self.cookies(host) if cookie.name == name]
        return found[0] if found else None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


FORM_PATTERN = re.compile(r"<form\b[^>]*>.*?</form>", re.IGNORECASE | re.DOTALL)
ATTRIBUTE_PATTERN = re.compile(r'([\w:-]+)\s*=\s*"([^"]*)"')
INPUT_PATTERN = re.compile(r"<(?:input|button)\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class Form:
    action: str
    method: str
    fields: dict[str, str]  # hidden and pre-filled inputs, by name


def html_form(html: str, *, base_url: str, action_contains: str = "") -> Form:
    """The first form whose action contains `action_contains`, with its pre-set values."""
    for match in FORM_PATTERN.finditer(html):
        tag = match.group(0)
        opening = tag[: tag.index(">") + 1]
        attributes = {
            k.lower(): html_module.unescape(v) for k, v in ATTRIBUTE_PATTERN.findall(opening)
        }
        action = urljoin(base_url, attributes.get("action", ""))
        if action_contains not in action:
            continue
        fields: dict[str, str] = {}
        for element in INPUT_PATTERN.findall(tag):
            values = {
                k.lower(): html_module.unescape(v) for k, v in ATTRIBUTE_PATTERN.findall(element)
            }
            if "name" in values and values.get("type", "").lower() not in ("submit", "button"):
                fields[values["name"]] = values.get("value", "")
        return Form(action=action, method=attributes.get("method", "get").upper(), fields=fields)
    raise AssertionError(f"no form with an action containing {action_contains!r} in:\n{html}")
