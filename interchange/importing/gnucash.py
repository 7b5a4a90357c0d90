"""GnuCash books into the neutral Book: the SQLite format and the XML format (gzip-compressed or not).

Both are read with the standard library's `sqlite3` and lxml (a dependency already), not with
piecash: piecash pins SQLAlchemy below 1.5, so it would bring a legacy SQLAlchemy into the
production environment to read six tables whose layout is simple and stable (GnuCash's own
`gnc-sql` schema, versioned in its `versions` table).

What is read:
- accounts: full names (`Assets:Current Assets:Checking`, GnuCash's own `:` separator) as codes,
  GnuCash types mapped to pyledger's (BANK, CASH, RECEIVABLE, STOCK… are assets; CREDIT, PAYABLE
  liabilities; TRADING equity), the description, the currency of an account held in one;
- transactions with their splits, keyed by GnuCash's guid (`source_id`): a split in an account of
  the transaction's currency is its value; a split in an account of another currency is its
  quantity in that currency priced at value / quantity (so the import takes the transaction's own
  rate); a split in a stock or fund account is booked at its value (noted `security_at_value`:
  quantities, lots and security prices are not kept);
- prices of the price database.
Left out, and reported as notes: scheduled transactions (templates, not postings), lots, budgets,
the business documents (invoices, bills: their transactions are imported, the documents are not).

Untrusted files: an SQLite file is opened read-only with its schema untrusted (no view or trigger
of the file runs); an XML file is read by lxml with DTDs, entities and the network off, and a file
that declares a DOCTYPE or ENTITY is refused outright. XML is read as a stream, element by element,
so memory stays flat however large the book.
"""

from __future__ import annotations

import gzip
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, cast

from lxml import etree

from .book import (
    SHOWN,
    AccountInfo,
    Amount,
    Book,
    BookError,
    Notes,
    Posting,
    Price,
    Transaction,
    number_problem,
)

# GnuCash account types -> pyledger's.
TYPES = {
    "ASSET": "asset",
    "BANK": "asset",
    "CASH": "asset",
    "RECEIVABLE": "asset",
    "STOCK": "asset",
    "MUTUAL": "asset",
    "CURRENCY": "asset",
    "LIABILITY": "liability",
    "CREDIT": "liability",
    "PAYABLE": "liability",
    "EQUITY": "equity",
    "TRADING": "equity",
    "INCOME": "income",
    "EXPENSE": "expense",
}
CURRENCY_SPACES = ("CURRENCY", "ISO4217")  # ISO4217: books written before GnuCash 2.6
SQLITE_MAGIC = b"SQLite format 3\x00"
GZIP_MAGIC = b"\x1f\x8b"
SECURITY_NOTE = (
    "splits in stock and fund accounts are booked at their value in the transaction's currency "
    "(quantities, lots and security prices are not kept)"
)
# A DTD has to come before the root element: the head of the file is enough to refuse one.
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
HEAD = 64 * 1024


@dataclass(frozen=True)
class _Account:
    name: str  # the full name
    type: str  # GnuCash's
    commodity: str  # mnemonic
    is_currency: bool


def read_gnucash(path: Path, *, name: str | None = None) -> Book:
    """A GnuCash book (SQLite, or XML compressed or not) as a Book; BookError when it is none."""
    shown = name or path.name
    try:
        with path.open("rb") as stream:
            head = stream.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise BookError(f"{shown}: {exc.strerror or exc}") from None
    if head.startswith(SQLITE_MAGIC):
        return _SqliteBook(path, shown).read()
    if head.startswith(GZIP_MAGIC) or head.lstrip().startswith(b"<"):
        return _XmlBook(path, shown).read()
    raise BookError(f"{shown}: not a GnuCash book (neither an SQLite nor an XML file).")


def _fraction(text: str, where: str) -> Decimal:
    """GnuCash's exact rationals: "10050/100" -> 100.50."""
    try:
        numerator, _, denominator = text.strip().partition("/")
        value = Decimal(numerator) / Decimal(denominator or 1)
    except (InvalidOperation, ArithmeticError):
        raise BookError(f"{where}: {text[:SHOWN]!r} is not an amount.") from None
    return _checked(value, where)


