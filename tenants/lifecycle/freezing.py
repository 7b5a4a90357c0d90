"""Stop a company's writes at its database, whatever any process has cached.

A suspended, archived or moving company is refused by the middleware, but a process learns of the
new status only on its next registry lookup, and a request already past that check goes on. So
the lifecycle services also *freeze* the database before they return:

1. `ALTER DATABASE … SET default_transaction_read_only = on`: every session that starts from now
   on is read-only (PostgreSQL refuses its writes with SQLSTATE 25006);
2. every session that started before is ended with `pg_terminate_backend`, waiting until it is
   gone, so its open transaction is rolled back rather than committed after we return.

Reads are still possible for whoever gets a session (backups, verify_ledger, reports run by an
operator); the web refuses the company anyway by its status. Operator tools that must write to a
frozen database (migrations of a suspended company) ask for it on their own session
(`writable_session`): the freeze stops cached processes, not the operator.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import LiteralString

from django.db import DatabaseError, OperationalError, connections
from psycopg import sql

from common.errors import DomainError
from common.models import Company, DatabaseServer

from ..errors import (
    ServerUnavailable,
    TenantArchived,
    TenantMaintenance,
    TenantProvisioning,
    TenantReadOnly,
    TenantStateError,
    TenantSuspended,
)
from .provisioning import database_exists, maintenance_connection

READ_ONLY_SQLSTATE = "25006"  # read_only_sql_transaction
ADMIN_SHUTDOWN_SQLSTATE = "57P01"  # the session was ended (pg_terminate_backend, server shutdown)
# A session forked before the ALTER but not yet listed in pg_stat_activity (older servers list
# it only once authenticated) is caught by the second pass.
PASSES = 2
PASS_INTERVAL = 0.05
WAIT_MS = 5000  # how long pg_terminate_backend waits for each session to be gone
OLDER_SESSIONS = "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() AND backend_start < %s"

# The answer to a member of a company in each status but active (the middleware's, too).
STATUS_ERRORS: dict[str, type[DomainError]] = {
    Company.Status.SUSPENDED: TenantSuspended,
    Company.Status.ARCHIVED: TenantArchived,
    Company.Status.PROVISIONING: TenantProvisioning,
    Company.Status.MAINTENANCE: TenantMaintenance,
}
# Statuses whose database is frozen (a provisioning company's is still being written by bootstrap).
FROZEN_STATUSES = frozenset({Company.Status.SUSPENDED, Company.Status.ARCHIVED, Company.Status.MAINTENANCE})


def _alter(db_name: str, change: LiteralString) -> sql.Composed:
    return sql.SQL("ALTER DATABASE {} ").format(sql.Identifier(db_name)) + sql.SQL(change)


def freeze_database(server: DatabaseServer | None, db_name: str) -> int:
    """Make database `db_name` read-only for every new session and end the sessions it had;
    return how many were ended. Sessions that started after the change are left alone."""
    with maintenance_connection(server) as conn:
        conn.execute(_alter(db_name, "SET default_transaction_read_only = on"))
        row = conn.execute("SELECT clock_timestamp()").fetchone()
        assert row is not None
        frozen_at = row[0]
        ended = 0
        for attempt in range(PASSES):
            if attempt:
                time.sleep(PASS_INTERVAL)
            rows = conn.execute(
                f"SELECT pg_terminate_backend(pid, %s::bigint) {OLDER_SESSIONS}",
                [WAIT_MS, db_name, frozen_at],
            ).fetchall()
            ended += len(rows)
        left = conn.execute(f"SELECT count(*) {OLDER_SESSIONS}", [db_name, frozen_at]).fetchone()
        if left and left[0]:
            # A session that did not go could still commit after we return: say so, change nothing.
            raise TenantStateError(
                f"{left[0]} session(s) of database {db_name!r} did not end within {WAIT_MS // 1000} s; "
                "it stays read-only: run the command again."
            )
        return ended


def thaw_database(server: DatabaseServer | None, db_name: str) -> None:
    """Let new sessions of `db_name` write again (sessions open now keep what they had)."""
    with maintenance_connection(server) as conn:
        conn.execute(_alter(db_name, "RESET default_transaction_read_only"))


def is_frozen(server: DatabaseServer | None, db_name: str) -> bool:
    """Whether new sessions of `db_name` are read-only."""
    with maintenance_connection(server) as conn:
        row = conn.execute(
            "SELECT 1 FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase "
            "WHERE d.datname = %s AND s.setrole = 0 "
            "AND 'default_transaction_read_only=on' = ANY(s.setconfig)",
            [db_name],
        ).fetchone()
    return row is not None


@contextmanager
def writable_session(alias: str) -> Iterator[None]:
    """Let this thread's session on tenant `alias` write although its database is frozen.

    For operator tools (migrations), never for requests. The setting lives and dies with the
    session: the caller releases the connection afterwards, or it is reset here.
    """
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute("SET default_transaction_read_only = off")
    try:
        yield
    finally:
        if connection.connection is not None and not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("RESET default_transaction_read_only")


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a database error (Django's wrapper or the driver's), or None."""
    # Django's error wraps the driver's as its cause and context; a caller that re-raises it
    # `from` itself replaces the cause, so both links are followed, each error once.
    todo: list[BaseException | None] = [exc]
    seen: set[int] = set()
    while todo:
        error = todo.pop()
        if error is None or id(error) in seen:
            continue
        seen.add(id(error))
        state = getattr(error, "sqlstate", None)
        if state:
            return str(state)
        todo += [error.__context__, error.__cause__]
    return None


def refusal_for(exc: BaseException, company_id: int) -> DomainError | None:
    """The error to answer instead of `exc` when it is a frozen or ended tenant session.

    The status is read afresh (no cache): a suspended company answers as suspended, one that is
    active again (or whose change has not committed yet) with a plain 503. None: not ours.
    """
    state = sqlstate(exc)
    # A session ended while idle has no SQLSTATE: the driver finds the socket closed.
    lost = state is None and isinstance(exc, OperationalError)
    if state not in (READ_ONLY_SQLSTATE, ADMIN_SHUTDOWN_SQLSTATE) and not lost:
        return None
    try:
        status = Company.objects.filter(pk=company_id).values_list("status", flat=True).first()
    except DatabaseError:  # the common database went down too (a server shutdown)
        status = None
    refusal = STATUS_ERRORS.get(status or "")
    if refusal is not None:
        return refusal()
    if state == READ_ONLY_SQLSTATE:
        return TenantReadOnly()
    return ServerUnavailable("The company's database ended this request. Try again in a moment.")


def sync_database(company: Company, status: str | None = None) -> None:
    """Freeze or thaw the company's database to match `status` (its own by default): writable
    only while active. Nothing for a company whose database does not exist (yet, or any more)."""
    status = status or company.status
    if status == Company.Status.PROVISIONING or not database_exists(company.server, company.db_name):
        return
    if status in FROZEN_STATUSES:
        freeze_database(company.server, company.db_name)
    else:
        thaw_database(company.server, company.db_name)
