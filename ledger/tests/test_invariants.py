"""The books' invariants attacked with raw SQL: PostgreSQL refuses, and nothing changes.

Each attack runs in a savepoint on acme's connection, as any code or psql session could; the
trigger's SQLSTATE must map onto the same error code the service layer raises.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import DatabaseError, IntegrityError, connections, transaction

from common.models import Company
from ledger.errors import from_database_error
from ledger.integrity import chain_problems, totals_problems
from ledger.models import (
    Account,
    AccountBalance,
    AuditEvent,
    EntrySequence,
    JournalEntry,
    JournalLine,
)
from ledger.services.accounts import account_deactivate
from ledger.services.periods import period_close, period_for
from tenants.testing import tenant_db

from .conftest import ACME_ALIAS, ALICE, Post

pytestmark = tenant_db

DAY = date(2026, 3, 10)


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row an attack could touch."""
    return {
        "entries": list(JournalEntry.objects.order_by("pk").values_list()),
        "lines": list(JournalLine.objects.order_by("pk").values_list()),
        "balances": list(AccountBalance.objects.order_by("pk").values_list()),
        "sequences": list(EntrySequence.objects.order_by("pk").values_list()),
        "audit": list(AuditEvent.objects.order_by("pk").values_list()),
    }


def attack(*statements: tuple[str, Sequence[Any]], immediate: bool = False) -> str | None:
    """Run the statements in a savepoint; return the error code the database refused them with."""
    with (
        pytest.raises(DatabaseError) as info,
        transaction.atomic(using=ACME_ALIAS),
        connections[ACME_ALIAS].cursor() as cursor,
    ):
        for sql, params in statements:
            cursor.execute(sql, params)
        if immediate:  # fire the commit-time checks now, as COMMIT would
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    error = from_database_error(info.value)
    return error.code if error else None


def account_id(code: str) -> int:
    return Account.objects.get(code=code).pk


def new_entry(status: str = "posted", day: date = DAY) -> tuple[str, list[Any]]:
    """INSERT of an entry with every column given, as a hand-written statement would."""
    period = period_for(day)
    return (
        "INSERT INTO ledger_journalentry (fiscal_year_id, period_id, date, memo, reference, status,"
        " request_hash, created_at, created_by_name, posted_at, posted_by_name, prev_hash, hash)"
        " VALUES (%s, %s, %s, 'raw', 'RAW', %s, '', now(), '', now(), '', '', '')",
        [period.fiscal_year_id, period.pk, day, status],
    )


def new_line(
    line_no: int, account: str, side: str, amount: str, currency: str = "USD", base: str | None = None
) -> tuple[str, list[Any]]:
    """INSERT of a line into the entry inserted last (currval of the entry id sequence)."""
    return (
        "INSERT INTO ledger_journalline (entry_id, line_no, account_id, side, amount, currency_id,"
        " exchange_rate, base_amount, description)"
        " VALUES (currval('ledger_journalentry_id_seq'), %s, %s, %s, %s, %s, 1, %s, '')",
        [line_no, account_id(account), side, Decimal(amount), currency, Decimal(base or amount)],
    )


@pytest.fixture(autouse=True)
def fiscal_year(books: Company) -> None:
    """Create 2026's periods up front, so that building an attack's statements writes nothing."""
    period_for(DAY)


@pytest.fixture
def posted(post: Post) -> JournalEntry:
    entry: JournalEntry = post(DAY, "1120", "4100", "100.00")
    return entry


# --- 2) posted entries and lines are immutable ---------------------------------------------------


def test_updating_a_posted_line_is_refused_and_changes_nothing(posted):
    before = snapshot()

    code = attack(("UPDATE ledger_journalline SET amount = 1 WHERE entry_id = %s", [posted.pk]))

    assert code == "entry_immutable"
    assert snapshot() == before