def _ratio(numerator: object, denominator: object, where: str) -> Decimal:
    """An SQLite book's num / denom columns, integers (a zero or missing denominator is 1)."""
    if not isinstance(numerator, int) or not isinstance(denominator, int | None):
        raise BookError(f"{where}: {str(numerator)[:SHOWN]!r}/{str(denominator)[:SHOWN]!r} is not an amount.")
    return _checked(Decimal(numerator) / Decimal(denominator or 1), where)


def _checked(value: Decimal, where: str) -> Decimal:
    # NaN, Infinity or 1e999999 from a crafted file overflowed the import's arithmetic (a 500).
    if problem := number_problem(value):
        raise BookError(f"{where}: {problem}.")
    return value


def _day(text: str, where: str) -> date:
    """The day of a GnuCash date-time.

    GnuCash 2.6.12 and later post at 10:59 UTC ("neutral time": the same day in every time zone
    from UTC-10 to UTC+13); older books hold the local midnight of the day, in UTC in SQLite
    ("20160104230000" for 5 January in Berlin) or with its offset in XML ("2016-01-05 00:00:00
    +0100"). The day whose noon is nearest the instant is the intended one for both, in every
    zone from UTC-11 to UTC+12.
    """
    value = text.strip()
    try:
        if len(value) == 14 and value.isdigit():  # YYYYMMDDHHMMSS, UTC
            instant = datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        elif len(value) > 10:
            instant = datetime.fromisoformat(value.replace(" +", "+").replace(" -", "-"))
            if instant.tzinfo is None:  # SQLite's "YYYY-MM-DD HH:MM:SS" is UTC
                instant = instant.replace(tzinfo=UTC)
        else:
            return date.fromisoformat(value)
        return (instant.astimezone(UTC) + timedelta(hours=12)).date()
    except (ValueError, OverflowError):  # OverflowError: an instant at the ends of the calendar
        raise BookError(f"{where}: {text[:SHOWN]!r} is not a date.") from None


Row = tuple[str, str, str | None, str, bool, str]


def _accounts(rows: dict[str, Row], roots: set[str]) -> dict[str, _Account]:
    """guid -> account with its full name, for the accounts under the book's root (not templates).

    `rows`: guid -> (name, GnuCash type, parent guid, commodity mnemonic, is a currency, description).
    """
    found: dict[str, _Account] = {}

    def full(guid: str, depth: int = 0) -> str | None:
        if guid in roots:
            return ""
        row = rows.get(guid)
        if row is None or depth > 100 or row[2] is None:
            return None  # under no root of the book (a template), or a broken tree
        above = full(row[2], depth + 1)
        if above is None:
            return None
        return f"{above}:{row[0]}" if above else row[0]

    for guid, (_, kind, _, commodity, is_currency, _) in rows.items():
        if kind == "ROOT":
            continue
        name = full(guid)
        if name:
            found[guid] = _Account(name, kind, commodity, is_currency)
    return found


def _account_infos(accounts: dict[str, _Account], descriptions: dict[str, str]) -> dict[str, AccountInfo]:
    infos = {}
    for guid, account in accounts.items():
        infos[account.name] = AccountInfo(
            name=account.name,
            type=TYPES.get(account.type),
            currencies=(account.commodity,) if account.is_currency else (),
            description=descriptions.get(guid, ""),
        )
    return infos


class _Once:
    """Notes of the transactions, each place noted once however often the import reads the book."""

    def __init__(self, notes: Notes) -> None:
        self.notes, self.seen = notes, set[tuple[str, str]]()

    def add(self, kind: str, message: str, where: str) -> None:
        if (kind, where) not in self.seen:
            self.seen.add((kind, where))
            self.notes.add(kind, message, where)


def _posting(
    account: _Account, value: Decimal, quantity: Decimal, currency: str, memo: str, notes: _Once, where: str
) -> Posting:
    """A split as a signed posting (see the module docstring for value, quantity and price)."""
    if account.commodity == currency:
        return Posting(account.name, Amount(value, currency), memo=memo)
    if not account.is_currency or not quantity:
        if not account.is_currency:
            notes.add("security_at_value", SECURITY_NOTE, f"{where} {account.commodity}")
        return Posting(account.name, Amount(value, currency), memo=memo)
    price = Amount(abs(value / quantity), currency)
    return Posting(account.name, Amount(quantity, account.commodity), price=price, memo=memo)


def _narration(description: str, num: str) -> str:
    return f"{description} (no. {num})" if num else description


