"""PostgreSQL advisory locks taken on the common database, one name per protected operation."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from django.db import connections

from common.errors import DomainError

from .errors import TenantBusy
from .lifecycle.provisioning import conninfo


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for `name` (Python's hash() changes per process)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


@contextmanager
def advisory_lock(name: str, *, using: str = "default", wait: bool = False) -> Iterator[None]:
    """Hold a session advisory lock for the block. If another session has it: wait for it when
    `wait`, else raise TenantBusy.

    Session locks need a direct connection (not pgbouncer in transaction mode): lifecycle
    commands run over one, see docs/operations.md.
    """
    key = lock_key(name)
    with connections[using].cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_lock(%s), true", [key])
        else:
            cursor.execute("SELECT null, pg_try_advisory_lock(%s)", [key])
        (_, acquired) = cursor.fetchone()
    if not acquired:
        raise TenantBusy(f"Another process is working on {name}; try again when it ends.")
    try:
        yield
    finally:
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


@contextmanager
def session_lock(name: str, *, busy: type[DomainError] = TenantBusy) -> Iterator[None]:
    """Hold advisory lock `name` on a connection of its own to the common database; raise `busy`
    at once if another session has it.

    Unlike `advisory_lock`, the lock survives `connections.close_all()` (needed before forking
    worker processes), and ends with the process however it ends, SIGKILL included.
    """
    params = conninfo(None, connections["default"].settings_dict["NAME"])
    with psycopg.connect(**params, autocommit=True) as conn:
        row = conn.execute("SELECT pg_try_advisory_lock(%s)", [lock_key(name)]).fetchone()
        if not (row and row[0]):
            raise busy(f"Another process is running {name}; try again when it ends.")
        yield
