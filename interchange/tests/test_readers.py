"""The readers: Beancount (through the beancount package) and hledger / ledger-cli journals into
the neutral Book, without a database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from interchange.importing import read_book
from interchange.importing.book import Amount, BookError, Posting

BEANCOUNT = """\
option "operating_currency" "USD"
plugin "beancount.plugins.auto_accounts"

2024-01-01 open Assets:Bank USD
2024-01-01 open Assets:Broker
2024-01-01 open Equity:Opening
2024-01-01 open Income:Salary USD
2024-01-01 open Expenses:Food
2024-01-01 open Assets:Hours VACHR
2024-01-01 open Income:Hours VACHR
2024-01-01 commodity GLD

2024-01-02 * "Opening" #start ^open-1
  Assets:Bank  1000.00 USD
  Equity:Opening

2024-01-05 * "Shop" "Groceries"
  Expenses:Food  12.34 USD
  Assets:Bank

2024-01-06 * "Buy gold"
  Assets:Broker  2 GLD {100.50 USD}
  Assets:Bank  -201.00 USD

2024-01-07 * "Hours"
  Assets:Hours  5 VACHR
  Income:Hours  -5 VACHR

2024-01-08 price GLD 101.00 USD
2024-01-08 note Assets:Bank "called the bank"
2024-01-10 balance Assets:Bank  786.66 USD
2024-01-31 close Expenses:Food
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_beancount_accounts_transactions_prices_and_assertions_become_a_book(tmp_path):
    book = read_book("beancount", write(tmp_path, "books.beancount", BEANCOUNT))

    assert book.operating_currency == "USD"
    assert book.accounts["Assets:Bank"].type == "asset" and book.accounts["Assets:Bank"].currencies == (
        "USD",
    )
    assert book.accounts["Expenses:Food"].closed == date(2024, 1, 31)
    txns = list(book.transactions)
    assert [t.narration for t in txns] == ["Opening", "Groceries", "Buy gold", "Hours"]
    assert txns[0].tags == ("start",) and txns[0].links == ("open-1",)
    assert txns[1].payee == "Shop" and txns[1].where == "books.beancount:17"
    # The elided amount is filled in by Beancount's own booking.
    assert txns[1].postings[1] == Posting("Assets:Bank", Amount(Decimal("-12.34"), "USD"))
    gold = txns[2].postings[0]
    assert gold.cost == Amount(Decimal("100.50"), "USD") and gold.weight == Amount(Decimal("201.00"), "USD")
    assert [(p.date, p.commodity, p.amount) for p in book.prices] == [
        (date(2024, 1, 8), "GLD", Amount(Decimal("101.00"), "USD"))
    ]
    (assertion,) = book.assertions
    assert (assertion.as_of, assertion.account, assertion.amount) == (
        date(2024, 1, 9), "Assets:Bank", Amount(Decimal("786.66"), "USD")
    )  # fmt: skip
    kinds = {note["kind"]: note["count"] for note in book.notes.as_list()}
    assert kinds == {"ignored_commodity": 1, "ignored_note": 1}


def test_a_beancount_error_is_refused_with_its_line(tmp_path):
    path = write(
        tmp_path,
        "bad.beancount",
        '2024-01-01 open Assets:Bank USD\n\n2024-01-02 * "x"\n  Assets:Bank 1 USD\n  Assets:Other -2 USD\n',
    )

    with pytest.raises(BookError) as caught:
        read_book("beancount", path)

    assert caught.value.message.startswith("bad.beancount:3: ")


@pytest.mark.parametrize(
    "line", ['include "other.beancount"', 'plugin "os"', 'option "insert_pythonpath" "TRUE"']
)
def test_an_uploaded_beancount_file_may_not_read_files_or_import_code(tmp_path, line):
    path = write(tmp_path, "up.beancount", line + "\n2024-01-01 open Assets:Bank USD\n")

    with pytest.raises(BookError):
        read_book("beancount", path)


def test_an_operators_beancount_file_follows_its_includes(tmp_path):
    write(tmp_path, "accounts.beancount", "2024-01-01 open Assets:Bank USD\n2024-01-01 open Equity:Opening\n")
    main = write(
        tmp_path,
        "main.beancount",
        'include "accounts.beancount"\n2024-01-02 * "x"\n  Assets:Bank 5 USD\n  Equity:Opening\n',
    )

    book = read_book("beancount", main, trusted=True)

    assert set(book.accounts) == {"Assets:Bank", "Equity:Opening"} and len(list(book.transactions)) == 1