def _unsupported(notes: Notes, counts: dict[str, int]) -> None:
    messages = {
        "scheduled_transactions": "scheduled transactions are templates, not postings: not imported",
        "lots": "lots (of stock and fund accounts) are not kept",
        "budgets": "budgets are not imported",
        "business_documents": "invoices and bills are not imported as documents (their transactions are)",
    }
    for kind, count in counts.items():
        if count:
            notes.add(kind, messages[kind], count=count)


# The queries of the SQLite format. The file is untrusted and SQLite stores any type in any column:
# text columns are cast to text ('' for NULL), numbers are checked by _ratio; a crafted file's
# blob, NULL or text reached code that expected text or integers (a 500).
BOOKS_SQL = "SELECT CAST(root_account_guid AS TEXT) FROM books WHERE root_account_guid IS NOT NULL"
COMMODITIES_SQL = (
    "SELECT CAST(guid AS TEXT), coalesce(CAST(namespace AS TEXT), ''), coalesce(CAST(mnemonic AS TEXT), '')"
    " FROM commodities"
)
ACCOUNTS_SQL = (
    "SELECT CAST(guid AS TEXT), coalesce(CAST(name AS TEXT), ''), coalesce(CAST(account_type AS TEXT), ''),"
    " CAST(commodity_guid AS TEXT), CAST(parent_guid AS TEXT), coalesce(CAST(description AS TEXT), '')"
    " FROM accounts"
)
PRICES_SQL = (
    "SELECT CAST(commodity_guid AS TEXT), CAST(currency_guid AS TEXT), coalesce(CAST(date AS TEXT), ''),"
    " value_num, value_denom FROM prices"
)
SPLITS_SQL = (
    "SELECT coalesce(CAST(t.guid AS TEXT), ''), CAST(t.currency_guid AS TEXT),"
    " coalesce(CAST(t.num AS TEXT), ''), coalesce(CAST(t.post_date AS TEXT), ''),"
    " coalesce(CAST(t.description AS TEXT), ''),"
    " CAST(s.account_guid AS TEXT), coalesce(CAST(s.memo AS TEXT), ''),"
    " s.value_num, s.value_denom, s.quantity_num, s.quantity_denom"
    " FROM transactions t JOIN splits s ON s.tx_guid = t.guid ORDER BY t.post_date, t.guid, s.guid"
)


class _SqliteBook:
    def __init__(self, path: Path, shown: str) -> None:
        self.path, self.shown = path, shown

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        try:
            connection = sqlite3.connect(uri, uri=True)
        except sqlite3.Error as exc:
            raise BookError(f"{self.shown}: cannot be opened ({exc}).") from None
        with closing(connection):
            # The file is untrusted: none of its views or triggers run, nothing is written.
            connection.execute("PRAGMA trusted_schema = OFF")
            connection.execute("PRAGMA query_only = ON")
            try:
                yield connection
            except sqlite3.DatabaseError as exc:
                raise BookError(f"{self.shown}: not a GnuCash book ({exc}).") from None

    def read(self) -> Book:
        notes = Notes()
        with self.connect() as db:
            roots = {row[0] for row in db.execute(BOOKS_SQL)}
            if not roots:
                raise BookError(f"{self.shown}: a GnuCash database with no book in it.")
            commodities = {
                guid: (mnemonic, space in CURRENCY_SPACES)
                for guid, space, mnemonic in db.execute(COMMODITIES_SQL)
            }
            rows: dict[str, Row] = {}
            descriptions: dict[str, str] = {}
            for guid, name, kind, commodity, parent, description in db.execute(ACCOUNTS_SQL):
                mnemonic, is_currency = commodities.get(commodity, ("", False))
                rows[guid] = (name, kind, parent, mnemonic, is_currency, description or "")
                descriptions[guid] = description or ""
            accounts = _accounts(rows, roots)
            where = f"{self.shown}: price"
            prices = [
                Price(
                    _day(day, where),
                    commodities.get(commodity, ("?", False))[0],
                    Amount(_ratio(num, denom, where), commodities.get(currency, ("?", False))[0]),
                )
                for commodity, currency, day, num, denom in db.execute(PRICES_SQL)
                if denom
            ]
            _unsupported(notes, {
                "scheduled_transactions": self.count(db, "schedxactions"),
                "lots": self.count(db, "lots"),
                "budgets": self.count(db, "budgets"),
                "business_documents": self.count(db, "invoices"),
            })  # fmt: skip
        currencies = {guid: mnemonic for guid, (mnemonic, _) in commodities.items()}
        return Book(
            format="gnucash",
            transactions=_SqliteTransactions(self, accounts, currencies, _Once(notes)),
            accounts=_account_infos(accounts, descriptions),
            prices=prices,
            notes=notes,
        )

    @staticmethod
    def count(db: sqlite3.Connection, table: str) -> int:
        exists = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
        ).fetchone()
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]) if exists else 0  # noqa: S608


