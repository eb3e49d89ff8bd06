"""Every host name resolves to one address, for the live servers of the browser tests.

The tests give organisations names like alpha-e2e.localhost and hub.test, which have no
DNS here. Chromium is told to send every name to loopback (--host-resolver-rules); a
server process (gunicorn, the Celery worker) that calls another site by name (a relying
party fetching the provider's discovery document, the provider posting a back-channel
logout) gets the same rule from this module. Python imports `sitecustomize` at start-up
when its folder is on PYTHONPATH; tests/e2e/live.py puts it there, with
PLEIN_TEST_RESOLVE_TO naming the address. Without that variable nothing changes.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from typing import Any

_ADDRESS = os.environ.get("PLEIN_TEST_RESOLVE_TO", "")

if _ADDRESS:
    _getaddrinfo = socket.getaddrinfo

    def _is_name(host: Any) -> bool:
        if not host:
            return False
        text = host.decode() if isinstance(host, bytes) else str(host)
        try:
            ipaddress.ip_address(text)
        except ValueError:
            return True
        return False  # an address stays itself (the database, Redis)

    def _loopback_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        return _getaddrinfo(_ADDRESS if _is_name(host) else host, *args, **kwargs)

    socket.getaddrinfo = _loopback_getaddrinfo
