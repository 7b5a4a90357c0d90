"""Tenant database aliases, registered at run time from the company registry.

Django resolves connection defaults once, at start-up, so a bare settings dict added later fails
(KeyError: 'OPTIONS'). Each tenant alias is therefore a deep copy of the fully resolved `default`
settings with the database name (and, for another server, the host and credentials) replaced.
An alias is never re-pointed at another database while registered: `unregister` first.
"""

from __future__ import annotations

import copy
import threading
import time
from typing import Any

from asgiref.local import Local
from django.conf import settings
from django.db import connections

from common.models import Company, DatabaseServer
from pyledger_project.secrets import read_secret

TENANT_ALIAS_PREFIX = "tenant_"
TEMPLATE_ALIAS = "tenant_template"

_lock = threading.Lock()
# The tenant aliases this thread has connected (per task under ASGI, like Django's connections):
# asking Django instead walks every registered alias, thousands in a busy process, per request.
_connected = Local(thread_critical=True)


def alias_for(slug: str) -> str:
    return f"{TENANT_ALIAS_PREFIX}{slug}"


def is_tenant_alias(alias: str) -> bool:
    """True for tenant and template aliases: the databases that hold ledger tables."""
    return alias.startswith(TENANT_ALIAS_PREFIX)


def server_settings(server: DatabaseServer | None) -> dict[str, Any]:
    """Connection settings for a server: the common DB's server when `server` is None."""
    base: dict[str, Any] = copy.deepcopy(connections.settings["default"])
    base["TEST"] = {"NAME": None, "MIRROR": None, "CHARSET": None, "COLLATION": None}
    # libpq waits forever for a host that does not answer: one dead server must not hang a loop.
    base["OPTIONS"] = {"connect_timeout": 10, **base.get("OPTIONS", {})}
    if server is not None:
        password = read_secret(server.password_env) if server.password_env else None
        base.update(
            **_address(server),
            PASSWORD=password or "",
            OPTIONS={**base.get("OPTIONS", {}), **server.options},
        )
    return base


def _address(server: DatabaseServer | None) -> dict[str, Any]:
    """HOST, PORT and USER of a server, the common DB's when `server` is None."""
    if server is None:
        default = connections.settings["default"]
        return {key: default.get(key) for key in ("HOST", "PORT", "USER")}
    return {"HOST": server.host, "PORT": str(server.port), "USER": server.user}


def database_settings(db_name: str, server: DatabaseServer | None) -> dict[str, Any]:
    result = server_settings(server)
    result["NAME"] = db_name
    return result


def register(alias: str, db_name: str, server: DatabaseServer | None) -> str:
    """Register `alias` for database `db_name`; a no-op when it already points there.

    Every tenant request registers its company's alias: one already pointing at the database is
    recognised from the names alone, before the settings are built (a deep copy of `default`'s).
    """
    existing = connections.settings.get(alias)
    if existing is not None and _same_target(existing, _target(db_name, server)):
        return alias
    wanted = database_settings(db_name, server)
    with _lock:
        existing = connections.settings.get(alias)
        if existing is not None:
            if _same_target(existing, wanted):
                return alias
            # The registry changed under us (a move): drop the stale alias, then register anew.
            _drop(alias)
        connections.settings[alias] = wanted
    return alias


def register_company(company: Company) -> str:
    return register(alias_for(company.slug), company.db_name, company.server)


def unregister(alias: str) -> None:
    """Close this thread's connection for `alias` and forget its settings."""
    with _lock:
        _drop(alias)


def _drop(alias: str) -> None:
    if alias in connections.settings:
        if any(c.alias == alias for c in connections.all(initialized_only=True)):
            conn = connections[alias]
            conn.close()
            if hasattr(conn, "close_pool"):
                conn.close_pool()
            del connections[alias]
        del connections.settings[alias]


def _target(db_name: str, server: DatabaseServer | None) -> dict[str, Any]:
    """The keys _same_target compares, as database_settings(db_name, server) would set them."""
    return {"NAME": db_name, **_address(server)}


def _same_target(a: dict[str, Any], b: dict[str, Any]) -> bool:
    keys = ("NAME", "HOST", "PORT", "USER")
    return all(str(a.get(k)) == str(b.get(k)) for k in keys)


def registered_tenant_aliases() -> list[str]:
    return [alias for alias in connections.settings if is_tenant_alias(alias)]


def open_tenant_connections() -> list[str]:
    """Aliases of tenant connections this thread holds open right now."""
    seen: dict[str, None] = getattr(_connected, "aliases", {})
    still_open = [
        alias for alias in seen if alias in connections.settings and connections[alias].connection is not None
    ]
    if len(still_open) < len(seen):
        _connected.aliases = dict.fromkeys(still_open)  # a new dict: async tasks may share the old
    return still_open


def note_connected(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created` receiver: remember the tenant aliases this thread connects."""
    if is_tenant_alias(connection.alias):
        _connected.aliases = {**getattr(_connected, "aliases", {}), connection.alias: None}


def touch(alias: str) -> None:
    """Mark `alias` as just used and close this thread's least recently used tenant connections
    beyond PYLEDGER_MAX_TENANT_CONNECTIONS (never one inside a transaction)."""
    conn = connections[alias]
    conn.pyledger_last_used = time.monotonic()  # type: ignore[attr-defined]  # ours: Django declares none
    cap = max(1, settings.PYLEDGER_MAX_TENANT_CONNECTIONS)
    open_others = [
        connections[a] for a in open_tenant_connections() if a != alias and not connections[a].in_atomic_block
    ]
    excess = len(open_others) + 1 - cap
    if excess <= 0:
        return
    open_others.sort(key=lambda c: getattr(c, "pyledger_last_used", 0.0))
    for stale in open_others[:excess]:
        stale.close()


def release(alias: str) -> None:
    """Close this thread's connection for `alias`, unless a transaction is open on it (closing
    would break the caller's transaction; it is closed when that caller is done)."""
    conn = connections[alias]
    if not conn.in_atomic_block:
        conn.close()


def close_tenant_connections() -> None:
    """Close this thread's tenant connections (end of a job step, command loops)."""
    for alias in open_tenant_connections():
        release(alias)