def test_moving_a_posted_line_to_another_account_is_refused(posted):
    before = snapshot()

    code = attack(
        ("UPDATE ledger_journalline SET account_id = %s WHERE entry_id = %s", [account_id("1110"), posted.pk])
    )

    assert code == "entry_immutable"
    assert snapshot() == before


def test_deleting_a_posted_line_is_refused(posted):
    before = snapshot()

    code = attack(("DELETE FROM ledger_journalline WHERE entry_id = %s AND side = 'C'", [posted.pk]))

    assert code == "entry_immutable"
    assert snapshot() == before


def test_deleting_a_posted_entry_is_refused_by_sql_and_by_the_orm(posted):
    before = snapshot()

    code = attack(("DELETE FROM ledger_journalentry WHERE id = %s", [posted.pk]))
    with pytest.raises(DatabaseError) as info, transaction.atomic(using=ACME_ALIAS):
        JournalEntry.objects.filter(pk=posted.pk).delete()  # the ORM deletes the lines first

    assert code == "entry_immutable"
    assert getattr(from_database_error(info.value), "code", None) == "entry_immutable"
    assert snapshot() == before


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("memo", "changed"),
        ("date", date(2026, 3, 11)),
        ("status", "draft"),
        ("posted_by_name", "mallory"),
        ("number", 7),
        ("hash", "0" * 64),
    ],
)
def test_changing_a_posted_entry_is_refused(posted, column, value):
    before = snapshot()

    sql = f"UPDATE ledger_journalentry SET {column} = %s WHERE id = %s"  # noqa: S608 (fixed names)
    code = attack((sql, [value, posted.pk]))

    assert code == "entry_immutable"
    assert snapshot() == before


def test_a_line_cannot_be_added_to_an_entry_once_it_is_checked_and_numbered(posted):
    # Same transaction as the posting (the test's), but after the commit-time checks ran.
    before = snapshot()

    code = attack(
        (
            "INSERT INTO ledger_journalline (entry_id, line_no, account_id, side, amount, currency_id,"
            " exchange_rate, base_amount, description) VALUES (%s, 3, %s, 'D', 5, 'USD', 1, 5, '')",
            [posted.pk, account_id("6400")],
        )
    )

    assert code == "entry_immutable"
    assert snapshot() == before


def test_a_posted_entry_cannot_be_given_its_number_by_hand_to_skip_the_commit_checks(books):
    before = snapshot()

    code = attack(
        new_entry(),
        new_line(1, "1120", "D", "100.00"),
        new_line(2, "4100", "C", "1.00"),
        ("UPDATE ledger_journalentry SET number = 99 WHERE id = currval('ledger_journalentry_id_seq')", []),
        immediate=True,
    )

    assert code in {"entry_immutable", "unbalanced_entry"}
    assert snapshot() == before


def test_a_draft_cannot_be_marked_reversed_without_ever_being_posted(books):
    with connections[ACME_ALIAS].cursor() as cursor:
        cursor.execute(*new_entry(status="draft"))
        cursor.execute(*new_line(1, "1120", "D", "100.00"))
        cursor.execute(*new_line(2, "4100", "C", "1.00"))
        cursor.execute("SELECT currval('ledger_journalentry_id_seq')")
        (draft_id,) = cursor.fetchone()
    before = snapshot()

    code = attack(("UPDATE ledger_journalentry SET status = 'reversed' WHERE id = %s", [draft_id]))

    assert code == "entry_immutable"
    assert snapshot() == before


def test_a_posted_entry_cannot_be_marked_reversed_without_a_reversal(posted):
    before = snapshot()

    code = attack(("UPDATE ledger_journalentry SET status = 'reversed' WHERE id = %s", [posted.pk]))

    assert code == "entry_immutable"
    assert snapshot() == before


# --- 1) a posted entry balances; 5) two lines or more ---------------------------------------------


def test_an_unbalanced_posted_entry_is_refused_at_commit(books):
    before = snapshot()

    code = attack(
        new_entry(), new_line(1, "1120", "D", "100.00"), new_line(2, "4100", "C", "99.99"), immediate=True
    )

    assert code == "unbalanced_entry"
    assert snapshot() == before


