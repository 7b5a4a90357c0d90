"""One POST to a webhook URL, refused before any byte is sent when the host is not public.

The host is resolved once and every address it has is checked: one private address refuses the
URL (a name that answers both public and private addresses would otherwise pick one at connect
time). The request then goes to the address checked, never to a second lookup (DNS rebinding),
with the URL's host name for Host and TLS. Redirects are not followed: a 3xx is a failed attempt,
so a public URL cannot bounce the request to an internal one.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

# A receiver's answer is not stored beyond its status; reading more only keeps a worker busy.
MAX_READ = 64 * 1024


class AddressRefused(Exception):
    """The URL's host is, or resolves to, an address that is not public."""


@dataclass(frozen=True)
class Outcome:
    status: int | None
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def allowed_addresses(host: str, port: int) -> list[str]:
    """The addresses of `host`, every one checked; AddressRefused when any is not public."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise AddressRefused(f"cannot resolve {host}: {exc}") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    if not settings.PYLEDGER_WEBHOOK_ALLOW_PRIVATE:
        for address in addresses:
            if not is_public(address):
                raise AddressRefused(f"{host} resolves to {address}, which is not a public address")
    return addresses


class _Pinned(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedTLS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The context HTTPSConnection built for itself: private, so typeshed does not declare it.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def post(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST `body` to `url`; never raises for the receiver's or the network's failures."""
    started = time.monotonic()

    def done(status: int | None, error: str) -> Outcome:
        return Outcome(status, error[:300], int((time.monotonic() - started) * 1000))

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return done(None, "not an http(s) URL")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        address = allowed_addresses(parts.hostname, port)[0]
    except AddressRefused as exc:
        return done(None, f"refused: {exc}")
    kind = _PinnedTLS if parts.scheme == "https" else _Pinned
    conn = kind(parts.hostname, port, address, settings.PYLEDGER_WEBHOOK_TIMEOUT_SECONDS)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        response.read(MAX_READ)
    except (OSError, http.client.HTTPException) as exc:
        return done(None, f"{type(exc).__name__}: {exc}")
    finally:
        conn.close()
    if 300 <= response.status < 400:
        return done(response.status, "redirect not followed")
    return done(response.status, "" if 200 <= response.status < 300 else response.reason or "")
