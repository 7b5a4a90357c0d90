"""Ledger data stays out of PostgreSQL's log: a refused statement is logged without its text, its
parameters or the failing row, on every database pyledger provisions and on the embedded server."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import psycopg
import pytest
from django.test import override_settings
from psycopg import sql

from pyledger_project.server_logs import QUIET_LOG_SETTINGS
from tenants.lifecycle.provisioning import conninfo, maintenance_connection

pytestmark = pytest.mark.django_db(transaction=True)


def database_settings(name: str) -> dict[str, str]:
    """The settings ALTER DATABASE gave `name` (for every role)."""
    with maintenance_connection(None) as conn:
        row = conn.execute(
            "SELECT s.setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase"
            " WHERE d.datname = %s AND s.setrole = 0",
            [name],
        ).fetchone()
    return dict(item.split("=", 1) for item in row[0]) if row else {}


def test_a_provisioned_tenant_database_keeps_statements_out_of_the_server_log(make_tenant):
    company = make_tenant("quiet-logs")

    assert database_settings(company.db_name) == QUIET_LOG_SETTINGS
    with psycopg.connect(**conninfo(None, company.db_name)) as conn:
        (level,) = conn.execute("SHOW log_min_error_statement").fetchone()  # type: ignore[misc]
    assert level == "panic"


def test_a_restored_or_moved_copy_gets_them_too(make_tenant):
    company = make_tenant("quiet-empty", database="empty")  # as restores and moves create them

    assert database_settings(company.db_name) == QUIET_LOG_SETTINGS


def test_they_can_be_left_to_the_servers_configuration(make_tenant):
    with override_settings(PYLEDGER_QUIET_DATABASE_LOGS=False):
        company = make_tenant("quiet-off")

    assert database_settings(company.db_name) == {}


def server_log() -> Path | None:
    """The log file of the embedded test server (none when the tests run on another server)."""
    if os.environ.get("TEST_DATABASE_URL"):
        return None
    with maintenance_connection(None) as conn:
        (data,) = conn.execute("SHOW data_directory").fetchone()  # type: ignore[misc]
    path = Path(data) / "log"
    return path if path.is_file() else None


def test_a_refused_posting_reaches_the_log_without_its_memo(make_tenant):
    log = server_log()
    if log is None:
        pytest.skip("the server's log is not readable here")
    company = make_tenant("quiet-refused")
    memo = f"payroll-{uuid.uuid4().hex}"
    start = log.stat().st_size

    # Django binds values into the statement text on the client, as here.
    insert = sql.SQL(
        "INSERT INTO ledger_journalentry (fiscal_year_id, period_id, date, memo, reference, status, kind,"
        " request_hash, created_at, created_by_name, posted_by_name, prev_hash, hash)"
        " VALUES (1, 1, '2026-03-10', {}, 'R', 'bogus', 'regular', '', now(), '', '', '', '')"
    ).format(sql.Literal(memo))
    with (
        psycopg.connect(**conninfo(None, company.db_name), autocommit=True) as conn,
        pytest.raises(psycopg.errors.CheckViolation),
    ):
        conn.execute(insert)

    written = log.read_bytes()[start:].decode(errors="replace")
    assert "entry_status_valid" in written  # the error is logged...
    assert memo not in written  # ...without the statement or the failing row
