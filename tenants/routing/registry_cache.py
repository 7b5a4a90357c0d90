"""A per-process cache of the registry lookups every tenant request makes, never stale across
processes by more than one request.

Resolving the company and the user's role are two common-DB queries per request, which cost
more than the view itself on a simple endpoint. Every change to the tables behind them bumps
common.RegistryGeneration in its own transaction (a trigger), and each request starts by reading
that one row (`revalidate`): a process whose cache was filled at an older generation forgets it.
So a removed member, a lowered role or a suspended company is seen on the very next request in
every process. Saves and deletes in this process also clear it at once (signals);
PYLEDGER_REGISTRY_CACHE_SECONDS bounds an entry's life where nothing revalidates (commands).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar, cast

from django.conf import settings
from django.db import connections

T = TypeVar("T")
MAX_ENTRIES = 10_000
GENERATION_SQL = "SELECT value FROM common_registrygeneration WHERE id = 1"

_lock = threading.Lock()
# key -> (expires at, generation it was loaded at, value)
_entries: OrderedDict[tuple[Any, ...], tuple[float, int | None, Any]] = OrderedDict()
_newest: list[int | None] = [None]  # the newest generation this process has read
# The generation this request read before its lookups: what it loads is at least that fresh.
_seen: ContextVar[int | None] = ContextVar("pyledger_registry_generation", default=None)


def enabled() -> bool:
    return bool(settings.PYLEDGER_REGISTRY_CACHE_SECONDS > 0)


def revalidate() -> None:
    """Read the registry generation (one query); forget the cache if it has moved on."""
    if not enabled():
        return
    with connections["default"].cursor() as cursor:
        cursor.execute(GENERATION_SQL)
        row = cursor.fetchone()
    generation = int(row[0]) if row else 0
    _seen.set(generation)
    with _lock:
        if _newest[0] is None or generation > _newest[0]:
            _newest[0] = generation
            _entries.clear()


def cached(key: tuple[Any, ...], load: Callable[[], T]) -> T:
    """Return the cached value for `key`, or load, store and return it.

    An entry counts only at the newest generation seen: a request that read an older one (it
    started just before a change) may load stale rows, and they are never served to another.
    """
    ttl = settings.PYLEDGER_REGISTRY_CACHE_SECONDS
    if ttl <= 0:
        return load()
    now = time.monotonic()
    with _lock:
        hit = _entries.get(key)
        if hit is not None and hit[0] > now and hit[1] == _newest[0]:
            _entries.move_to_end(key)
            return cast(T, hit[2])
    generation = _seen.get()
    value = load()
    with _lock:
        _entries[key] = (now + ttl, generation, value)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def forget(key: tuple[Any, ...]) -> None:
    """Drop one entry (this process changed what it holds in a way no generation records)."""
    with _lock:
        _entries.pop(key, None)


def clear(*_args: Any, **_kwargs: Any) -> None:
    """Forget everything (connected to saves and deletes of companies, domains, memberships)."""
    with _lock:
        _entries.clear()
        _newest[0] = None  # the next request's generation is taken as it is