@dataclass
class _SqliteTransactions:
    """The book's transactions, read from the file again at each iteration (never held whole)."""

    source: _SqliteBook
    accounts: dict[str, _Account]
    currencies: dict[str, str]
    notes: _Once

    def __iter__(self) -> Iterator[Transaction]:
        shown = self.source.shown
        with self.source.connect() as db:
            splits = db.execute(SPLITS_SQL)
            current: Transaction | None = None
            skip = False
            for guid, currency, num, posted, description, account, memo, vn, vd, qn, qd in splits:
                if current is None or current.source_id != guid:
                    if current is not None and not skip:
                        yield current
                    where = f"{shown}:{guid}"
                    current = Transaction(
                        date=_day(posted or "", where),
                        narration=_narration(description or "", num or ""),
                        postings=[],
                        source_id=guid,
                        where=where,
                    )
                    skip = False
                held = self.accounts.get(account)
                if held is None:  # a template's split (scheduled transactions): not a posting
                    skip = True
                    continue
                value = _ratio(vn, vd, current.where)
                quantity = _ratio(qn, qd, current.where)
                current.postings.append(
                    _posting(held, value, quantity, self.currencies.get(currency, "?"), memo or "",
                             self.notes, current.where)
                )  # fmt: skip
            if current is not None and not skip:
                yield current


GNC = {
    "gnc": "http://www.gnucash.org/XML/gnc",
    "act": "http://www.gnucash.org/XML/act",
    "cmdty": "http://www.gnucash.org/XML/cmdty",
    "trn": "http://www.gnucash.org/XML/trn",
    "split": "http://www.gnucash.org/XML/split",
    "ts": "http://www.gnucash.org/XML/ts",
    "price": "http://www.gnucash.org/XML/price",
    "book": "http://www.gnucash.org/XML/book",
}


PRICE = "price"  # GnuCash writes the price database's entries as <price>, in no namespace


def _tag(prefix: str, local: str) -> str:
    return f"{{{GNC[prefix]}}}{local}"


TEMPLATES = _tag("gnc", "template-transactions")
# Where the book's elements sit: what is read is dropped from these as the file goes by.
CONTAINERS = {_tag("gnc", "book"), _tag("gnc", "pricedb"), TEMPLATES, "gnc-v2"}