def test_an_entry_balanced_in_base_but_not_in_its_transaction_currency_is_refused(books):
    before = snapshot()

    code = attack(
        new_entry(),
        new_line(1, "1140", "D", "100.00", currency="EUR", base="110.00"),
        new_line(2, "4100", "C", "110.00"),
        immediate=True,
    )

    assert code == "unbalanced_entry"
    assert snapshot() == before


def test_an_entry_balanced_per_currency_but_not_in_base_is_refused(books):
    before = snapshot()

    code = attack(
        new_entry(),
        new_line(1, "1140", "D", "100.00", currency="EUR", base="110.00"),
        new_line(2, "3900", "C", "100.00", currency="EUR", base="109.00"),
        immediate=True,
    )

    assert code == "unbalanced_entry"
    assert snapshot() == before


def test_a_posted_entry_with_one_line_or_none_is_refused(books):
    before = snapshot()

    one = attack(new_entry(), new_line(1, "1120", "D", "100.00"), immediate=True)
    none = attack(new_entry(), immediate=True)

    assert one == none == "too_few_lines"
    assert snapshot() == before


def test_a_draft_posted_by_sql_is_still_checked_for_balance(books):
    with connections[ACME_ALIAS].cursor() as cursor:
        cursor.execute(*new_entry(status="draft"))
        cursor.execute(*new_line(1, "1120", "D", "100.00"))
        cursor.execute(*new_line(2, "4100", "C", "1.00"))
        cursor.execute("SELECT currval('ledger_journalentry_id_seq')")
        (draft_id,) = cursor.fetchone()
    before = snapshot()

    code = attack(
        ("UPDATE ledger_journalentry SET status = 'posted' WHERE id = %s", [draft_id]), immediate=True
    )

    assert code == "unbalanced_entry"
    assert snapshot() == before


@pytest.mark.parametrize("amount", ["0", "-5.00"])
def test_a_line_amount_must_be_positive(books, amount):
    before = snapshot()

    code = attack(new_entry(status="draft"), new_line(1, "1120", "D", amount))

    assert code is None  # a CHECK constraint, not a trigger: IntegrityError
    assert snapshot() == before


# --- 3) closed periods and inactive accounts ----------------------------------------------------


def test_inserting_a_posted_entry_into_a_closed_period_is_refused(books):
    period_close(period=period_for(DAY), actor=ALICE)
    before = snapshot()

    code = attack(new_entry(), new_line(1, "1120", "D", "5.00"), new_line(2, "4100", "C", "5.00"))

    assert code == "period_closed"
    assert snapshot() == before


def test_posting_a_draft_into_a_closed_period_by_sql_is_refused(books):
    with connections[ACME_ALIAS].cursor() as cursor:
        cursor.execute(*new_entry(status="draft"))
        cursor.execute(*new_line(1, "1120", "D", "5.00"))
        cursor.execute(*new_line(2, "4100", "C", "5.00"))
        cursor.execute("SELECT currval('ledger_journalentry_id_seq')")
        (draft_id,) = cursor.fetchone()
    period_close(period=period_for(DAY), actor=ALICE)
    before = snapshot()

    code = attack(("UPDATE ledger_journalentry SET status = 'posted' WHERE id = %s", [draft_id]))

    assert code == "period_closed"
    assert snapshot() == before


def test_an_entry_dated_outside_its_period_is_refused(books):
    before = snapshot()
    sql, params = new_entry()
    params[2] = date(2026, 4, 2)  # March's period, April's date

    code = attack((sql, params), new_line(1, "1120", "D", "5.00"), new_line(2, "4100", "C", "5.00"))

    assert code == "period_closed"
    assert snapshot() == before


