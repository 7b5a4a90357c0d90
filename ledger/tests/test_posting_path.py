"""The lean posting path: one call per entry, one round trip with the reference data cached,
number and hash read lazily; the cache never turns a stale row into a wrong answer.

Tests that need data committed across connections (another process closing a period) run on the
`race` company, a database of their own, with the cache switched on (the test settings switch it
off: test transactions roll back, so cached rows would be gone in the next test).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from django.db import DatabaseError, connections, transaction
from django.test.utils import CaptureQueriesContext
from psycopg import pq
from pytest_django import Settings

from common.errors import DomainError
from common.models import Company
from ledger.integrity import chain_problems, totals_problems
from ledger.models import Account, FiscalPeriod, JournalEntry, JournalLine
from ledger.services import reference
from ledger.services.accounts import account_deactivate
from ledger.services.entries import Prepared, PreparedLine, journal_entry_create
from ledger.services.periods import period_close, period_for
from ledger.services.writing import _write
from tenants.lifecycle.provisioning import conninfo
from tenants.routing.context import current_alias, tenant_context
from tenants.testing import tenant_db

from .conftest import ALICE

DAY = date(2026, 3, 10)


def sale(amount: str = "5.00", *, day: date = DAY, debit: str = "1120", **kwargs: Any) -> JournalEntry:
    return journal_entry_create(
        date=day,
        lines=[{"account": debit, "debit": amount}, {"account": "4100", "credit": amount}],
        actor=ALICE,
        post=True,
        **kwargs,
    )


class RoundTrips:
    """Client/server round trips on the current tenant's connection, from libpq's protocol trace:
    each ends with a ReadyForQuery message, BEGIN and COMMIT included."""

    def __enter__(self) -> RoundTrips:
        conn = connections[current_alias()]
        conn.ensure_connection()
        self.pgconn = conn.connection.pgconn
        self.file = tempfile.TemporaryFile()
        self.pgconn.trace(self.file.fileno())
        self.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
        return self

    def __exit__(self, *exc: object) -> None:
        self.pgconn.untrace()
        self.file.seek(0)
        self.count = self.file.read().decode(errors="replace").count("ReadyForQuery")
        self.file.close()


def run_elsewhere(company: Company, sql: str, params: list[Any]) -> None:
    """Change the books from another connection: this process sees no signal."""
    with psycopg.connect(**conninfo(None, company.db_name), autocommit=True) as conn:
        conn.execute(sql, params)


@pytest.fixture
def cached(race: Company, settings: Settings) -> Iterator[Company]:
    """The race company with the reference cache on, warmed by one posting."""
    settings.PYLEDGER_LEDGER_CACHE_SECONDS = 60
    reference.invalidate_all()
    with tenant_context(race):
        sale()  # creates 2026 (which invalidates)
        sale()  # fills the cache
        try:
            yield race
        finally:
            reference.invalidate_all()
            connections.close_all()


# --- one statement, one round trip -----------------------------------------------------------------


def test_a_posting_outside_a_transaction_takes_one_round_trip_with_the_cache_warm(cached):
    with RoundTrips() as trips, CaptureQueriesContext(connections[current_alias()]) as queries:
        entry = sale("7.00")

    assert trips.count == 1
    (statement,) = [q["sql"] for q in queries.captured_queries]
    assert statement.startswith("SELECT id, number, prev_hash, hash, posted_xid FROM ledger_entry_write(")
    assert entry.lines.count() == 2 and entry.status == "posted"


def test_number_and_hash_come_back_with_the_posting_in_its_round_trip(cached):
    with RoundTrips() as trips:
        entry = sale("8.00")
    assert trips.count == 1
    assert entry.get_deferred_fields() == set()

    with CaptureQueriesContext(connections[current_alias()]) as queries:
        number, digest, prev_hash, xid = entry.number, entry.hash, entry.prev_hash, entry.posted_xid

    assert queries.captured_queries == []
    stored = JournalEntry.objects.get(pk=entry.pk)
    assert (number, digest, prev_hash, xid) == (
        stored.number,
        stored.hash,
        stored.prev_hash,
        stored.posted_xid,
    )
    assert number == 3 and len(digest) == 64
    assert prev_hash == JournalEntry.objects.get(number=2).hash
    assert entry.posted_at == stored.posted_at and entry.created_at == stored.created_at
    assert chain_problems() == totals_problems() == []


def test_idempotent_replays_and_drafts_take_the_same_path(cached):
    first = sale("9.00", idempotency_key="k-1")
    again = sale("9.00", idempotency_key="k-1")
    draft = journal_entry_create(
        date=DAY, lines=[{"account": "1120", "debit": "1"}, {"account": "4100", "credit": "1"}], actor=ALICE
    )

    assert again.pk == first.pk and again.number == first.number == 3
    assert (draft.status, draft.number, draft.hash, draft.get_deferred_fields()) == ("draft", None, "", set())
    assert JournalEntry.objects.filter(idempotency_key="k-1").count() == 1


@tenant_db
def test_inside_a_transaction_the_entry_is_written_and_settled_in_one_call(post):
    first = post(DAY, "1120", "4100", "1.00")  # creates 2026
    alias = current_alias()

    with CaptureQueriesContext(connections[alias]) as queries:
        entry = post(DAY, "1120", "4100", "2.00")

    writes = [q["sql"] for q in queries.captured_queries if "ledger_entry_write(" in q["sql"]]
    assert len(writes) == 1  # its checks settled by the function, which answers what they set
    assert writes[0].startswith("SAVEPOINT") and writes[0].endswith("RELEASE SAVEPOINT ledger_entry_write")
    assert not entry.get_deferred_fields()  # read back in the same round trip
    assert (entry.number, entry.prev_hash) == (2, first.hash)
    assert entry.hash == JournalEntry.objects.get(pk=entry.pk).hash


@tenant_db
def test_the_write_call_stores_text_amounts_and_times_exactly(post):
    post(DAY, "1120", "4100", "1.00")  # creates 2026
    text = 'O\'Brien "quoted" back\\slash \u00fcn\u00ef \u2713 \u2028 {json} end'
    big = "98765432109876.54"
    entry = journal_entry_create(
        date=DAY,
        memo=text,
        reference="R'1",
        lines=[{"account": "1120", "debit": big, "description": text}, {"account": "4100", "credit": big}],
        actor=ALICE,
        post=True,
    )

    stored = JournalEntry.objects.get(pk=entry.pk)
    assert (stored.memo, stored.reference) == (text, "R'1")
    assert (stored.created_at, stored.posted_at) == (entry.created_at, entry.posted_at)  # microseconds kept
    lines = list(stored.lines.order_by("line_no").values_list("amount", "base_amount", "description"))
    assert lines == [(Decimal(big), Decimal(big), text), (Decimal(big), Decimal(big), "")]
    assert chain_problems() == []


@tenant_db
def test_a_write_refused_inside_a_transaction_leaves_the_transaction_usable(books):
    with pytest.raises(DatabaseError) as info:
        _write(unbalanced(), actor=ALICE, memo="", reference="", post=True, key=None, digest="")
    entry = journal_entry_create(
        date=DAY,
        lines=[{"account": "1120", "debit": "5"}, {"account": "4100", "credit": "5"}],
        actor=ALICE,
        post=True,
    )

    assert "unbalanced" in str(info.value)
    assert entry.number == 1  # the refused entry took no number, and the transaction went on
    assert JournalEntry.objects.count() == 1 and JournalLine.objects.count() == 2


def unbalanced(day: date = DAY) -> Prepared:
    """A prepared entry the service would never write: debits 5, credits 4."""
    period = period_for(day)
    accounts = {a.code: a for a in Account.objects.filter(code__in=["1120", "4100"])}
    return Prepared(
        day=day,
        period=period,
        lines=[
            PreparedLine(1, accounts["1120"], "D", Decimal(5), "USD", Decimal(1), Decimal(5), None, ""),
            PreparedLine(2, accounts["4100"], "C", Decimal(4), "USD", Decimal(1), Decimal(4), None, ""),
        ],
    )


@tenant_db
def test_with_server_side_binding_the_same_steps_go_one_statement_at_a_time(post, monkeypatch):
    from django.db.backends.postgresql.base import ServerBindingCursor

    first = post(DAY, "1120", "4100", "1.00")
    conn = connections[current_alias()]
    monkeypatch.setattr(conn.connection, "cursor_factory", ServerBindingCursor)

    with CaptureQueriesContext(conn) as queries:
        entry = post(DAY, "1120", "4100", "2.00")
    with pytest.raises(DatabaseError):
        _write(unbalanced(), actor=ALICE, memo="", reference="", post=True, key=None, digest="")
    third = post(DAY, "1120", "4100", "4.00")

    steps = [q["sql"].split()[0] for q in queries.captured_queries][-3:]
    assert steps == ["SAVEPOINT", "SELECT", "RELEASE"]
    assert not entry.get_deferred_fields()  # the function's answer carries number and hash
    assert (entry.number, entry.prev_hash) == (2, first.hash)
    assert third.number == 3 and chain_problems() == []


# --- the cache ----------------------------------------------------------------------------------------


def test_a_period_closed_by_another_process_is_still_refused_with_period_closed(cached):
    period = period_for(DAY)
    run_elsewhere(cached, "UPDATE ledger_fiscalperiod SET status = 'closed' WHERE id = %s", [period.pk])
    before = JournalEntry.objects.count()

    with pytest.raises(DomainError) as info:
        sale("3.00")

    assert info.value.code == "period_closed"
    assert info.value.fields == {"date": ["The period is closed."]}  # the readable error, on fresh data
    assert JournalEntry.objects.count() == before
    # The refusal refreshed the cache: the next attempt is refused without writing.
    with CaptureQueriesContext(connections[current_alias()]) as queries, pytest.raises(DomainError):
        sale("3.00")
    assert not [q for q in queries.captured_queries if "INSERT" in q["sql"]]


def test_the_database_refuses_what_stale_cached_data_allows(cached):
    # The cache says open; the trigger says closed. Its SQLSTATE maps to the same error.
    period = period_for(DAY)
    run_elsewhere(cached, "UPDATE ledger_fiscalperiod SET status = 'closed' WHERE id = %s", [period.pk])

    with CaptureQueriesContext(connections[current_alias()]) as queries, pytest.raises(DomainError) as info:
        sale("3.00")

    first = queries.captured_queries[0]["sql"]
    assert "ledger_entry_write(" in first  # no lookup: cached data let it through
    assert info.value.code == "period_closed"


def test_an_account_deactivated_by_another_process_is_refused_with_account_inactive(cached):
    run_elsewhere(cached, "UPDATE ledger_account SET is_active = false WHERE code = %s", ["1120"])

    with pytest.raises(DomainError) as info:
        sale("4.00")

    assert info.value.code == "account_inactive"
    assert info.value.fields == {"lines": {"0": {"account": ["Inactive account."]}}}
    assert JournalEntry.objects.count() == 2


def test_a_refusal_from_cached_data_is_confirmed_on_fresh_data(cached):
    # Reactivated, reopened elsewhere: the cache still says inactive and closed, yet both post.
    account = Account.objects.get(code="1110")
    account_deactivate(account=account, actor=ALICE)
    period = period_close(period=period_for(DAY), actor=ALICE)
    with pytest.raises(DomainError):
        sale("1.00", debit="1110")  # caches the closed period and the inactive account
    run_elsewhere(cached, "UPDATE ledger_account SET is_active = true WHERE id = %s", [account.pk])
    run_elsewhere(cached, "UPDATE ledger_fiscalperiod SET status = 'open' WHERE id = %s", [period.pk])

    entry = sale("1.00", debit="1110")

    assert entry.status == "posted" and entry.number == 3


def test_changes_made_in_this_process_drop_the_cache_at_once(cached):
    period_close(period=period_for(DAY), actor=ALICE)  # post_save of the period

    with CaptureQueriesContext(connections[current_alias()]) as queries, pytest.raises(DomainError) as info:
        sale("2.00")

    assert info.value.code == "period_closed"
    assert not [q for q in queries.captured_queries if "INSERT" in q["sql"]]  # refused before writing


def test_a_queryset_update_elsewhere_in_this_process_is_caught_by_the_triggers_too(cached):
    # A queryset update sends no signal: the cache is stale until it expires, and still safe.
    FiscalPeriod.objects.filter(start_date__lte=DAY, end_date__gte=DAY).update(status="closed")

    with pytest.raises(DomainError) as info:
        sale("2.00")

    assert info.value.code == "period_closed"


def test_the_cache_expires(cached, monkeypatch):
    alias = current_alias()
    assert reference._books[reference._key(alias)].settings is not None
    later = time.monotonic() + 61
    monkeypatch.setattr(time, "monotonic", lambda: later)

    with CaptureQueriesContext(connections[alias]) as queries:
        sale("2.00")

    assert len(queries.captured_queries) == 4  # settings, periods, accounts, then the write


def test_rows_read_inside_a_transaction_are_not_cached(race, settings):
    # They might be rolled back: the rows of a fiscal year created in it, for one.
    settings.PYLEDGER_LEDGER_CACHE_SECONDS = 60
    reference.invalidate_all()
    try:
        with tenant_context(race):
            alias = current_alias()
            with transaction.atomic(using=alias):
                sale("1.00", day=date(2027, 5, 1))
                books = reference._books.get(reference._key(alias))
                assert books is None or (books.periods is None and not books.accounts)
                transaction.set_rollback(True, using=alias)

            entry = sale("1.00", day=date(2027, 5, 1))  # the year is created again, for real

            assert entry.number == 1 and entry.period.fiscal_year.start_date == date(2027, 1, 1)
            assert chain_problems() == []
    finally:
        reference.invalidate_all()
        connections.close_all()


def test_the_cache_is_kept_per_database(cached):
    alias = current_alias()
    key = reference._key(alias)

    assert key == (alias, cached.db_name)
    assert reference._books[key].accounts


@tenant_db
def test_the_test_settings_switch_the_cache_off(post):
    post(DAY, "1120", "4100", "1.00")

    assert reference.cache_seconds() == 0
    assert reference._current(current_alias()) is None
