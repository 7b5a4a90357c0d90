"""GnuCash books read into the neutral Book: an SQLite book written by piecash (GnuCash's own
schema), a small XML book written by hand (compressed and not), and files that are refused."""

from __future__ import annotations

import gzip
import re
import shutil
import sqlite3
import warnings
from contextlib import closing
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from interchange.importing.book import BookError
from interchange.importing.gnucash import read_gnucash
from interchange.models import BookImport
from ledger.models import Account, JournalEntry, JournalLine
from ledger.reports import account_balances
from tenants.testing import tenant_db


@pytest.fixture(scope="module")
def sqlite_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """USD book: salary into checking, 100 EUR bought for 110 USD, 10 ACME shares for 500 USD,
    an EUR price; Assets is a placeholder parent. Written once (0.5 s with piecash): the tests
    only read it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # piecash's SQLAlchemy 1.4 deprecation noise
        import piecash

        path = tmp_path_factory.mktemp("gnucash") / "books.gnucash"
        book = piecash.create_book(sqlite_file=str(path), currency="USD")
        usd = book.default_currency
        eur = piecash.factories.create_currency_from_ISO("EUR")
        acme = piecash.Commodity(namespace="NASDAQ", mnemonic="ACME", fullname="Acme Inc", fraction=1)
        book.add(eur)
        book.add(acme)
        assets = piecash.Account("Assets", "ASSET", usd, parent=book.root_account, placeholder=True)
        checking = piecash.Account("Checking", "BANK", usd, parent=assets, description="Main account")
        cash = piecash.Account("Euro cash", "CASH", eur, parent=assets)
        shares = piecash.Account("Acme shares", "STOCK", acme, parent=assets)
        card = piecash.Account("Card", "CREDIT", usd, parent=book.root_account)
        salary = piecash.Account("Salary", "INCOME", usd, parent=book.root_account)
        book.save()
        piecash.Transaction(usd, "Pay", num="7", post_date=date(2026, 1, 5), splits=[
            piecash.Split(checking, Decimal("2500.50"), memo="January"),
            piecash.Split(salary, Decimal("-2500.50")),
        ])  # fmt: skip
        piecash.Transaction(usd, "Euros", post_date=date(2026, 1, 6), splits=[
            piecash.Split(cash, value=Decimal("110"), quantity=Decimal("100")),
            piecash.Split(card, Decimal("-110")),
        ])  # fmt: skip
        piecash.Transaction(usd, "Shares", post_date=date(2026, 1, 7), splits=[
            piecash.Split(shares, value=Decimal("500"), quantity=Decimal("10")),
            piecash.Split(checking, Decimal("-500")),
        ])  # fmt: skip
        piecash.Price(commodity=eur, currency=usd, date=date(2026, 1, 6), value=Decimal("1.1"))
        book.save()
        book.close()
    return path


def test_an_sqlite_book_gives_its_accounts_with_full_names_and_types(sqlite_book):
    book = read_gnucash(sqlite_book)
    assert book.format == "gnucash"
    types = {name: info.type for name, info in book.accounts.items()}
    assert types == {
        "Assets": "asset",
        "Assets:Checking": "asset",
        "Assets:Euro cash": "asset",
        "Assets:Acme shares": "asset",
        "Card": "liability",
        "Salary": "income",
    }
    assert book.accounts["Assets:Euro cash"].currencies == ("EUR",)
    assert book.accounts["Assets:Checking"].description == "Main account"


def test_an_sqlite_books_splits_become_signed_postings(sqlite_book):
    book = read_gnucash(sqlite_book)
    pay, euros, shares = list(book)
    assert pay.date == date(2026, 1, 5) and pay.narration == "Pay (no. 7)" and len(pay.source_id) == 32
    assert {(p.account, p.units.number, p.units.commodity, p.memo) for p in pay.postings} == {
        ("Assets:Checking", Decimal("2500.50"), "USD", "January"),
        ("Salary", Decimal("-2500.50"), "USD", ""),
    }
    eur = next(p for p in euros.postings if p.account == "Assets:Euro cash")
    assert (eur.units.number, eur.units.commodity) == (Decimal("100"), "EUR")
    assert eur.price is not None and (eur.price.number, eur.price.commodity) == (Decimal("1.1"), "USD")
    assert eur.weight.number == Decimal("110")
    stock = next(p for p in shares.postings if p.account == "Assets:Acme shares")
    assert (stock.units.number, stock.units.commodity) == (Decimal("500"), "USD")
    assert [note["kind"] for note in book.notes.as_list()] == ["security_at_value"]
    prices = {(p.date, p.commodity, p.amount.number, p.amount.commodity) for p in book.prices}
    assert prices == {  # the share price is the one piecash (like GnuCash) records with the purchase
        (date(2026, 1, 6), "EUR", Decimal("1.1"), "USD"),
        (date(2026, 1, 7), "ACME", Decimal("50"), "USD"),
    }


def test_the_transactions_can_be_read_again(sqlite_book):
    book = read_gnucash(sqlite_book)
    first = [t.source_id for t in book]
    assert first == [t.source_id for t in book] and len(first) == 3


NAMES = ["book", "root", "assets", "checking", "food", "equity", "template-root", "template", "txn1", "txn2"]
GUIDS = {name: f"{i:032x}" for i, name in enumerate([*NAMES, "sx-txn"], 1)}


def xml_book() -> bytes:
    g = GUIDS

    def account(name: str, kind: str, guid: str, parent: str | None, currency: str = "EUR") -> str:
        parent_tag = f'<act:parent type="guid">{parent}</act:parent>' if parent else ""
        return (
            f'<gnc:account version="2.0.0"><act:name>{name}</act:name><act:id type="guid">{guid}</act:id>'
            f"<act:type>{kind}</act:type><act:commodity><cmdty:space>CURRENCY</cmdty:space>"
            f"<cmdty:id>{currency}</cmdty:id></act:commodity><act:commodity-scu>100</act:commodity-scu>"
            f"{parent_tag}</gnc:account>"
        )

    def transaction(guid: str, day: str, text: str, *splits: tuple[str, str]) -> str:
        parts = "".join(
            f'<trn:split><split:id type="guid">{guid[:-1]}{i}</split:id><split:reconciled-state>n'
            f"</split:reconciled-state><split:value>{value}</split:value><split:quantity>{value}"
            f'</split:quantity><split:account type="guid">{account}</split:account></trn:split>'
            for i, (account, value) in enumerate(splits)
        )
        return (
            f'<gnc:transaction version="2.0.0"><trn:id type="guid">{guid}</trn:id><trn:currency>'
            f"<cmdty:space>CURRENCY</cmdty:space><cmdty:id>EUR</cmdty:id></trn:currency>"
            f"<trn:date-posted><ts:date>{day} 10:59:00 +0000</ts:date></trn:date-posted>"
            f"<trn:date-entered><ts:date>{day} 12:00:00 +0000</ts:date></trn:date-entered>"
            f"<trn:description>{text}</trn:description><trn:splits>{parts}</trn:splits></gnc:transaction>"
        )

    namespaces = " ".join(
        f'xmlns:{p}="http://www.gnucash.org/XML/{p}"'
        for p in ("gnc", "act", "book", "cd", "cmdty", "price", "slot", "split", "sx", "trn", "ts", "lot")
    )
    return (
        f'<?xml version="1.0" encoding="utf-8" ?>\n<gnc-v2 {namespaces}>'
        '<gnc:count-data cd:type="book">1</gnc:count-data><gnc:book version="2.0.0">'
        f'<book:id type="guid">{g["book"]}</book:id>'
        '<gnc:commodity version="2.0.0"><cmdty:space>CURRENCY</cmdty:space><cmdty:id>EUR</cmdty:id>'
        "</gnc:commodity>"
        '<gnc:pricedb version="1"><price><price:id type="guid">' + "f" * 32 + "</price:id>"
        "<price:commodity><cmdty:space>CURRENCY</cmdty:space><cmdty:id>USD</cmdty:id></price:commodity>"
        "<price:currency><cmdty:space>CURRENCY</cmdty:space><cmdty:id>EUR</cmdty:id></price:currency>"
        "<price:time><ts:date>2026-02-01 10:59:00 +0000</ts:date></price:time>"
        "<price:value>92/100</price:value></price></gnc:pricedb>"
        + account("Root Account", "ROOT", g["root"], None)
        + account("Assets", "ASSET", g["assets"], g["root"])
        + account("Girokonto", "BANK", g["checking"], g["assets"])
        + account("Lebensmittel &amp; Café", "EXPENSE", g["food"], g["root"])
        + account("Anfangsbestand", "EQUITY", g["equity"], g["root"])
        + transaction(
            g["txn1"], "2026-01-01", "Opening", (g["checking"], "100000/100"), (g["equity"], "-100000/100")
        )
        + transaction(
            g["txn2"],
            "2026-02-03",
            "Markt &amp; Bäcker",
            (g["food"], "1234/100"),
            (g["checking"], "-1234/100"),
        )
        + "<gnc:template-transactions>"
        + account("Template Root", "ROOT", g["template-root"], None)
        + account(g["checking"], "BANK", g["template"], g["template-root"])
        + transaction(g["sx-txn"], "2026-03-01", "Rent", (g["template"], "0/1"), (g["template"], "0/1"))
        + "</gnc:template-transactions>"
        + f'<gnc:schedxaction version="2.0.0"><sx:id type="guid">{g["sx-txn"]}</sx:id><sx:name>Rent</sx:name>'
        "</gnc:schedxaction></gnc:book></gnc-v2>"
    ).encode()


@pytest.mark.parametrize("compressed", [True, False])
def test_an_xml_book_compressed_or_not_gives_accounts_transactions_and_prices(tmp_path, compressed):
    path = tmp_path / "books.gnucash"
    path.write_bytes(gzip.compress(xml_book()) if compressed else xml_book())
    book = read_gnucash(path)
    assert {name: info.type for name, info in book.accounts.items()} == {
        "Assets": "asset",
        "Assets:Girokonto": "asset",
        "Lebensmittel & Café": "expense",
        "Anfangsbestand": "equity",
    }
    opening, shopping = list(book)
    assert opening.source_id == GUIDS["txn1"] and opening.date == date(2026, 1, 1)
    assert shopping.narration == "Markt & Bäcker"
    assert {(p.account, p.units.number, p.units.commodity) for p in shopping.postings} == {
        ("Lebensmittel & Café", Decimal("12.34"), "EUR"),
        ("Assets:Girokonto", Decimal("-12.34"), "EUR"),
    }
    assert [(p.commodity, p.amount.number, p.amount.commodity) for p in book.prices] == [
        ("USD", Decimal("0.92"), "EUR")
    ]
    notes = {note["kind"]: note["count"] for note in book.notes.as_list()}
    assert notes == {"scheduled_transactions": 1}
    assert [t.source_id for t in book] == [GUIDS["txn1"], GUIDS["txn2"]]  # read again, templates left out


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE gnc-v2 [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<gnc-v2><gnc:book>&b;</gnc:book></gnc-v2>"""


