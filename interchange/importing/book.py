"""The neutral book every reader produces and the import service writes (see the package docstring).

Nothing here touches the database: a reader turns a file into a `Book`, the service
(`interchange.importing.service.import_book`) turns the `Book` into accounts, rates and entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from common.errors import DomainError
from common.text import escaped, has_control_characters

# Account types of pyledger (ledger.models.Account.Type), spelled out so readers need no Django.
TYPES = ("asset", "liability", "equity", "income", "expense")


class BookError(DomainError):
    """The source file cannot be read: the message names the file and line."""

    code = "book_invalid"
    status_code = 400
    default_message = "The file is not a book this reader can read."


# The numbers a book may hold: below 10^16 (what the books store, NUMERIC(20,4)) and, when not
# zero, no finer than 10^-100 (no currency or commodity is). Beyond either, Python's decimal
# context overflowed in the import's arithmetic (rounding, 1 / price), which was a 500.
LARGEST = Decimal(10) ** 16
FINEST_EXPONENT = -100
SHOWN = 40  # characters of a number or text quoted in a message


def number_problem(value: Decimal) -> str | None:
    """Why `value` is no number of a book, or None."""
    text = str(value)
    shown = text if len(text) <= SHOWN else text[:SHOWN] + "..."
    if not value.is_finite():
        return f"{shown} is not a number"
    if value.copy_abs() >= LARGEST:  # copy_abs(): abs() rounds to the context, and may overflow
        return f"{shown} is too large (numbers stay below 10^16)"
    if value and value.adjusted() < FINEST_EXPONENT:
        return f"{shown} is too small (numbers other than 0 are at least 10^{FINEST_EXPONENT})"
    return None


def text_problem(text: str) -> str | None:
    """Why `text` cannot be kept (PostgreSQL stores no NUL; no control characters), or None."""
    if has_control_characters(text):
        shown = escaped(text if len(text) <= SHOWN else text[:SHOWN] + "...")
        return f"'{shown}' contains NUL or another control character"
    return None


def check_text_file(path: Path, shown: str) -> None:
    """Refuse a text book that is not UTF-8 or holds a NUL anywhere, naming the line. A NUL is in
    no text book; the readers would take it into names and messages PostgreSQL cannot store."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise BookError(f"{shown}:{number}: not UTF-8 text.") from None
            if "\x00" in line:
                raise BookError(f"{shown}:{number}: a NUL character; a text book has none.")


@dataclass(frozen=True)
class Amount:
    """A number of a commodity: an ISO 4217 currency ("USD") or anything else ("GLD", "VACHR")."""

    number: Decimal
    commodity: str

    def __str__(self) -> str:
        return f"{self.number} {self.commodity}"


@dataclass(frozen=True)
class Posting:
    """One leg of a transaction, signed: positive is a debit, negative a credit.

    `cost` is the per-unit cost of a lot held at cost (`10 GLD {208.98 USD}`), `price` the per-unit
    price of a conversion (`-100 EUR @ 1.10 USD`). Either makes the posting's `weight`, what it
    contributes to the transaction's balance, an amount in another commodity than its units.
    """

    account: str
    units: Amount
    cost: Amount | None = None
    price: Amount | None = None
    memo: str = ""

    @property
    def weight(self) -> Amount:
        per_unit = self.cost or self.price
        if per_unit is None:
            return self.units
        return Amount(self.units.number * per_unit.number, per_unit.commodity)


@dataclass
class Transaction:
    """A balanced transaction of the source.

    `source_id`: a stable id the source gives the transaction (GnuCash's guid); when blank the
    import keys the transaction by a hash of its content. `where` locates it in the source for
    messages ("books.beancount:120").
    """

    date: date
    narration: str
    postings: list[Posting]
    payee: str = ""
    status: str = ""  # "*" cleared, "!" pending, "" none
    tags: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    source_id: str = ""
    where: str = ""


@dataclass
class AccountInfo:
    """An account the source declares (Beancount `open`, a journal's `account`).

    `type` is one of TYPES, or None to take it from the name's first segment. `currencies` are
    the commodities the source allows in it (empty: any); `closed` is the day it was closed.
    """

    name: str
    type: str | None = None
    currencies: tuple[str, ...] = ()
    opened: date | None = None
    closed: date | None = None
    description: str = ""


@dataclass(frozen=True)
class Price:
    """One unit of `commodity` was worth `amount` on `date` (Beancount `price`, a journal's `P`)."""

    date: date
    commodity: str
    amount: Amount


@dataclass(frozen=True)
class Assertion:
    """The source says `account` held `amount` (of that commodity only) at the end of `as_of`.

    `inclusive`: the amount includes the account's sub-accounts (Beancount's `balance`, a
    journal's `=*`); otherwise the account alone (a journal's `=`).
    """

    as_of: date
    account: str
    amount: Amount
    inclusive: bool = True
    where: str = ""


@dataclass
class NoteKind:
    count: int = 0
    message: str = ""
    examples: list[str] = field(default_factory=list)


class Notes:
    """What the import could not represent or left out, counted per kind with a few examples.

    Kinds are snake_case words (`held_at_cost`, `not_a_currency`, `pad`); the report lists each
    with its count, its message and up to `EXAMPLES` places in the source.
    """

    EXAMPLES = 5

    def __init__(self) -> None:
        self.kinds: dict[str, NoteKind] = {}

    def add(self, kind: str, message: str, where: str = "", count: int = 1) -> None:
        note = self.kinds.setdefault(kind, NoteKind(message=message))
        note.count += count
        if where and len(note.examples) < self.EXAMPLES and where not in note.examples:
            note.examples.append(where)

    def as_list(self) -> list[dict[str, object]]:
        return [
            {"kind": kind, "count": note.count, "message": note.message, "examples": note.examples}
            for kind, note in sorted(self.kinds.items())
        ]

    def __bool__(self) -> bool:
        return bool(self.kinds)


@dataclass
class Book:
    """Everything a reader found in a source file.

    `transactions` may be a list or a re-iterable stream (an object whose `__iter__` reads the
    file again): the service reads it twice, once to check (accounts, closed periods) before
    writing anything and once to write. `assertions` and `notes` may grow while a stream is read.
    `operating_currency` is the source's own main currency, when it names one.
    """

    format: str
    transactions: Iterable[Transaction]
    accounts: dict[str, AccountInfo] = field(default_factory=dict)
    prices: list[Price] = field(default_factory=list)
    assertions: list[Assertion] = field(default_factory=list)
    notes: Notes = field(default_factory=Notes)
    operating_currency: str | None = None

    def __iter__(self) -> Iterator[Transaction]:
        return iter(self.transactions)


ROOTS = {
    "assets": "asset",
    "asset": "asset",
    "liabilities": "liability",
    "liability": "liability",
    "equity": "equity",
    "income": "income",
    "revenue": "income",
    "revenues": "income",
    "expenses": "expense",
    "expense": "expense",
}


def type_of(name: str, roots: dict[str, str] | None = None) -> str | None:
    """The pyledger account type a `:`-separated name's first segment means, or None."""
    first = name.split(":", 1)[0]
    return (roots or ROOTS).get(first.casefold() if roots is None else first)