def sqlstate(sql: str, params: Sequence[Any]) -> str:
    """The SQLSTATE of an integrity error raised by one statement run in a savepoint."""
    with (
        pytest.raises(IntegrityError) as info,
        transaction.atomic(using=ACME_ALIAS),
        connections[ACME_ALIAS].cursor() as cursor,
    ):
        cursor.execute(sql, params)
    return str(getattr(info.value.__cause__, "sqlstate", ""))


def test_a_draft_must_name_its_periods_fiscal_year(books):
    """No foreign key names an entry's year (0012_keys_by_trigger): the guard holds it to its period's, which
    exists, so a year that does not exist or is another one is refused as a key would refuse it."""
    other_year = period_for(date(2027, 3, 10)).fiscal_year_id
    with connections[ACME_ALIAS].cursor() as cursor:
        cursor.execute(*new_entry(status="draft"))
        cursor.execute("SELECT currval('ledger_journalentry_id_seq')")
        (draft_id,) = cursor.fetchone()
    before = snapshot()
    sql, params = new_entry(status="draft")

    for year in (other_year, 999_999):
        assert sqlstate(sql, [year, *params[1:]]) == "23503"
        moved = "UPDATE ledger_journalentry SET fiscal_year_id = %s WHERE id = %s"
        assert sqlstate(moved, [year, draft_id]) == "23503"
    assert snapshot() == before


def test_a_posted_entry_naming_another_fiscal_year_than_its_periods_is_refused(books):
    other_year = period_for(date(2027, 3, 10)).fiscal_year_id
    before = snapshot()
    sql, params = new_entry()

    for year in (other_year, 999_999):
        code = attack(
            (sql, [year, *params[1:]]), new_line(1, "1120", "D", "5.00"), new_line(2, "4100", "C", "5.00")
        )
        assert code == "period_closed"
    assert snapshot() == before


def test_a_period_cannot_move_to_another_fiscal_year(posted):
    """Its entries name its year: moved, they would name one that may then be deleted."""
    other_year = period_for(date(2027, 3, 10)).fiscal_year_id
    before = snapshot()

    code = attack(
        ("UPDATE ledger_fiscalperiod SET fiscal_year_id = %s WHERE id = %s", [other_year, posted.period_id])
    )

    assert code == "entry_immutable"
    assert snapshot() == before


# --- the keys of a line (checked by the line trigger since 0012) ----------------------------------


@pytest.mark.parametrize(
    ("column", "value"), [("entry_id", 999_999), ("account_id", 999_999), ("currency_id", "ZZZ")]
)
def test_a_line_naming_an_entry_account_or_currency_that_does_not_exist_is_refused(books, column, value):
    entry_sql, entry_params = new_entry(status="draft")
    with connections[ACME_ALIAS].cursor() as cursor:
        cursor.execute(entry_sql, entry_params)
    before = snapshot()
    sql, params = new_line(1, "1120", "D", "5.00")
    position = {"account_id": 1, "currency_id": 4}.get(column)
    if position is None:
        sql = sql.replace("currval('ledger_journalentry_id_seq')", "%s")
        params = [value, *params]
    else:
        params[position] = value

    assert sqlstate(sql, params) == "23503"
    assert snapshot() == before


def test_an_account_or_currency_a_line_names_cannot_be_deleted_or_change_its_key(posted):
    before = snapshot()

    for sql in (
        "DELETE FROM ledger_account WHERE code = '1120'",
        "UPDATE ledger_account SET id = id + 100000 WHERE code = '1120'",
        "DELETE FROM ledger_currency WHERE code = 'USD'",
        "UPDATE ledger_currency SET code = 'USX' WHERE code = 'USD'",
    ):
        assert sqlstate(sql, []) == "23503", sql
    assert snapshot() == before