@pytest.mark.parametrize(
    "content, message",
    [
        (BILLION_LAUGHS, "declares a DOCTYPE"),
        (gzip.compress(BILLION_LAUGHS), "declares a DOCTYPE"),
        (gzip.compress(xml_book())[:200], "cannot be read"),
        (xml_book()[:300], "malformed or truncated"),
        (b"date,amount\n2026-01-01,5\n", "not a GnuCash book"),
        (b'<?xml version="1.0"?><ledger/>', "not a GnuCash book"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "GnuCash"),
    ],
    ids=[
        "entities",
        "compressed-entities",
        "truncated-gzip",
        "truncated-xml",
        "csv",
        "other-xml",
        "bad-sqlite",
    ],
)
def test_files_that_are_no_gnucash_book_are_refused_in_one_line(tmp_path, content, message):
    path = tmp_path / "upload.gnucash"
    path.write_bytes(content)
    with pytest.raises(BookError, match=message) as caught:
        book = read_gnucash(path, name="upload.gnucash")
        list(book)
    assert str(caught.value).startswith("upload.gnucash") and "\n" not in str(caught.value)


@tenant_db
def test_import_books_brings_a_gnucash_book_in_once(books, sqlite_book):
    out = StringIO()
    call_command("import_books", "acme", str(sqlite_book), "--from", "gnucash", stdout=out)

    text = out.getvalue()
    assert text.startswith("acme: 3 transaction(s) read: 3 entries imported, 0 already there, 0 left out;")
    assert "note security_at_value x1:" in text and text.rstrip().endswith("Balances equal the source's.")
    balances = account_balances(date(2026, 12, 31))
    by_code = {a.code: balances.get(a.pk, Decimal(0)) for a in Account.objects.all()}
    assert by_code["Assets:Checking"] == Decimal("2000.50")
    assert by_code["Assets:Acme shares"] == Decimal("500.00")
    assert by_code["Assets:Euro cash"] == Decimal("110.00")  # 100 EUR at the transaction's own 1.1
    assert by_code["Card"] == Decimal("-110.00") and by_code["Salary"] == Decimal("-2500.50")
    assert Account.objects.get(code="Card").type == "liability"
    again = StringIO()
    call_command("import_books", "acme", str(sqlite_book), "--from", "gnucash", stdout=again)
    assert "0 entries imported, 3 already there" in again.getvalue() and JournalEntry.objects.count() == 3


