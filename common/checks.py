"""System checks: fail `manage.py check` on sign-in settings that would weaken the lockouts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security)
def check_trusted_proxies(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    value = settings.PYLEDGER_TRUSTED_PROXIES
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return [
            Error(
                f"PYLEDGER_TRUSTED_PROXIES must be a whole number of proxies, 0 or more; got {value!r}.",
                hint="0 when clients connect directly; 1 behind one reverse proxy that appends to "
                "X-Forwarded-For. Until fixed, no forwarded address is believed.",
                id="common.E001",
            )
        ]
    num_proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES")
    if num_proxies != value:
        return [
            Error(
                f"REST_FRAMEWORK['NUM_PROXIES'] is {num_proxies!r} but PYLEDGER_TRUSTED_PROXIES is {value}: "
                "the throttles and the lockouts would count different addresses.",
                hint="Set NUM_PROXIES from PYLEDGER_TRUSTED_PROXIES, as settings/base.py does.",
                id="common.E002",
            )
        ]
    return []


@register(Tags.security)
def check_lockout_policy(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    limit = settings.AXES_FAILURE_LIMIT
    if not isinstance(limit, int) or limit < 1:
        errors.append(Error(f"SIGNIN_FAILURE_LIMIT must be 1 or more; got {limit!r}.", id="common.E003"))
    cool_off = settings.AXES_COOLOFF_TIME
    if not isinstance(cool_off, timedelta) or cool_off < timedelta(minutes=1):
        errors.append(Error(f"SIGNIN_LOCKOUT_MINUTES must be 1 or more; got {cool_off!r}.", id="common.E004"))
    return errors


@register(Tags.security)
def check_api_tokens(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    knox = settings.REST_KNOX
    errors: list[CheckMessage] = []
    ttl = knox.get("TOKEN_TTL")
    if not isinstance(ttl, timedelta) or ttl < timedelta(days=1):
        errors.append(Error(f"API_TOKEN_TTL_DAYS must be 1 or more; got {ttl!r}.", id="common.E005"))
    limit = knox.get("TOKEN_LIMIT_PER_USER")
    if not isinstance(limit, int) or limit < 1:
        errors.append(Error(f"API_TOKEN_LIMIT_PER_USER must be 1 or more; got {limit!r}.", id="common.E006"))
    max_ttl = knox.get("AUTO_REFRESH_MAX_TTL")
    if max_ttl is not None and (not isinstance(max_ttl, timedelta) or max_ttl < timedelta(days=1)):
        errors.append(Error(f"API_TOKEN_MAX_AGE_DAYS must be 0 or more; got {max_ttl!r}.", id="common.E007"))
    return errors