def test_a_draft_with_lines_cannot_be_deleted_or_change_its_id_by_sql(books):
    with connections[ACME_ALIAS].cursor() as cursor:
        cursor.execute(*new_entry(status="draft"))
        cursor.execute(*new_line(1, "1120", "D", "5.00"))
        cursor.execute("SELECT currval('ledger_journalentry_id_seq')")
        (draft_id,) = cursor.fetchone()
    before = snapshot()

    assert sqlstate("DELETE FROM ledger_journalentry WHERE id = %s", [draft_id]) == "23503"
    moved = attack(("UPDATE ledger_journalentry SET id = id + 100000 WHERE id = %s", [draft_id]))
    assert moved == "entry_immutable"
    assert snapshot() == before


@pytest.mark.parametrize("status", ["draft", "posted"])
def test_an_entry_naming_a_period_that_does_not_exist_is_refused(books, status):
    """The entry guard checks the period's key (0012_keys_by_trigger), as the foreign key did."""
    before = snapshot()
    sql, params = new_entry(status=status)

    assert sqlstate(sql, [params[0], 999_999, *params[2:]]) == "23503"
    assert snapshot() == before


def test_a_period_that_entries_name_cannot_be_deleted_or_change_its_id(books):
    with connections[ACME_ALIAS].cursor() as cursor:
        cursor.execute(*new_entry(status="draft"))  # a draft names it too
    period = period_for(DAY)
    before = snapshot()

    assert sqlstate("DELETE FROM ledger_fiscalperiod WHERE id = %s", [period.pk]) == "23503"
    assert sqlstate("UPDATE ledger_fiscalperiod SET id = id + 100000 WHERE id = %s", [period.pk]) == "23503"
    assert snapshot() == before


def test_posting_to_an_inactive_account_by_sql_is_refused(books):
    account_deactivate(account=Account.objects.get(code="6400"), actor=ALICE)
    with connections[ACME_ALIAS].cursor() as cursor:
        cursor.execute(*new_entry(status="draft"))
        cursor.execute(*new_line(1, "6400", "D", "5.00"))
        cursor.execute(*new_line(2, "1120", "C", "5.00"))
        cursor.execute("SELECT currval('ledger_journalentry_id_seq')")
        (draft_id,) = cursor.fetchone()
    before = snapshot()

    inserted = attack(new_entry(), new_line(1, "6400", "D", "5.00"), new_line(2, "1120", "C", "5.00"))
    draft_posted = attack(("UPDATE ledger_journalentry SET status = 'posted' WHERE id = %s", [draft_id]))

    assert inserted == draft_posted == "account_inactive"
    assert snapshot() == before


def test_a_line_in_another_currency_than_its_account_takes_is_refused(books):
    Account.objects.filter(code="1140").update(currency_id="EUR")
    before = snapshot()

    code = attack(new_entry(status="draft"), new_line(1, "1140", "D", "5.00"))

    assert code == "account_currency_mismatch"
    assert snapshot() == before


# --- 5) amounts fit the currency's minor unit -------------------------------------------------------


@pytest.mark.parametrize(
    ("currency", "amount"),
    [("JPY", "100.5"), ("USD", "1.005"), ("BHD", "1.0005"), ("KWD", "0.0001")],
)
def test_a_line_with_more_decimals_than_its_currency_allows_is_refused(books, currency, amount):
    before = snapshot()

    code = attack(new_entry(status="draft"), new_line(1, "1140", "D", amount, currency=currency, base="1.00"))

    assert code == "amount_precision"
    assert snapshot() == before


@pytest.mark.parametrize(("currency", "amount"), [("JPY", "100"), ("BHD", "1.005"), ("KWD", "0.125")])
def test_a_line_at_its_currency_scale_is_accepted(books, currency, amount):
    with connections[ACME_ALIAS].cursor() as cursor:
        cursor.execute(*new_entry(status="draft"))
        cursor.execute(*new_line(1, "1140", "D", amount, currency=currency, base="1.00"))

    assert JournalLine.objects.filter(currency_id=currency, amount=Decimal(amount)).count() == 1