@tenant_db
def test_import_books_reads_a_compressed_xml_book(books, tmp_path):
    path = tmp_path / "books.gnucash"
    path.write_bytes(gzip.compress(xml_book()))
    out = StringIO()
    call_command("import_books", "acme", str(path), "--from", "gnucash", stdout=out)

    assert "2 entries imported" in out.getvalue() and "scheduled_transactions" in out.getvalue()
    lines = JournalLine.objects.filter(account__code="Lebensmittel & Café")
    assert [(line.side, line.amount, line.currency_id) for line in lines] == [("D", Decimal("12.34"), "EUR")]


@tenant_db
def test_import_books_refuses_an_unreadable_gnucash_file_in_one_line(books, tmp_path):
    path = tmp_path / "bad.gnucash"
    path.write_bytes(BILLION_LAUGHS)
    with pytest.raises(CommandError, match=r"^bad.gnucash: the file declares a DOCTYPE"):
        call_command("import_books", "acme", str(path), "--from", "gnucash", stdout=StringIO())


@pytest.mark.django_db(databases="__all__")
@pytest.mark.parametrize("kind", ["sqlite", "xml.gz"])
def test_an_owner_uploads_a_gnucash_book_through_the_api(users, client_for, books, sqlite_book, kind):
    content = sqlite_book.read_bytes() if kind == "sqlite" else gzip.compress(xml_book())
    olga = client_for(users["owner"])

    answer = olga.post(
        "/t/acme/api/v1/imports/",
        {"file": SimpleUploadedFile(f"books.{kind}", content), "format": "gnucash"},
        format="multipart",
    )

    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["status"] == "succeeded" and body["format"] == "gnucash"
    assert body["report"]["balanced"] is True
    assert JournalEntry.objects.count() == (3 if kind == "sqlite" else 2)


