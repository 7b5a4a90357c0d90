"""The database backend's health check: no round trip for a healthy idle connection, and a
connection the server ended is found out before a request uses it."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator

import psycopg
import pytest
from django.db import connections
from psycopg import pq

from pyledger_project.postgres.base import DatabaseWrapper

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kept() -> Iterator[DatabaseWrapper]:
    """A connection of its own to the common database, as a kept (CONN_MAX_AGE) one is."""
    wrapper = DatabaseWrapper(dict(connections["default"].settings_dict), alias="health-probe")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def round_trips(wrapper: DatabaseWrapper, check: str) -> tuple[bool, int]:
    """What `check` ('is_usable') answers, and how many round trips it took (libpq's trace)."""
    pgconn = wrapper.connection.pgconn
    with tempfile.TemporaryFile() as trace:
        pgconn.trace(trace.fileno())
        pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
        answer = getattr(wrapper, check)()
        pgconn.untrace()
        trace.seek(0)
        return answer, trace.read().decode(errors="replace").count("ReadyForQuery")


def test_a_healthy_idle_connection_is_checked_without_a_round_trip(kept):
    assert round_trips(kept, "is_usable") == (True, 0)


def test_a_connection_inside_a_transaction_is_asked_with_select_1(kept):
    kept.connection.execute("BEGIN")
    assert round_trips(kept, "is_usable") == (True, 1)
    kept.connection.execute("ROLLBACK")


def test_a_session_the_server_ended_is_replaced_before_it_is_used(kept):
    pid = kept.connection.info.backend_pid
    settings = kept.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"] or None,
        password=settings["PASSWORD"] or None, autocommit=True,
    ) as other:  # fmt: skip
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while kept.is_usable() and time.monotonic() < deadline:  # the farewell takes a moment to arrive
        time.sleep(0.01)
    assert kept.is_usable() is False

    kept.health_check_enabled, kept.health_check_done = True, False
    kept.close_if_health_check_failed()  # what Django does at a request's first query
    with kept.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_every_alias_uses_this_backend():
    assert connections["default"].settings_dict["ENGINE"] == "pyledger_project.postgres"
    assert isinstance(connections["default"], DatabaseWrapper)
