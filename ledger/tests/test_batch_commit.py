"""The commit-time checks work per batch: the first firing checks, numbers and hashes every entry
the transaction posted, in id order per fiscal year, with one UPDATE of each year's sequence row;
the other firings find their entry numbered. Numbers stay gapless and the hash chain intact."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import DatabaseError, connections, transaction

from common.models import Company
from ledger.errors import from_database_error
from ledger.integrity import chain_problems, totals_problems
from ledger.models import Account, EntrySequence, JournalEntry
from ledger.services.entries import journal_entry_create, journal_entry_post
from ledger.services.periods import period_for
from tenants.routing.context import current_alias, tenant_context
from tenants.testing import tenant_db

from .conftest import ACME_ALIAS, ALICE

DAY = date(2026, 3, 10)
ENTRY_SQL = (
    "INSERT INTO ledger_journalentry (fiscal_year_id, period_id, date, memo, reference, status, request_hash,"
    " created_at, created_by_name, posted_by_name, prev_hash, hash)"
    " VALUES (%s, %s, %s, %s, '', 'posted', '', now(), '', '', '', '') RETURNING id"
)
LINES_SQL = (
    "INSERT INTO ledger_journalline (entry_id, line_no, account_id, side, amount, currency_id, exchange_rate,"
    " base_amount, description) VALUES (%(e)s, 1, %(d)s, 'D', %(a)s, 'USD', 1, %(a)s, ''),"
    " (%(e)s, 2, %(c)s, 'C', %(b)s, 'USD', 1, %(b)s, '')"
)


def raw_entries(cursor: Any, count: int, *, day: date = DAY, unbalanced: int | None = None) -> list[int]:
    """`count` posted entries written past the service, each by two statements."""
    period = period_for(day)
    debit, credit = (Account.objects.get(code=c).pk for c in ("1120", "4100"))
    ids = []
    for n in range(count):
        cursor.execute(ENTRY_SQL, [period.fiscal_year_id, period.pk, day, f"raw {n}"])
        (entry_id,) = cursor.fetchone()
        amount = n % 97 + 1
        other = amount + 1 if n == unbalanced else amount
        cursor.execute(LINES_SQL, {"e": entry_id, "d": debit, "c": credit, "a": amount, "b": other})
        ids.append(entry_id)
    return ids


def updates_in_this_transaction(table: str) -> int:
    with connections[current_alias()].cursor() as cursor:
        cursor.execute("SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = %s", [table])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


@pytest.mark.slow
@tenant_db
def test_a_thousand_entries_in_one_transaction_are_numbered_gaplessly_at_once(books):
    with connections[ACME_ALIAS].cursor() as cursor:
        ids = raw_entries(cursor, 1000)
        sequence_updates = updates_in_this_transaction("ledger_entrysequence")
        entry_updates = updates_in_this_transaction("ledger_journalentry")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as COMMIT would
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")

        assert updates_in_this_transaction("ledger_entrysequence") - sequence_updates == 1
        assert updates_in_this_transaction("ledger_journalentry") - entry_updates == 1000
    numbers = dict(JournalEntry.objects.filter(pk__in=ids).values_list("pk", "number"))
    assert [numbers[i] for i in ids] == list(range(1, 1001))  # id order
    assert EntrySequence.objects.get().last_number == 1000
    assert EntrySequence.objects.get().last_hash == JournalEntry.objects.get(number=1000).hash
    assert chain_problems() == []
    assert totals_problems() == []


@tenant_db
def test_one_batch_numbers_each_fiscal_year_on_its_own(books):
    with connections[ACME_ALIAS].cursor() as cursor:
        a = raw_entries(cursor, 3, day=date(2026, 5, 1))
        b = raw_entries(cursor, 2, day=date(2025, 5, 1))
        c = raw_entries(cursor, 2, day=date(2026, 6, 1))
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    numbers = dict(JournalEntry.objects.values_list("pk", "number"))
    assert [numbers[i] for i in a + c] == [1, 2, 3, 4, 5]
    assert [numbers[i] for i in b] == [1, 2]
    assert dict(EntrySequence.objects.values_list("fiscal_year__start_date__year", "last_number")) == {
        2025: 2,
        2026: 5,
    }
    assert chain_problems() == totals_problems() == []


@tenant_db
def test_one_bad_entry_refuses_the_whole_batch_and_uses_no_number(post):
    first = post(DAY, "1120", "4100", "1.00")

    with (
        pytest.raises(DatabaseError) as info,
        transaction.atomic(using=ACME_ALIAS),
        connections[ACME_ALIAS].cursor() as cursor,
    ):
        ids = raw_entries(cursor, 50, unbalanced=30)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    second = post(DAY, "1120", "4100", "2.00")

    error = from_database_error(info.value)
    assert error is not None and error.code == "unbalanced_entry"
    assert f"entry {ids[30]} " in error.message  # the first bad one, by id
    assert not JournalEntry.objects.filter(pk__in=ids).exists()
    assert (first.number, second.number) == (1, 2)
    assert chain_problems() == []


@tenant_db
def test_later_batches_of_a_transaction_continue_the_numbering(books):
    with connections[ACME_ALIAS].cursor() as cursor:
        draft = journal_entry_create(
            date=DAY,
            lines=[{"account": "1120", "debit": "3"}, {"account": "4100", "credit": "3"}],
            actor=ALICE,
        )
        first = raw_entries(cursor, 10)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED")
        second = raw_entries(cursor, 10)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED")
        # A draft posted now has an id below every entry numbered so far in this transaction.
        posted = journal_entry_post(entry=draft, actor=ALICE)
        third = raw_entries(cursor, 5)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    numbers = dict(JournalEntry.objects.values_list("pk", "number"))
    assert [numbers[i] for i in first + second] == list(range(1, 21))
    assert posted.number == 21
    assert [numbers[i] for i in third] == list(range(22, 27))
    assert chain_problems() == totals_problems() == []


@pytest.mark.slow
def test_a_thousand_entries_committed_in_one_transaction(race: Company) -> None:
    with tenant_context(race):
        alias = current_alias()
        try:
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                ids = raw_entries(cursor, 1000)
            numbers = dict(JournalEntry.objects.values_list("pk", "number"))
            assert [numbers[i] for i in ids] == list(range(1, 1001))
            assert chain_problems() == []
            assert totals_problems() == []
        finally:
            connections.close_all()


def test_the_pending_entries_are_found_through_their_index(race: Company) -> None:
    with tenant_context(race):
        alias = current_alias()
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute(
                    "EXPLAIN SELECT id FROM ledger_journalentry"
                    " WHERE posted_xid = 42 AND number IS NULL AND id > 0 AND status <> 'draft'"
                )
                plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "ledger_entry_pending" in plan
        finally:
            connections.close_all()