@pytest.mark.parametrize(
    "stored, day",
    [
        ("2026-01-05 10:59:00", date(2026, 1, 5)),  # GnuCash's neutral time, SQLite
        ("2026-01-05 10:59:00 +0000", date(2026, 1, 5)),  # the same in XML
        ("20160104230000", date(2016, 1, 5)),  # an older SQLite book: midnight in Berlin, in UTC
        ("2016-01-05 00:00:00 +0100", date(2016, 1, 5)),  # an older XML book, Berlin
        ("2016-01-05 00:00:00 -0500", date(2016, 1, 5)),  # New York
        ("2016-01-05 00:00:00 +1200", date(2016, 1, 5)),  # Auckland
    ],
)
def test_posted_dates_are_the_day_the_user_entered(stored, day):
    from interchange.importing.gnucash import _day

    assert _day(stored, "books") == day


POSTED = "2026-02-03 10:59:00 +0000"


# A crafted book's numbers and dates used to overflow Python's decimal context or the calendar
# while it was read (a 500 through the API); each is refused with the transaction or price named.
@pytest.mark.parametrize(
    "old, new, message",
    [
        ("1234/100", "NaN", "NaN is not a number"),
        ("1234/100", "Infinity", "Infinity is not a number"),
        ("1234/100", "1e999999", "1E+999999 is too large"),
        ("1234/100", "1/1e-999999", "1E+999999 is too large"),
        ("92/100", "1" + "0" * 30 + "/1", "price " + "f" * 32 + ": 1.000000000000000000000000000E+30 is too"),
        (
            "2026-02-03 10:59:00 +0000",
            "9999-12-31 23:00:00 -0500",
            "'9999-12-31 23:00:00 -0500' is not a date",
        ),
        (
            "2026-02-03 10:59:00 +0000",
            "0001-01-01 00:00:00 +0100",
            "'0001-01-01 00:00:00 +0100' is not a date",
        ),
    ],
    ids=[
        "nan",
        "infinity",
        "huge-exponent",
        "tiny-denominator",
        "huge-price",
        "calendar-end",
        "calendar-start",
    ],
)
def test_numbers_and_dates_past_what_python_computes_are_refused(tmp_path, old, new, message):
    path = tmp_path / "upload.gnucash"
    path.write_bytes(xml_book().decode().replace(old, new, 1).encode())

    with pytest.raises(BookError, match=re.escape(message)):
        list(read_gnucash(path, name="upload.gnucash"))


