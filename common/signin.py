"""Sign-in policy: which client an attempt comes from, what its failures count against, and the
answer a locked-out client gets.

django-axes does the counting on every sign-in path (API token, session, admin) and calls the
functions here through its settings (AXES_CLIENT_IP_CALLABLE, AXES_LOCKOUT_PARAMETERS,
AXES_LOCKOUT_CALLABLE). The policy is described in docs/security.md "Sign-in".
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessLog
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone

LOCKED_CODE = "signin_locked"


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


def lockout_minutes() -> int:
    cool_off = settings.AXES_COOLOFF_TIME
    assert isinstance(cool_off, timedelta)
    return max(1, round(cool_off.total_seconds() / 60))


def locked_message() -> str:
    return f"Too many failed sign-ins. Try again in {lockout_minutes()} minutes."


def _attempted_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    value = (credentials or {}).get("username")
    return value if isinstance(value, str) and value else None


def is_known_address(request: HttpRequest, username: str) -> bool:
    """Has `username` signed in successfully from this request's address lately?"""
    memo: dict[str, bool] = request.__dict__.setdefault("_pyledger_known_address", {})
    if username not in memo:
        since = timezone.now() - timedelta(days=settings.PYLEDGER_SIGNIN_KNOWN_ADDRESS_DAYS)
        memo[username] = AccessLog.objects.filter(
            username=username, ip_address=client_address(request), attempt_time__gte=since
        ).exists()
    return memo[username]


def lockout_parameters(request: HttpRequest, credentials: dict[str, Any] | None = None) -> list[str]:
    """What the failures of this attempt count against (AXES_LOCKOUT_PARAMETERS).

    Always the address: ten failures from one address lock it, whatever usernames it tries. Also
    the account, unless the account signed in from this very address lately: failures from many
    addresses (a botnet) then lock the account for unknown addresses, while its owner, at an
    address they have used, is locked only if their own address is.
    """
    username = _attempted_username(request, credentials)
    if username is None or is_known_address(request, username):
        return ["ip_address"]
    return ["ip_address", "username"]


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The answer to a locked-out attempt (AXES_LOCKOUT_CALLABLE): 429 in the API's error shape
    under /api/, a page that says so elsewhere (the admin sign-in).

    axes' async middleware passes the credentials where the sync one passes the view's response:
    `original_response` is a response only when it is one.
    """
    retry_after = str(lockout_minutes() * 60)
    if request.path.startswith("/api/"):
        if isinstance(original_response, HttpResponse) and original_response.status_code == 429:
            return original_response  # the sign-in view answered already, in the one error shape
        body = {"code": LOCKED_CODE, "message": locked_message(), "fields": {}}
        return JsonResponse(body, status=429, headers={"Retry-After": retry_after})
    context = {"message": locked_message(), "minutes": lockout_minutes()}
    response = TemplateResponse(request, "site/signin_locked.html", context, status=429)
    response["Retry-After"] = retry_after
    return response.render()


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler, safe with any header a client sends (AXES_HANDLER).

    axes stores the User-Agent and Accept headers as they come; PostgreSQL refuses a NUL byte in
    text, so one in either would turn a failed sign-in into a 500.
    """

    @staticmethod
    def _clean(request: Any) -> None:
        for name in ("axes_user_agent", "axes_http_accept", "axes_path_info"):
            value = getattr(request, name, None)
            if isinstance(value, str):
                setattr(request, name, value.replace("\x00", ""))

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        self._clean(request)
        super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        self._clean(request)
        super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        self._clean(request)
        super().user_logged_out(sender, request, user, **kwargs)
