"""Read a Beancount file into a Book with the `beancount` package itself (parse, book, plugins,
validation: what bean-check accepts, and only that).

Mapping: `open`/`close` -> accounts (type from the root, with the file's own root names), its
currencies; transactions -> transactions (pad's inserted transactions too, noted); `price` ->
prices; `balance` -> assertions at the end of the day before (Beancount checks at the start of
its day); tags and links kept. Notes, events, queries, documents and custom directives carry no
amounts: counted in the notes. A file Beancount reports errors for is refused with the first one.

Uploaded files are untrusted: `include` (it would read the server's files), `option
"insert_pythonpath"` and plugins other than Beancount's own (they would import code) are refused.
"""

from __future__ import annotations

import glob
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount.core import data
from beancount.loader import booking, run_transformations, validation
from beancount.parser import parser

from .book import AccountInfo, Amount, Assertion, Book, BookError, Posting, Price, Transaction

SAFE_PLUGINS = ("beancount.plugins.", "beancount.ops.")
IGNORED = {
    data.Note: "note",
    data.Event: "event",
    data.Query: "query",
    data.Document: "document",
    data.Custom: "custom",
}


def read_beancount(path: Path, *, trusted: bool = False, name: str | None = None) -> Book:
    """The Book of a Beancount file; BookError names the first problem Beancount reports."""
    shown = name or path.name
    try:
        entries, errors, options = _parse(path, trusted=trusted, shown=shown)
    except UnicodeDecodeError:
        raise BookError(f"{shown}: not UTF-8 text.") from None
    entries.sort(key=data.entry_sortkey)
    entries, booking_errors = booking.book(entries, options)
    errors.extend(booking_errors)
    entries, errors = run_transformations(entries, errors, options, None)
    errors.extend(validation.validate(entries, options, None, None))
    if errors:
        raise BookError(_error_text(errors[0], shown, path, len(errors)))
    return _book(entries, options, shown)


def _parse(path: Path, *, trusted: bool, shown: str) -> tuple[list[Any], list[Any], dict[str, Any]]:
    entries, errors, options = parser.parse_file(str(path))
    if not trusted:
        if options.get("include"):
            raise BookError(f"{shown}: 'include' is not read from an upload; join the files into one.")
        if options.get("insert_pythonpath"):
            raise BookError(f"{shown}: option 'insert_pythonpath' is not allowed in an upload.")
        for plugin, _ in options.get("plugin") or []:
            if not plugin.startswith(SAFE_PLUGINS):
                raise BookError(
                    f"{shown}: plugin {plugin!r} is not allowed in an upload; only Beancount's own."
                )
        return list(entries), list(errors), options
    seen = {path.resolve()}
    pending = [(path, inc) for inc in options.get("include") or []]
    entries = list(entries)
    while pending:
        parent, pattern = pending.pop(0)
        full = pattern if Path(pattern).is_absolute() else str(parent.parent / pattern)
        for found in sorted(glob.glob(full)):
            child = Path(found).resolve()
            if child in seen:
                continue
            seen.add(child)
            more, more_errors, more_options = parser.parse_file(str(child))
            entries.extend(more)
            errors.extend(more_errors)
            pending.extend((child, inc) for inc in more_options.get("include") or [])
    return entries, list(errors), options


def _error_text(error: Any, shown: str, path: Path, count: int) -> str:
    meta = getattr(error, "source", None) or {}
    line = meta.get("lineno")
    filename = meta.get("filename") or ""
    where = shown if not filename or Path(filename).name == path.name else Path(filename).name
    place = f"{where}:{line}" if line else where
    more = f" ({count - 1} more error(s))" if count > 1 else ""
    message = " ".join(str(error.message).split())
    return f"{place}: {message}{more}"


def _where(meta: dict[str, Any] | None, shown: str) -> str:
    line = (meta or {}).get("lineno")
    return f"{shown}:{line}" if line else shown


def _roots(options: dict[str, Any]) -> dict[str, str]:
    return {
        options["name_assets"]: "asset",
        options["name_liabilities"]: "liability",
        options["name_equity"]: "equity",
        options["name_income"]: "income",
        options["name_expenses"]: "expense",
    }


def _book(entries: list[Any], options: dict[str, Any], shown: str) -> Book:
    roots = _roots(options)
    operating = options.get("operating_currency") or []
    book = Book(format="beancount", transactions=[], operating_currency=operating[0] if operating else None)
    transactions: list[Transaction] = []
    ignored: Counter[str] = Counter()
    for entry in entries:
        if isinstance(entry, data.Transaction):
            transactions.append(_transaction(entry, shown, book))
        elif isinstance(entry, data.Open):
            book.accounts[entry.account] = AccountInfo(
                name=entry.account,
                type=roots.get(entry.account.split(":", 1)[0]),
                currencies=tuple(entry.currencies or ()),
                opened=entry.date,
            )
        elif isinstance(entry, data.Close):
            info = book.accounts.setdefault(entry.account, AccountInfo(name=entry.account))
            info.closed = entry.date
        elif isinstance(entry, data.Price):
            book.prices.append(Price(entry.date, entry.currency, _amount(entry.amount)))
        elif isinstance(entry, data.Balance):
            if entry.date == date.min:  # no day before it: date arithmetic overflowed (a 500)
                raise BookError(f"{_where(entry.meta, shown)}: a balance on {entry.date}, before the books.")
            book.assertions.append(
                Assertion(
                    as_of=entry.date - timedelta(days=1),
                    account=entry.account,
                    amount=_amount(entry.amount),
                    inclusive=True,
                    where=_where(entry.meta, shown),
                )
            )
        elif isinstance(entry, data.Pad):
            book.notes.add(
                "pad",
                "pad directives: Beancount's inserted balancing transactions were imported as entries",
                _where(entry.meta, shown),
            )
        elif isinstance(entry, data.Commodity):
            ignored["commodity"] += 1
        else:
            ignored[IGNORED.get(type(entry), type(entry).__name__.lower())] += 1
    for kind, count in sorted(ignored.items()):
        book.notes.add(
            f"ignored_{kind}",
            f"{kind} directives carry no amounts and were not imported",
            count=count,
        )
    book.transactions = transactions
    return book


def _amount(value: Any) -> Amount:
    return Amount(Decimal(value.number), str(value.currency))


def _transaction(entry: Any, shown: str, book: Book) -> Transaction:
    postings = []
    for posting in entry.postings:
        cost = None
        if posting.cost is not None and posting.cost.number is not None:
            cost = Amount(Decimal(posting.cost.number), str(posting.cost.currency))
        price = _amount(posting.price) if posting.price is not None else None
        postings.append(Posting(posting.account, _amount(posting.units), cost=cost, price=price))
    where = _where(entry.meta, shown)
    if entry.flag == "P":
        where = f"{where} (pad)"
    return Transaction(
        date=entry.date,
        narration=entry.narration or "",
        payee=entry.payee or "",
        postings=postings,
        status=entry.flag if entry.flag in ("*", "!") else "",
        tags=tuple(sorted(entry.tags or ())),
        links=tuple(sorted(entry.links or ())),
        where=where,
    )