def test_a_base_amount_with_more_decimals_than_the_base_currency_is_refused(books):
    before = snapshot()

    code = attack(new_entry(status="draft"), new_line(1, "1140", "D", "5", currency="JPY", base="0.045"))

    assert code == "amount_precision"
    assert snapshot() == before


def test_a_draft_line_edited_to_too_many_decimals_cannot_slip_through_posting(books):
    with connections[ACME_ALIAS].cursor() as cursor:
        cursor.execute(*new_entry(status="draft"))
        cursor.execute(*new_line(1, "1140", "D", "100", currency="JPY", base="0.70"))
        cursor.execute(*new_line(2, "3900", "C", "100", currency="JPY", base="0.70"))
        cursor.execute("SELECT currval('ledger_journalentry_id_seq')")
        (draft_id,) = cursor.fetchone()
    before = snapshot()

    code = attack(
        ("UPDATE ledger_journalline SET amount = 100.5 WHERE entry_id = %s", [draft_id]),
        ("UPDATE ledger_journalentry SET status = 'posted' WHERE id = %s", [draft_id]),
        immediate=True,
    )

    assert code == "amount_precision"
    assert snapshot() == before


# --- the audit trail and the kept totals -------------------------------------------------------------


def test_the_audit_trail_refuses_update_and_delete(posted):
    before = snapshot()
    assert before["audit"], "posting records audit events"

    updated = attack(("UPDATE ledger_auditevent SET actor_name = 'mallory'", []))
    deleted = attack(("DELETE FROM ledger_auditevent", []))

    assert updated == deleted == "append_only"
    assert snapshot() == before


def test_the_year_head_moves_only_through_posting(posted):
    """A head moved by hand would make the next posting's number leave a gap."""
    before = snapshot()
    year = before["sequences"][0][0]

    updated = attack(("UPDATE ledger_entrysequence SET last_number = last_number + 5", []))
    deleted = attack(("DELETE FROM ledger_entrysequence", []))
    inserted = attack(
        (
            "INSERT INTO ledger_entrysequence (fiscal_year_id, last_number, last_hash) VALUES (%s, 0, '')",
            [year + 1],
        )
    )

    assert updated == deleted == inserted == "append_only"
    assert snapshot() == before
    assert chain_problems() == []


def test_the_kept_totals_change_only_through_posting(posted):
    before = snapshot()

    updated = attack(("UPDATE ledger_accountbalance SET debit = debit + 1, base_debit = base_debit + 1", []))
    deleted = attack(("DELETE FROM ledger_accountbalance", []))
    inserted = attack(
        (
            "INSERT INTO ledger_accountbalance (account_id, currency_id, date, debit, credit, base_debit,"
            " base_credit) VALUES (%s, 'USD', %s, 1, 0, 1, 0)",
            [account_id("6400"), DAY],
        )
    )

    assert updated == deleted == inserted == "append_only"
    assert snapshot() == before
    assert totals_problems() == []
    assert chain_problems() == []


# --- 6) gapless numbers -----------------------------------------------------------------------------


def test_an_entry_refused_at_commit_consumes_no_number(post):
    first = post(DAY, "1120", "4100", "1.00")
    attack(new_entry(), new_line(1, "1120", "D", "2.00"), new_line(2, "4100", "C", "1.00"), immediate=True)

    second = post(DAY, "1120", "4100", "3.00")

    assert (first.number, second.number) == (1, 2)
    assert second.prev_hash == first.hash
    assert chain_problems() == []


def test_a_tampered_line_is_caught_by_the_chain_check_when_triggers_are_bypassed(posted):
    # A superuser can switch triggers off; the hash chain still tells.
    with connections[ACME_ALIAS].cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            "UPDATE ledger_journalline SET amount = 1, base_amount = 1 WHERE entry_id = %s", [posted.pk]
        )
        cursor.execute("SET LOCAL session_replication_role = origin")

    assert chain_problems() == [f"{posted.fiscal_year}: entry {posted.pk} (no. 1) was changed after posting"]
    assert len(totals_problems()) == 2