# SQLite keeps any type in any column: text or blobs where GnuCash writes integers, NUL in names.
@pytest.mark.django_db(databases="__all__")
@pytest.mark.parametrize(
    "change, message",
    [
        ("UPDATE splits SET value_num = 'abc'", "'abc'/'100' is not an amount."),
        ("UPDATE splits SET value_num = X'00FF'", "is not an amount."),
        ("UPDATE splits SET value_num = 1.5", "'1.5'/'100' is not an amount."),
        ("UPDATE prices SET value_num = 'x'", "books.gnucash: price: 'x'/'10' is not an amount."),
        ("UPDATE accounts SET name = 'Che' || char(0) || 'ck' WHERE name = 'Checking'",
         "'Assets:Che\\x00ck' contains NUL or another control character."),
        ("UPDATE transactions SET description = 'Pay' || char(0)", "'Pay\\x00 (no. 7)' contains NUL"),
    ],
    ids=["text", "blob", "real", "price-text", "nul-in-account", "nul-in-description"],
)  # fmt: skip
def test_a_crafted_sqlite_book_is_refused_through_the_api(
    users, client_for, books, sqlite_book, tmp_path, change, message
):
    path = tmp_path / "books.gnucash"
    shutil.copy(sqlite_book, path)
    with closing(sqlite3.connect(path)) as db:
        db.execute(change)
        db.commit()

    answer = client_for(users["owner"]).post(
        "/t/acme/api/v1/imports/",
        {"file": SimpleUploadedFile("books.gnucash", path.read_bytes()), "format": "gnucash"},
        format="multipart",
    )

    assert answer.status_code == 400, answer.content
    assert answer.json()["code"] == "book_invalid" and message in answer.json()["message"]
    assert JournalEntry.objects.count() == 0
    assert BookImport.objects.get().error == {"code": "book_invalid", "message": answer.json()["message"]}
