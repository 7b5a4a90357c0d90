"""Sign-in policy: which client an attempt comes from.

Every sign-in path (API token, session, admin) counts attempts against the address this module
returns, so a client cannot change it by sending headers. See docs/security.md "Sign-in".
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _parse_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address as proxies write it: plain, `v4:port` or `[v6]:port`; None when it is none."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _grouped(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    # One home, phone or server usually holds a whole IPv6 /64: an attacker rotating addresses
    # inside it is still one client. Dropping the low 64 bits also drops any zone id ("%eth0").
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Address(int(address) >> 64 << 64))
    return str(address)


def client_address(request: HttpRequest) -> str | None:
    """The address attempts of this request count against: IPv4, or an IPv6 /64 network address.

    X-Forwarded-For is believed only as far as PYLEDGER_TRUSTED_PROXIES proxies append to it: with
    N proxies the client is the N-th entry from the right, the same entry DRF's NUM_PROXIES picks;
    everything left of it may have been written by the client. With 0 proxies (the default) the
    header is ignored. An entry that is not an address falls back to the connection's address.
    None only when the connection has no address either (a unix socket without a proxy setting).
    """
    proxies = settings.PYLEDGER_TRUSTED_PROXIES
    remote = _parse_address(request.META.get("REMOTE_ADDR", ""))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    address = remote
    if isinstance(proxies, int) and proxies > 0 and forwarded:
        entries = forwarded.split(",")
        address = _parse_address(entries[-min(proxies, len(entries))]) or remote
    return _grouped(address) if address is not None else None
