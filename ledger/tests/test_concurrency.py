"""Posting under concurrency: threads on their own connections, committing for real.

These tests need data committed across connections, so they run on a throwaway company database
of their own (never on the session's acme/foo, whose per-test rollback others rely on). The
Company object is built in memory and handed to tenant_context(): the threads could not see a
registry row created inside a test transaction, and this one needs none. The common database is
only read (currencies for the seed). The one tenant_db test below also makes pytest-django set up
the test databases when this module runs on its own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from django.db import DatabaseError, connections, transaction

from common.errors import DomainError
from common.models import Company
from ledger.errors import from_database_error
from ledger.integrity import chain_problems, totals_problems
from ledger.models import Account, AuditEvent, FiscalYear, JournalEntry
from ledger.reports import account_balance, trial_balance
from ledger.seed import seed_tenant
from ledger.services.entries import journal_entry_create
from ledger.services.periods import period_close, period_for
from tenants.routing.context import current_alias, tenant_context
from tenants.testing import tenant_db

from .conftest import ALICE

pytestmark = pytest.mark.slow  # threads racing on one company

T = TypeVar("T")
ENTRY_SQL = (
    "INSERT INTO ledger_journalentry (fiscal_year_id, period_id, date, memo, reference, status, request_hash,"
    " created_at, created_by_name, posted_by_name, prev_hash, hash)"
    " VALUES (%s, %s, %s, '', '', 'posted', '', now(), '', '', '', '') RETURNING id"
)
ONE_LINE_SQL = (
    "INSERT INTO ledger_journalline (entry_id, line_no, account_id, side, amount, currency_id, exchange_rate,"
    " base_amount, description)"
    " SELECT %s, 1, id, 'D', 5, 'USD', 1, 5, '' FROM ledger_account WHERE code = '1120'"
)

THREADS = 8
DAY = date(2026, 3, 10)


def all_at_once(company: Company, work: Callable[[int], T], threads: int = THREADS) -> list[T | DomainError]:
    """Run work(0..threads-1) in threads released together; return results or domain errors."""
    barrier = threading.Barrier(threads, timeout=30)

    def run(i: int) -> T | DomainError:
        try:
            with tenant_context(company):
                barrier.wait()
                try:
                    return work(i)
                except DomainError as error:
                    return error
        except BaseException:
            barrier.abort()
            raise
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(run, range(threads)))


def sale(amount: str, *, day: date = DAY, **kwargs: Any) -> JournalEntry:
    return journal_entry_create(
        date=day,
        lines=[{"account": "1120", "debit": amount}, {"account": "4100", "credit": amount}],
        actor=ALICE,
        post=True,
        **kwargs,
    )


def numbers_by_year() -> dict[int, list[int | None]]:
    result: dict[int, list[int | None]] = {}
    for year, number in JournalEntry.objects.order_by("number").values_list(
        "fiscal_year__start_date__year", "number"
    ):
        result.setdefault(year, []).append(number)
    return result


def test_threads_posting_to_the_same_accounts_lose_nothing_and_number_without_gaps(race):
    per_thread = 20

    def post_many(i: int) -> list[int | None]:
        days = [date(2026, 3, 1 + n % 28) for n in range(per_thread)]  # a brand-new year, created racing
        return [sale(f"{i + 1}.{n:02}", day=day).number for n, day in enumerate(days)]

    results = all_at_once(race, post_many)

    assert all(isinstance(r, list) for r in results), results
    total = sum(Decimal(f"{i + 1}.{n:02}") for i in range(THREADS) for n in range(per_thread))
    with tenant_context(race):
        assert numbers_by_year() == {2026: list(range(1, THREADS * per_thread + 1))}
        assert FiscalYear.objects.count() == 1
        assert account_balance(Account.objects.get(code="1120"), DAY.replace(day=31))["balance"] == total
        assert account_balance(Account.objects.get(code="4100"), DAY.replace(day=31))["balance"] == -total
        assert trial_balance(date(2026, 12, 31)).totals["net"] == 0
        assert totals_problems() == chain_problems() == []
        connections.close_all()


def test_racing_the_same_idempotency_key_posts_once_and_everyone_gets_that_entry(race):
    def create(i: int) -> tuple[int, bool]:
        entry = sale("42.00", idempotency_key="invoice-7")
        return entry.pk, entry.replayed

    results = [r for r in all_at_once(race, create) if isinstance(r, tuple)]  # none failed:

    assert len(results) == THREADS
    with tenant_context(race):
        entries = list(JournalEntry.objects.all())
        assert len(entries) == 1
        assert [pk for pk, _ in results] == [entries[0].pk] * THREADS
        assert sorted(replayed for _, replayed in results) == [False] + [True] * (THREADS - 1)  # one 201
        assert entries[0].number == 1
        assert AuditEvent.objects.filter(object_type="journal_entry", action="post").count() == 1
        assert account_balance(Account.objects.get(code="1120"), DAY)["balance"] == Decimal("42.00")
        assert totals_problems() == chain_problems() == []
        connections.close_all()


def test_racing_one_key_with_two_bodies_posts_one_and_refuses_the_other_body(race):
    amounts = ["10.00" if i % 2 else "20.00" for i in range(THREADS)]

    results = all_at_once(race, lambda i: sale(amounts[i], idempotency_key="invoice-8").pk)

    with tenant_context(race):
        (entry,) = JournalEntry.objects.all()
        won = entry.lines.get(line_no=1).amount
        for amount, result in zip(amounts, results, strict=True):
            if Decimal(amount) == won:
                assert result == entry.pk
            else:
                assert isinstance(result, DomainError) and result.code == "idempotency_conflict"
        assert totals_problems() == chain_problems() == []
        connections.close_all()


def test_entries_refused_at_commit_by_the_database_consume_no_numbers(race):
    def mixed(i: int) -> int:
        refused = 0
        for n in range(10):
            if (i + n) % 3 == 0:
                # A one-line entry written past the service: the commit-time trigger refuses it.
                period = period_for(DAY)
                alias = current_alias()
                try:
                    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                        cursor.execute(ENTRY_SQL, [period.fiscal_year_id, period.pk, DAY])
                        (entry_id,) = cursor.fetchone()
                        cursor.execute(ONE_LINE_SQL, [entry_id])
                except DatabaseError as exc:
                    error = from_database_error(exc)
                    assert error is not None and error.code == "too_few_lines"
                    refused += 1
            else:
                sale("1.00")
        return refused

    results = all_at_once(race, mixed)

    refused = sum(r for r in results if isinstance(r, int))
    assert refused == sum(1 for i in range(THREADS) for n in range(10) if (i + n) % 3 == 0)
    with tenant_context(race):
        posted = THREADS * 10 - refused
        assert numbers_by_year() == {2026: list(range(1, posted + 1))}
        assert account_balance(Account.objects.get(code="1120"), DAY)["balance"] == Decimal(posted)
        assert totals_problems() == chain_problems() == []
        connections.close_all()


def test_a_period_closed_while_threads_post_into_it_takes_nothing_after_the_close(race):
    closed = threading.Event()

    def post_or_close(i: int) -> list[str]:
        outcomes = []
        for n in range(15):
            if i == 0 and n == 5:
                period_close(period=period_for(DAY), actor=ALICE)
                closed.set()
                continue
            try:
                sale("1.00")
                outcomes.append("closed-then-posted" if closed.is_set() and i == 0 else "posted")
            except DomainError as error:
                outcomes.append(error.code)
        return outcomes

    results = all_at_once(race, post_or_close)

    outcomes = [o for r in results if isinstance(r, list) for o in r]
    assert set(outcomes) <= {"posted", "period_closed"}, outcomes
    assert "period_closed" in outcomes
    with tenant_context(race):
        posted = outcomes.count("posted")
        assert numbers_by_year() == {2026: list(range(1, posted + 1))}
        assert account_balance(Account.objects.get(code="1120"), DAY)["balance"] == Decimal(posted)
        assert totals_problems() == chain_problems() == []
        connections.close_all()


@tenant_db
def test_an_idempotency_key_belongs_to_one_company(post, foo):
    first = post(DAY, "1120", "4100", "5.00", idempotency_key="shared-key")

    with tenant_context(foo):
        seed_tenant(company=foo)
        other = sale("6.00", idempotency_key="shared-key")

    assert (first.number, other.number) == (1, 1)
    assert JournalEntry.objects.get().pk == first.pk


DRAFT_SQL = (
    "INSERT INTO ledger_journalentry (fiscal_year_id, period_id, date, memo, reference, status, request_hash,"
    " created_at, created_by_name, posted_by_name, prev_hash, hash)"
    " VALUES (%s, %s, %s, '', '', 'draft', '', now(), '', '', '', '') RETURNING id"
)
SPARE_LINE_SQL = ONE_LINE_SQL.replace("'1120'", "'6400'")


def _sqlstate(error: BaseException) -> str:
    return str(getattr(error.__cause__, "sqlstate", ""))


def test_an_account_deleted_while_a_line_naming_it_is_written_waits_and_is_refused(race):
    """The line trigger locks the account a line names, as a foreign key would: the delete waits
    for the line's transaction, then sees its line (0012_keys_by_trigger)."""
    with tenant_context(race):
        period = period_for(DAY)
        connections.close_all()
    written = threading.Event()

    def write_line() -> None:
        with tenant_context(race):
            try:
                alias = current_alias()
                with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                    cursor.execute(DRAFT_SQL, [period.fiscal_year_id, period.pk, DAY])
                    (entry_id,) = cursor.fetchone()
                    cursor.execute(SPARE_LINE_SQL, [entry_id])
                    written.set()
                    for _ in range(200):  # commit once the delete waits for this transaction's lock
                        cursor.execute(
                            "SELECT count(*) FROM pg_stat_activity"
                            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                        )
                        if cursor.fetchone()[0]:
                            break
                        time.sleep(0.05)
            finally:
                connections.close_all()

    def delete_account() -> str:
        assert written.wait(30)
        with tenant_context(race):
            try:
                with connections[current_alias()].cursor() as cursor:
                    cursor.execute("DELETE FROM ledger_account WHERE code = '6400'")
                return "deleted"
            except DatabaseError as error:
                return _sqlstate(error)
            finally:
                connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        writer = pool.submit(write_line)
        deleter = pool.submit(delete_account)
        assert deleter.result(timeout=60) == "23503"
        writer.result(timeout=60)
    with tenant_context(race):
        assert Account.objects.filter(code="6400").exists()
        assert JournalEntry.objects.filter(lines__account__code="6400").count() == 1
        connections.close_all()


def test_deleting_an_account_outside_read_committed_is_refused(race):
    """A trigger cannot see a line committed after its snapshot, as a foreign key can: under
    REPEATABLE READ the delete is refused, used or not (0012_keys_by_trigger)."""
    with tenant_context(race):
        alias = current_alias()
        try:
            with (
                pytest.raises(DatabaseError) as info,
                transaction.atomic(using=alias),
                connections[alias].cursor() as cursor,
            ):
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("DELETE FROM ledger_account WHERE code = '6400'")
            assert _sqlstate(info.value) == "0A000"
            assert "READ COMMITTED" in str(info.value)
            with connections[alias].cursor() as cursor:  # the same delete under READ COMMITTED
                cursor.execute("DELETE FROM ledger_account WHERE code = '6400'")
            assert not Account.objects.filter(code="6400").exists()
        finally:
            connections.close_all()
