"""import_book: a Book written into a company's books, idempotently, with its report."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from interchange.importing import ImportReport, import_book, read_book, render_report
from interchange.importing.service import ImportFailed
from ledger.errors import PeriodClosed
from ledger.integrity import chain_problems, totals_problems
from ledger.models import Account, ExchangeRate, JournalEntry, JournalLine
from ledger.services.entries import journal_entry_create
from ledger.services.periods import period_close, period_for
from ledger.services.rates import exchange_rate_set
from tenants.testing import tenant_db

from .conftest import ALICE
from .test_readers import BEANCOUNT, write

JOURNAL = """\
P 2024-01-01 EUR 1.10 USD

2024-01-02 * Opening
    Assets:Bank            $1,000.00
    Equity:Opening

2024-01-03 Change money
    Assets:Bank            $-110.00
    Assets:Euro             100.00 EUR @ $1.10

2024-01-04 Coffee in Paris
    Expenses:Food            3.00 EUR
    Assets:Euro             -3.00 EUR = 97.00 EUR

2024-01-04 Coffee in Paris
    Expenses:Food            3.00 EUR
    Assets:Euro             -3.00 EUR
"""


def balances(report: ImportReport) -> dict[tuple[str, str], tuple[Decimal, Decimal]]:
    return {(row.account, row.currency): (row.source, row.pyledger) for row in report.balances}


@tenant_db
def test_a_beancount_book_becomes_accounts_and_entries_with_its_balances_equal(books, tmp_path):
    book = read_book("beancount", write(tmp_path, "books.beancount", BEANCOUNT))

    report = import_book(book=book, actor=ALICE)

    assert (report.transactions, report.created, report.skipped, report.left_out) == (4, 3, 0, 1)
    bank = Account.objects.get(code="Assets:Bank")
    assert (bank.name, bank.type, bank.parent_id, bank.currency_id) == (
        "Bank", "asset", Account.objects.get(code="Assets").pk, "USD"
    )  # fmt: skip
    assert Account.objects.get(code="Expenses:Food").is_active is False  # closed in the source
    opening = JournalEntry.objects.get(memo="Opening #start ^open-1")
    assert opening.reference == "^open-1" and str(opening.idempotency_key).startswith("beancount:")
    gold = JournalLine.objects.get(account__code="Assets:Broker")
    assert (gold.side, gold.amount, gold.currency_id) == ("D", Decimal("201.00"), "USD")
    assert JournalEntry.objects.get(memo="Shop | Groceries").lines.count() == 2
    assert [(a.account, a.expected, a.actual) for a in report.assertions] == [
        ("Assets:Bank", Decimal("786.66"), Decimal("786.66"))
    ]
    assert report.ok and balances(report)[("Assets:Bank", "USD")] == (Decimal("786.66"), Decimal("786.66"))
    kinds = {note["kind"] for note in report.notes}
    assert {"held_at_cost", "not_a_currency", "left_out", "price_not_a_rate", "closed_account"} <= kinds
    assert chain_problems() == totals_problems() == []
    assert "Balances equal the source's." in render_report(report)


@tenant_db
def test_importing_the_same_file_again_adds_nothing(books, tmp_path):
    path = write(tmp_path, "books.beancount", BEANCOUNT)
    import_book(book=read_book("beancount", path), actor=ALICE)
    count = JournalEntry.objects.count()

    again = import_book(book=read_book("beancount", path), actor=ALICE)

    assert (again.created, again.skipped, again.accounts_created) == (0, 3, [])
    assert JournalEntry.objects.count() == count and again.ok


@tenant_db
def test_foreign_currency_goes_through_the_trading_account_at_the_sources_rates(books, tmp_path):
    book = read_book("ledger", write(tmp_path, "books.journal", JOURNAL))

    report = import_book(book=book, actor=ALICE, batch_size=2)

    assert (report.created, report.rates_set) == (4, 2)  # two identical coffees: two entries
    # The P directive's rate, and the day's rate of the change of money (`@ $1.10`).
    rates = (
        ExchangeRate.objects.filter(currency_id="EUR", date__year=2024)
        .order_by("date")
        .values_list("date", "rate")
    )
    assert list(rates) == [(date(2024, 1, 1), Decimal("1.1")), (date(2024, 1, 3), Decimal("1.1"))]
    change = JournalEntry.objects.get(memo="Change money")
    lines = sorted(change.lines.values_list("account__code", "side", "amount", "currency_id", "base_amount"))
    assert lines == [
        ("3900", "C", Decimal("100.00"), "EUR", Decimal("110.00")),
        ("3900", "D", Decimal("110.00"), "USD", Decimal("110.00")),
        ("Assets:Bank", "C", Decimal("110.00"), "USD", Decimal("110.00")),
        ("Assets:Euro", "D", Decimal("100.00"), "EUR", Decimal("110.00")),
    ]
    assert balances(report)[("Assets:Euro", "EUR")] == (Decimal("94.00"), Decimal("94.00"))
    assert report.ok and [a.ok for a in report.assertions] == [True]


@tenant_db
def test_an_assertion_the_books_do_not_meet_is_reported(books, tmp_path):
    journal = JOURNAL.replace("= 97.00 EUR", "= 98.00 EUR")
    book = read_book("ledger", write(tmp_path, "books.journal", journal))

    report = import_book(book=book, actor=ALICE)

    (failed,) = report.failed_assertions
    # 98.00 after the first coffee is 95.00 at the end of the day, after the second.
    assert (failed.account, failed.expected, failed.actual) == (
        "Assets:Euro",
        Decimal("95.00"),
        Decimal("94.00"),
    )
    assert failed.where == "books.journal:13"
    assert not report.ok and report.as_dict()["assertions"]["failed"][0]["difference"] == "-1.00"


@tenant_db
def test_transactions_in_closed_periods_refuse_the_whole_import_with_their_list(books, tmp_path):
    journal_entry_create(
        date=date(2024, 1, 2), actor=ALICE, post=True,
        lines=[{"account": "1120", "debit": "1.00"}, {"account": "4100", "credit": "1.00"}],
    )  # fmt: skip
    period_close(period=period_for(date(2024, 1, 2)), actor=ALICE)
    book = read_book("ledger", write(tmp_path, "books.journal", JOURNAL))

    with pytest.raises(PeriodClosed) as caught:
        import_book(book=book, actor=ALICE)

    assert caught.value.message.startswith(
        "4 transaction(s) fall in closed periods: 2024-01-02 books.journal:3, "
    )
    assert not Account.objects.filter(code="Assets:Euro").exists() and JournalEntry.objects.count() == 1


@tenant_db
def test_a_refused_transaction_names_its_place_in_the_source(books, tmp_path):
    journal = JOURNAL + "\n2024-01-09 Yen\n    Assets:Bank  100 JPY\n    Equity:Opening\n"  # no JPY rate

    with pytest.raises(ImportFailed) as caught:
        import_book(
            book=read_book("ledger", write(tmp_path, "books.journal", journal)), actor=ALICE, batch_size=1
        )

    assert JournalEntry.objects.count() == 4  # the batches before it
    assert caught.value.message.startswith("books.journal:19 (lines[0].exchange_rate): ")
    assert "importing it again adds only what is missing" in caught.value.message
    # After a fix (here: the missing rate), running it again adds only what is missing.
    exchange_rate_set(currency="JPY", day=date(2024, 1, 9), rate="0.0068", actor=ALICE)
    again = import_book(book=read_book("ledger", write(tmp_path, "books.journal", journal)), actor=ALICE)
    assert (again.created, again.skipped, again.accounts_created) == (1, 4, [])
    assert JournalEntry.objects.count() == 5 and again.ok


def test_readers_need_no_database(tmp_path: Path) -> None:
    assert len(list(read_book("ledger", write(tmp_path, "j.journal", JOURNAL)).transactions)) == 4
