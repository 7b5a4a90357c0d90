"""A short-lived, per-process cache of the registry lookups every tenant request makes.

Resolving the company and the user's role are two common-DB queries per request, which cost
more than the view itself on a simple endpoint. Saves and deletes in this process invalidate
at once (signals); other processes see a change within PYLEDGER_REGISTRY_CACHE_SECONDS.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings

T = TypeVar("T")
MAX_ENTRIES = 10_000

_lock = threading.Lock()
_entries: OrderedDict[tuple[Any, ...], tuple[float, Any]] = OrderedDict()


def cached(key: tuple[Any, ...], load: Callable[[], T]) -> T:
    """Return the cached value for `key`, or load, store and return it."""
    ttl = settings.PYLEDGER_REGISTRY_CACHE_SECONDS
    if ttl <= 0:
        return load()
    now = time.monotonic()
    with _lock:
        hit = _entries.get(key)
        if hit is not None and hit[0] > now:
            _entries.move_to_end(key)
            return cast(T, hit[1])
    value = load()
    with _lock:
        _entries[key] = (now + ttl, value)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def clear(*_args: Any, **_kwargs: Any) -> None:
    """Forget everything (connected to saves and deletes of companies, domains, memberships)."""
    with _lock:
        _entries.clear()
