"""Tampering by someone who got past the triggers (a superuser of the company's database), and
what verify_ledger still tells: each scenario fails the command with one readable line."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from common.models import ChainCheckpoint
from ledger.checkpoints import take_checkpoints
from ledger.integrity import CANONICAL_SQL
from ledger.models import FiscalYear, JournalEntry
from ledger.services.closing import fiscal_year_close
from ledger.services.entries import LineInput, journal_entry_create, journal_entry_reverse
from ledger.services.rates import tax_lines
from tenants.testing import tenant_db

from .conftest import ACME_ALIAS, ALICE, Post

pytestmark = tenant_db

DAY = date(2026, 3, 10)

# What a superuser runs to make the kept totals agree with the lines again.
REBUILD_TOTALS = """
DELETE FROM ledger_accountbalance;
INSERT INTO ledger_accountbalance (account_id, currency_id, date, debit, credit, base_debit, base_credit)
SELECT l.account_id, l.currency_id, e.date,
       coalesce(sum(l.amount) FILTER (WHERE l.side = 'D'), 0),
       coalesce(sum(l.amount) FILTER (WHERE l.side = 'C'), 0),
       coalesce(sum(l.base_amount) FILTER (WHERE l.side = 'D'), 0),
       coalesce(sum(l.base_amount) FILTER (WHERE l.side = 'C'), 0)
  FROM ledger_journalline l JOIN ledger_journalentry e ON e.id = l.entry_id
 WHERE e.status IN ('posted', 'reversed')
 GROUP BY l.account_id, l.currency_id, e.date;