class _XmlBook:
    def __init__(self, path: Path, shown: str) -> None:
        self.path, self.shown = path, shown

    def raw(self) -> IO[bytes]:
        with self.path.open("rb") as head:
            compressed = head.read(2) == GZIP_MAGIC
        return cast(IO[bytes], gzip.open(self.path, "rb") if compressed else self.path.open("rb"))

    @contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        """The file, uncompressed, once its head showed no DTD."""
        try:
            with self.raw() as stream:
                match = _DECLARATION.search(stream.read(HEAD))
            if match:
                raise BookError(
                    f"{self.shown}: the file declares a {match.group(1).decode().upper()}; "
                    "GnuCash books never need one, so it is refused."
                )
            with self.raw() as stream:
                yield stream
        except (OSError, EOFError) as exc:  # gzip.BadGzipFile is an OSError
            raise BookError(f"{self.shown}: cannot be read ({exc}).") from None

    def elements(self, tags: tuple[str, ...]) -> Iterator[tuple[etree._Element, bool]]:
        """The elements of `tags` once read whole (with whether they are one of the template
        transactions'). Every element of the book, the price database or the templates is
        dropped once read, wanted or not, so the tree never holds more than one of them."""
        with self.open() as stream:
            events = etree.iterparse(
                stream, events=("end",), resolve_entities=False, no_network=True,
                load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True,
            )  # fmt: skip
            try:
                for _, element in events:
                    parent = element.getparent()
                    above = parent.tag if parent is not None else None
                    if element.tag in tags:
                        yield element, above == TEMPLATES
                    if parent is not None and above in CONTAINERS:
                        element.clear(keep_tail=True)
                        while element.getprevious() is not None:
                            del parent[0]  # the elements read before it
            except etree.XMLSyntaxError as exc:
                raise BookError(
                    f"{self.shown}: line {exc.lineno}: the XML is malformed or truncated."
                ) from None

    def read(self) -> Book:
        notes = Notes()
        rows: dict[str, Row] = {}
        roots: set[str] = set()
        prices: list[Price] = []
        counts = {"scheduled_transactions": 0, "lots": 0, "budgets": 0, "business_documents": 0}
        kinds = {
            _tag("gnc", "schedxaction"): "scheduled_transactions",
            _tag("gnc", "lot"): "lots",
            _tag("gnc", "budget"): "budgets",
            _tag("gnc", "GncInvoice"): "business_documents",
        }
        seen_book = False
        wanted = (_tag("gnc", "account"), PRICE, _tag("book", "id"), *kinds)
        for element, in_template in self.elements(wanted):
            if element.tag in kinds:
                counts[kinds[element.tag]] += 1
            elif element.tag == _tag("book", "id"):
                seen_book = True
            elif element.tag == PRICE:
                prices.append(self.price(element))
            elif not in_template:
                guid = element.findtext("act:id", namespaces=GNC) or ""
                kind = element.findtext("act:type", namespaces=GNC) or ""
                space = element.findtext("act:commodity/cmdty:space", namespaces=GNC) or ""
                mnemonic = element.findtext("act:commodity/cmdty:id", namespaces=GNC) or ""
                parent = element.findtext("act:parent", namespaces=GNC)
                if kind == "ROOT":
                    roots.add(guid)
                rows[guid] = (
                    element.findtext("act:name", namespaces=GNC) or "",
                    kind,
                    parent,
                    mnemonic,
                    space in CURRENCY_SPACES,
                    element.findtext("act:description", namespaces=GNC) or "",
                )
        if not seen_book or not roots:
            raise BookError(f"{self.shown}: not a GnuCash book (no book and root account in it).")
        accounts = _accounts(rows, roots)
        _unsupported(notes, counts)
        return Book(
            format="gnucash",
            transactions=_XmlTransactions(self, accounts, _Once(notes)),
            accounts=_account_infos(accounts, {guid: row[5] for guid, row in rows.items()}),
            prices=prices,
            notes=notes,
        )

    def price(self, element: etree._Element) -> Price:
        where = f"{self.shown}: price {element.findtext('price:id', namespaces=GNC) or ''}"
        return Price(
            _day(element.findtext("price:time/ts:date", namespaces=GNC) or "", where),
            element.findtext("price:commodity/cmdty:id", namespaces=GNC) or "?",
            Amount(
                _fraction(element.findtext("price:value", namespaces=GNC) or "", where),
                element.findtext("price:currency/cmdty:id", namespaces=GNC) or "?",
            ),
        )


@dataclass
class _XmlTransactions:
    source: _XmlBook
    accounts: dict[str, _Account]
    notes: _Once

    def __iter__(self) -> Iterator[Transaction]:
        shown = self.source.shown
        for element, in_template in self.source.elements((_tag("gnc", "transaction"),)):
            if in_template:
                continue
            guid = element.findtext("trn:id", namespaces=GNC) or ""
            where = f"{shown}:{guid}"
            currency = element.findtext("trn:currency/cmdty:id", namespaces=GNC) or "?"
            transaction = Transaction(
                date=_day(element.findtext("trn:date-posted/ts:date", namespaces=GNC) or "", where),
                narration=_narration(
                    element.findtext("trn:description", namespaces=GNC) or "",
                    element.findtext("trn:num", namespaces=GNC) or "",
                ),
                postings=[],
                source_id=guid,
                where=where,
            )
            for split in element.iterfind("trn:splits/trn:split", namespaces=GNC):
                account = self.accounts.get(split.findtext("split:account", namespaces=GNC) or "")
                if account is None:
                    raise BookError(f"{where}: a split of an account that is not in the book.")
                transaction.postings.append(
                    _posting(
                        account,
                        _fraction(split.findtext("split:value", namespaces=GNC) or "", where),
                        _fraction(split.findtext("split:quantity", namespaces=GNC) or "", where),
                        currency,
                        split.findtext("split:memo", namespaces=GNC) or "",
                        self.notes,
                        where,
                    )
                )
            yield transaction