JOURNAL = """\
; a journal in the subset hledger and ledger-cli share
account Assets:Bank        ; type: A
account Savings:Pot        ; type: A
commodity $1,000.00
P 2024-01-01 EUR 1.10 USD

2024-01-02 * Opening balances
    Assets:Bank            $1,000.00
    Equity:Opening

2024-01-03 ! (INV-7) Shop | Groceries  ; trip:, food:
    Expenses:Food           12.34 EUR @ $1.10
    Assets:Bank            $-13.57 = $986.43

comment
2024-01-04 this is not read
end comment

2024-01-05 Move
    Savings:Pot              -$100 =* $-100
    [Assets:Bank]             $100
    (Budget:Food)             $-50

2024-01-06 Multi
    Assets:Bank             10 EUR
    Assets:Bank             -5 GBP
    Equity:Opening
"""


def test_a_journal_becomes_a_book_with_inferred_amounts_prices_and_assertions(tmp_path):
    book = read_book("ledger", write(tmp_path, "books.journal", JOURNAL))

    assert book.accounts["Savings:Pot"].type == "asset"
    assert [(p.date, p.commodity, p.amount) for p in book.prices] == [
        (date(2024, 1, 1), "EUR", Amount(Decimal("1.10"), "USD"))
    ]
    txns = list(book.transactions)
    assert [t.narration for t in txns] == ["Opening balances", "Groceries", "Move", "Multi"]
    assert txns[0].postings[1] == Posting("Equity:Opening", Amount(Decimal("-1000.00"), "USD"))
    shop = txns[1]
    assert (shop.payee, shop.status, shop.tags, shop.where) == (
        "Shop",
        "!",
        ("trip", "food"),
        "books.journal:11",
    )
    assert shop.postings[0].price == Amount(Decimal("1.10"), "USD")
    assert [p.account for p in txns[2].postings] == ["Savings:Pot", "Assets:Bank"]  # (virtual) left out
    assert {(p.account, p.units) for p in txns[3].postings[2:]} == {
        ("Equity:Opening", Amount(Decimal("-10"), "EUR")),
        ("Equity:Opening", Amount(Decimal("5"), "GBP")),
    }
    assert [(a.as_of, a.account, a.amount, a.inclusive) for a in book.assertions] == [
        (date(2024, 1, 3), "Assets:Bank", Amount(Decimal("986.43"), "USD"), False),
        (date(2024, 1, 5), "Savings:Pot", Amount(Decimal("-100"), "USD"), True),
    ]
    assert {n["kind"] for n in book.notes.as_list()} == {"virtual_posting"}


def test_reading_a_journal_twice_gives_the_same_transactions_and_notes_once(tmp_path):
    book = read_book("ledger", write(tmp_path, "books.journal", JOURNAL))

    assert list(book.transactions) == list(book.transactions)
    assert len(book.assertions) == 2 and book.notes.as_list()[0]["count"] == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "2024-01-02 x\n    A:B  $5\n    C:D  $-4\n",
            "j.journal:1: the transaction does not balance (off by 1 USD)",
        ),
        ("2024-13-02 x\n    A:B  $5\n    C:D\n", "j.journal:1: '2024-13-02' is not a date"),
        (
            "2024-01-02 x\n    A:B\n    C:D\n",
            "j.journal:3: only one posting of a transaction may leave out its amount",
        ),
        ("2024-01-02 x\n    A:B  $5\n    C:D  5 5\n", "j.journal:3: cannot read the amount '5 5'"),
        ("include other.journal\n", "j.journal:1: 'include' is not read; join the files into one"),
        (
            "2024-01-02 x\n    A:B  = $5\n    C:D\n",
            "j.journal:2: balance assignments (a posting with only '= AMOUNT') are not supported",
        ),
        ("= expr true\n    A:B  $1\n", "j.journal:1: automated transactions are not supported"),
        ("bogus directive\n", "j.journal:1: cannot read 'bogus' here"),
    ],
)
def test_a_journal_line_that_cannot_be_read_is_refused_with_its_number(tmp_path, text, message):
    path = write(tmp_path, "j.journal", text)

    with pytest.raises(BookError) as caught:
        list(read_book("ledger", path).transactions)

    assert caught.value.message == message
