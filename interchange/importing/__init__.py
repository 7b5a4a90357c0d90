"""Importing other ledgers' books: readers into a neutral Book, one service that writes it.

    from interchange.importing import read_book, import_book
    book = read_book("beancount", Path("books.beancount"))      # or "ledger"; BookError if unreadable
    with tenant_context("acme"):
        report = import_book(book=book, actor=Actor.system("import"))
    print(render_report(report))

The pieces:
- `book.py`: the intermediate model (Book, AccountInfo, Transaction, Posting, Amount, Price,
  Assertion, Notes). Plain dataclasses, no database. A reader for a new format (GnuCash) builds
  a Book: accounts with their types (or names under Assets/Liabilities/Equity/Income/Expenses),
  transactions with signed postings in commodity amounts (cost/price where the source has them,
  `source_id` where the source has stable ids), prices, balance assertions, and notes for
  whatever it could not represent. Nothing else is needed.
- `beancount.py` (with the `beancount` package) and `journal.py` (hledger / ledger-cli): readers.
- `service.py`: `import_book` writes a Book into the active company and returns an ImportReport
  (counts, notes, balance assertions checked, balances side by side); `render_report` prints it.
"""

from __future__ import annotations

from pathlib import Path

from .book import Book, BookError, check_text_file
from .service import ImportFailed, ImportReport, import_book, render_report

FORMATS = ("beancount", "ledger", "gnucash")


def read_book(format: str, path: Path, *, trusted: bool = False, name: str | None = None) -> Book:
    """Read `path` as `format` ("beancount", "ledger" or "gnucash": SQLite or XML, compressed or
    not, detected from the file). `trusted`: an operator's own file (a
    Beancount `include` is followed); uploads are not. `name` is how messages call the file."""
    if format in ("beancount", "ledger"):
        check_text_file(path, name or path.name)
    if format == "beancount":
        from .beancount import read_beancount

        return read_beancount(path, trusted=trusted, name=name)
    if format == "ledger":
        from .journal import read_journal

        return read_journal(path, name=name)
    if format == "gnucash":
        from .gnucash import read_gnucash

        return read_gnucash(path, name=name)
    raise BookError(f"Unknown format {format!r}: one of {', '.join(FORMATS)}.")


__all__ = [
    "FORMATS",
    "Book",
    "BookError",
    "ImportFailed",
    "ImportReport",
    "import_book",
    "read_book",
    "render_report",
]
