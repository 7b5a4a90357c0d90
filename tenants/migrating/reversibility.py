"""Prove that the tenant migrations can be rolled back: on a scratch tenant, walk each tenant app
back one migration at a time to `zero`, then forward again one at a time, and compare the schema
with what it was at the start.

The scratch database is a copy of the template (at head) on the common DB's server, with a random
name, and is dropped afterwards whatever happens. A check killed before it could drop its scratch
database leaves it behind; the next check drops it (each run holds a session lock named after its
database, so a scratch database whose lock is free belongs to no running check).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.db import connections

from common.errors import DomainError

from ..errors import TenantBusy
from ..lifecycle.provisioning import create_database, drop_database, maintenance_connection, template_name
from ..locks import advisory_lock, session_lock
from ..routing.connections import TENANT_ALIAS_PREFIX, register, unregister
from .migrate import code_order, ensure_template, error_line, migrate_alias, template_lock_name

# One row per object, stable across a drop and re-create (no OIDs, no positions).
SCHEMA_SQL = """
SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' null=' || is_nullable
       || ' default=' || coalesce(column_default, '')
  FROM information_schema.columns WHERE table_schema = 'public'
UNION ALL
SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
  FROM pg_constraint WHERE connamespace = 'public'::regnamespace
UNION ALL
SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
UNION ALL
SELECT 'trigger ' || tgrelid::regclass || ' ' || tgname || ' ' || pg_get_triggerdef(oid)
  FROM pg_trigger WHERE NOT tgisinternal
UNION ALL
SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') '
       || md5(pg_get_functiondef(p.oid))
  FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.prokind IN ('f', 'p')
"""


class IrreversibleMigration(DomainError):
    code = "migration_irreversible"
    status_code = 500


@dataclass(frozen=True)
class Step:
    app: str
    direction: str  # "backward" | "forward"
    target: str  # a migration name, or "zero"
    seconds: float


def schema_summary(alias: str) -> frozenset[str]:
    with connections[alias].cursor() as cursor:
        cursor.execute(SCHEMA_SQL)
        return frozenset(row[0] for row in cursor.fetchall())


def check_reversibility(*, on_step: Callable[[Step], None] | None = None) -> list[Step]:
    """Walk every tenant app down to zero and back on a scratch tenant; IrreversibleMigration
    (one line) at the first step that fails or if the schema differs after the round trip."""
    ensure_template(None)
    drop_abandoned_scratch()
    name = f"{scratch_prefix()}{secrets.token_hex(4)}"
    with session_lock(f"migcheck:{name}"):
        return _walk(name, on_step)


def scratch_prefix() -> str:
    return f"{settings.PYLEDGER_TENANT_DB_PREFIX}migcheck_"


def drop_abandoned_scratch() -> list[str]:
    """Drop the scratch databases of checks that are no longer running; return their names."""
    prefix = scratch_prefix()
    with maintenance_connection(None) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE left(datname, %s) = %s", [len(prefix), prefix]
        ).fetchall()
    dropped = []
    for (name,) in rows:
        try:
            with session_lock(f"migcheck:{name}"):
                drop_database(None, name)
        except TenantBusy:  # a check in another process is using it
            continue
        dropped.append(name)
    return dropped


def _walk(name: str, on_step: Callable[[Step], None] | None) -> list[Step]:
    with advisory_lock(template_lock_name(None), wait=True):
        create_database(None, name, template=template_name())
    alias = register(f"{TENANT_ALIAS_PREFIX}{name}", name, None)
    steps: list[Step] = []
    try:
        before = schema_summary(alias)
        for app in settings.PYLEDGER_TENANT_APPS:
            chain = [migration for label, migration in code_order() if label == app]
            walk = [("backward", t) for t in [*reversed(chain[:-1]), "zero"]] + [
                ("forward", t) for t in chain
            ]
            for direction, target in walk:
                started = time.monotonic()
                try:
                    call_command("migrate", app, target, database=alias, interactive=False, verbosity=0)
                except Exception as exc:
                    raise IrreversibleMigration(
                        f"{app}: migrating {direction} to {target} failed: {error_line(exc)}"
                    ) from None
                step = Step(app, direction, target, time.monotonic() - started)
                steps.append(step)
                if on_step:
                    on_step(step)
        migrate_alias(alias)  # apps that depended on a walked app come back too
        after = schema_summary(alias)
        if before != after:
            lost, extra = sorted(before - after), sorted(after - before)
            first = f"missing {lost[0]!r}" if lost else f"left over {extra[0]!r}"
            raise IrreversibleMigration(
                f"After migrating to zero and back the schema differs ({len(lost)} missing, "
                f"{len(extra)} left over objects), first: {first}"
            )
    finally:
        unregister(alias)
        drop_database(None, name)
    return steps
