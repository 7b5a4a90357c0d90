"""Tampering by someone who got past the triggers (a superuser of the company's database), and
what verify_ledger still tells: each scenario fails the command with one readable line."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from ledger.models import JournalEntry
from tenants.testing import tenant_db

from .conftest import ACME_ALIAS

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


def as_superuser(*statements: str, params: list[int] | None = None) -> None:
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
def three(post) -> list[JournalEntry]:
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
