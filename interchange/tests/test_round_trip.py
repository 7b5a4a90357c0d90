"""Beancount's own example ledger (made by the beancount package's generator) imported: at every
month-end, pyledger's balance of each account and currency equals Beancount's own at cost; then
exported back to Beancount, checked by its loader, with the same balances again."""

from __future__ import annotations

import io
import random
from calendar import monthrange
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import pytest
from beancount import loader
from beancount.core import convert, data, inventory
from beancount.scripts import example
from django.db import connections

from interchange.beancount_export import beancount_lines
from interchange.importing import import_book, read_book
from ledger.integrity import chain_problems, totals_problems
from tenants.routing.context import current_alias
from tenants.testing import tenant_db

from .conftest import ALICE

pytestmark = pytest.mark.slow  # generates and imports a year of books: about half a minute

CENT = Decimal("0.01")
START, END = date(2024, 1, 1), date(2024, 12, 31)


def month_ends() -> list[date]:
    return [date(START.year, m, monthrange(START.year, m)[1]) for m in range(1, 13)]


def beancount_balances(
    entries: Sequence[object], currencies: set[str]
) -> dict[date, dict[tuple[str, str], Decimal]]:
    """Beancount's balance of every account at each month-end, lots at cost, currencies only."""
    ends = month_ends()
    inventories: dict[str, inventory.Inventory] = defaultdict(inventory.Inventory)
    out: dict[date, dict[tuple[str, str], Decimal]] = {}
    txns = [e for e in entries if isinstance(e, data.Transaction)]
    i = 0
    for end in ends:
        while i < len(txns) and txns[i].date <= end:
            for posting in txns[i].postings:
                inventories[posting.account].add_position(posting)
            i += 1
        at_cost: dict[tuple[str, str], Decimal] = {}
        for account, held in inventories.items():
            for position in held.reduce(convert.get_cost):
                if position.units.currency in currencies and position.units.number:
                    at_cost[(account, position.units.currency)] = position.units.number.quantize(CENT)
        out[end] = at_cost
    return out


def pyledger_balances(as_of: date) -> dict[tuple[str, str], Decimal]:
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(
            "SELECT a.code, b.currency_id, sum(b.debit - b.credit) FROM ledger_accountbalance b"
            " JOIN ledger_account a ON a.id = b.account_id WHERE b.date <= %s AND a.code LIKE '%%:%%'"
            " GROUP BY a.code, b.currency_id",
            [as_of],
        )
        return {(code, cur): amount for code, cur, amount in cursor.fetchall() if amount}


@tenant_db
def test_beancounts_example_ledger_imports_with_every_month_end_balance_equal(books, tmp_path):
    random.seed(7)  # the generator draws from the global generator
    text = io.StringIO()
    example.write_example_file(date(1980, 5, 12), START, END, True, text)
    path = tmp_path / "example.beancount"
    path.write_text(text.getvalue(), encoding="utf-8")
    entries, errors, _ = loader.load_file(str(path))
    assert errors == []

    report = import_book(book=read_book("beancount", path), actor=ALICE)

    assert report.created > 300 and report.ok, [row for row in report.balances if row.difference]
    assert report.assertions and all(a.ok for a in report.assertions)
    kinds = {note["kind"] for note in report.notes}
    assert {"held_at_cost", "not_a_currency", "price_not_a_rate"} <= kinds
    expected = beancount_balances(entries, {"USD"})
    for end in month_ends():
        assert pyledger_balances(end) == expected[end], end
    assert chain_problems() == totals_problems() == []
    again = import_book(book=read_book("beancount", path), actor=ALICE)
    assert again.created == 0 and again.skipped == report.created

    # ...and exported back: bean-check accepts the file, and its balances are the original's.
    exported, errors, _ = loader.load_string("".join(beancount_lines(title="Round trip")))
    assert errors == [], [str(e) for e in errors[:5]]
    codes = {e.account: e.meta["code"] for e in exported if isinstance(e, data.Open)}
    assert all(
        name == code for name, code in codes.items() if ":" in code
    )  # the names come back as they were
    back = beancount_balances(exported, {"USD"})
    for end in month_ends():  # the source's accounts (pyledger's own, e.g. 3900 for rounding, aside)
        kept = {(codes[name], cur): n for (name, cur), n in back[end].items() if ":" in codes[name]}
        assert kept == expected[end], end