"""


def as_superuser(*statements: str, params: list[int | str] | None = None) -> None:
    """Run statements with every trigger switched off, as a superuser can."""
    with connections[ACME_ALIAS].cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for statement in statements:
            cursor.execute(statement, params)
        cursor.execute("SET LOCAL session_replication_role = origin")


def verify() -> tuple[list[str], CommandError | None]:
    out = StringIO()
    try:
        call_command("verify_ledger", "acme", stdout=out)
    except CommandError as exc:
        return out.getvalue().splitlines(), exc
    return out.getvalue().splitlines(), None


@pytest.fixture
def three(post: Post) -> list[JournalEntry]:
    return [post(DAY, "1120", "4100", amount) for amount in ("10.00", "20.00", "30.00")]


def test_clean_books_verify_ok(three):
    lines, error = verify()

    assert error is None
    assert lines == ["acme: ok"]


def test_deleting_the_last_entry_is_caught_by_the_chain_head(three):
    last = three[-1]
    as_superuser(
        "DELETE FROM ledger_journalline WHERE entry_id = %s",
        "DELETE FROM ledger_auditevent WHERE object_type = 'journalentry' AND object_id = %s::text",
        "DELETE FROM ledger_journalentry WHERE id = %s",
        params=[last.pk],
    )
    as_superuser(REBUILD_TOTALS)

    lines, error = verify()

    assert error is not None and str(error) == "1 of 1 companies failed verification."
    assert lines == [
        "acme: 1 problem(s)",
        f"  {last.fiscal_year}: the chain's head is entry no. 3 but the last entry is no. 2: "
        "entries were removed or added behind the sequence's back",
    ]


def rehash_from(entry: JournalEntry) -> None:
    """Recompute the hash of `entry` and of every later entry of its year, and the year's head, as
    someone covering a rewrite would."""
    with connections[ACME_ALIAS].cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            "SELECT id FROM ledger_journalentry WHERE fiscal_year_id = %s AND number >= %s ORDER BY number",
            [entry.fiscal_year_id, entry.number],
        )
        later = [row[0] for row in cursor.fetchall()]
        previous = entry.prev_hash
        for entry_id in later:
            cursor.execute(
                "UPDATE ledger_journalentry SET prev_hash = %s,"
                " hash = encode(sha256(convert_to(%s || '|' || ledger_entry_canonical(id), 'UTF8')), 'hex')"
                " WHERE id = %s RETURNING hash",
                [previous, previous, entry_id],
            )
            (previous,) = cursor.fetchone()
        cursor.execute(
            "UPDATE ledger_entrysequence SET last_hash = %s WHERE fiscal_year_id = %s",
            [previous, entry.fiscal_year_id],
        )
        cursor.execute("SET LOCAL session_replication_role = origin")


def checkpoint() -> list[ChainCheckpoint]:
    result = take_checkpoints("acme")
    assert result.problems == []
    return result.recorded


def test_checkpointed_books_verify_ok(three):
    (mark,) = checkpoint()

    lines, error = verify()

    assert error is None
    assert lines == ["acme: ok"]
    assert (mark.fiscal_year, mark.last_number, mark.head_hash) == ("FY2026", 3, three[-1].hash)
    assert mark.entry_count == 3
    assert mark.totals == {"debit": "60.0000", "credit": "60.0000"}


def test_rewriting_an_entry_and_recomputing_the_chain_is_caught_by_the_checkpoint(post):
    post(DAY, "1120", "4100", "10.00")
    checkpoint()
    second, _ = post(DAY, "1120", "4100", "20.00"), post(DAY, "1120", "4100", "30.00")
    (mark,) = checkpoint()
    as_superuser(
        "UPDATE ledger_journalline SET amount = 2, base_amount = 2 WHERE entry_id = %s", params=[second.pk]
    )
    as_superuser(REBUILD_TOTALS)
    rehash_from(second)

    lines, error = verify()

    assert error is not None and str(error) == "1 of 1 companies failed verification."
    assert lines == [
        "acme: 1 problem(s)",
        f"  FY2026: entry no. 3 is not the one the schedule checkpoint of {mark.taken_at:%Y-%m-%d %H:%M} UTC "
        "recorded: entries no. 2-3 were rewritten and the chain recomputed",
    ]


def test_truncating_the_chain_below_a_checkpoint_is_caught(three):
    (mark,) = checkpoint()
    as_superuser(
        "DELETE FROM ledger_journalline WHERE entry_id = %s",
        "DELETE FROM ledger_journalentry WHERE id = %s",
        params=[three[2].pk],
    )
    as_superuser(
        "UPDATE ledger_entrysequence SET last_number = 2, last_hash = %s WHERE fiscal_year_id = %s",
        params=[three[1].hash, three[1].fiscal_year_id],
    )
    as_superuser(REBUILD_TOTALS)

    lines, error = verify()

    assert error is not None
    assert lines == [
        "acme: 1 problem(s)",
        f"  FY2026: entry no. 3 is gone (the year now ends at no. 2), but the schedule checkpoint of "
        f"{mark.taken_at:%Y-%m-%d %H:%M} UTC recorded it: entries were cut off the end",
    ]


def test_checkpoint_ledgers_records_new_heads_only_and_refuses_to_record_over_a_rewrite(post, three):
    out = StringIO()
    call_command("checkpoint_ledgers", "acme", stdout=out)
    call_command("checkpoint_ledgers", "acme", stdout=out)
    post(DAY, "1120", "4100", "40.00")
    call_command("checkpoint_ledgers", "acme", stdout=out)
    assert out.getvalue().splitlines() == ["acme: FY2026 no. 3", "acme: no new entries", "acme: FY2026 no. 4"]

    as_superuser("UPDATE ledger_journalentry SET memo = 'x' WHERE id = %s", params=[three[0].pk])
    rehash_from(three[0])
    out = StringIO()
    with pytest.raises(CommandError) as info:
        call_command("checkpoint_ledgers", "acme", stdout=out)

    assert str(info.value) == "1 of 1 companies contradict an earlier checkpoint; run verify_ledger."
    assert out.getvalue().splitlines()[0] == "acme: no new entries"
    assert "entries no. 1-3 were rewritten" in out.getvalue().splitlines()[1]
    assert list(ChainCheckpoint.objects.values_list("last_number", flat=True)) == [3, 4]


def test_a_year_end_close_checkpoints_the_closed_years_head(post, django_capture_on_commit_callbacks):
    post(DAY, "1120", "4100", "10.00")
    year = FiscalYear.objects.get()

    with django_capture_on_commit_callbacks(using=ACME_ALIAS, execute=True):
        closing = fiscal_year_close(year=year, actor=ALICE)

    assert closing is not None
    mark = ChainCheckpoint.objects.get(fiscal_year_id=year.pk)
    assert (mark.reason, mark.last_number, mark.head_hash) == ("year-close", 2, closing.hash)


def test_the_chain_check_reads_each_entry_as_the_posting_trigger_hashed_it(post):
    # verify_ledger builds the canonical text of every entry in one query; the trigger hashes
    # ledger_entry_canonical(id). Entries with every optional part: tax code, foreign currency,
    # a rate, a reversal, a memo with separators in it.
    lines, gross = tax_lines(
        account="4100", net="100.00", tax_code="NY-SALES", side="C", currency="USD", day=DAY
    )
    journal_entry_create(
        date=DAY,
        lines=[LineInput(account="1200", debit=gross), *lines],
        actor=ALICE,
        post=True,
        memo="a|b:c;d",
    )
    journal_entry_create(
        date=DAY,
        lines=[
            {"account": "1140", "debit": "200.00", "currency": "EUR", "exchange_rate": "1.0857"},
            {"account": "3900", "credit": "200.00", "currency": "EUR", "exchange_rate": "1.0857"},
            {"account": "3900", "debit": "217.14"},
            {"account": "4200", "credit": "217.14"},
        ],
        actor=ALICE,
        post=True,
    )
    journal_entry_reverse(entry=post(DAY, "6400", "1120", "5.00"), actor=ALICE)

    with connections[ACME_ALIAS].cursor() as cursor:
        cursor.execute(f"SELECT c.id, c.canonical, ledger_entry_canonical(c.id) FROM ({CANONICAL_SQL}) c")  # noqa: S608
        rows = cursor.fetchall()

    assert len(rows) == 4
    assert [(entry, ours) for entry, ours, _ in rows] == [(entry, theirs) for entry, _, theirs in rows]


@pytest.mark.django_db
def test_verify_ledger_goes_on_past_a_company_it_cannot_read():
    out = StringIO()

    with pytest.raises(CommandError) as info:
        call_command("verify_ledger", "nobody", "nobody-either", stdout=out)

    assert [line.split(":")[0] for line in out.getvalue().splitlines()] == ["nobody", "nobody-either"]
    assert "FAILED" in out.getvalue()
    assert str(info.value) == "2 of 2 companies failed verification."
