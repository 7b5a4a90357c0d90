"""The whole-book export formats, by name: `manage.py export_books --to NAME` and the API share them.

Each format checks what it needs before writing (so a refusal is an error answer, not a broken
file) and then yields the file as text chunks, streamed by the API and the command alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from common.models import Company
from ledger.models import FiscalYear

from . import saft
from .beancount_export import beancount_chunks


@dataclass(frozen=True)
class Prepared:
    """A checked export: its file name and its content, produced when iterated."""

    file_name: str
    content_type: str
    chunks: Iterator[str]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    description: str
    needs_fiscal_year: bool
    prepare: Callable[[Company, FiscalYear | None, str], Prepared]


def _saft(company: Company, fiscal_year: FiscalYear | None, user: str) -> Prepared:
    assert fiscal_year is not None  # needs_fiscal_year
    export = saft.saft_prepare(company=company, fiscal_year=fiscal_year, user=user)
    return Prepared(export.file_name, "application/xml", saft.saft_chunks(export))


def beancount_file_name(company: Company, start: date | None, end: date | None) -> str:
    span = f"-{start or ''}--{end or ''}" if start or end else ""
    return f"{company.slug}{span}.beancount"


def beancount_prepare(company: Company, start: date | None = None, end: date | None = None) -> Prepared:
    """The Beancount file of the entries from `start` to `end` (both included; None: open end)."""
    chunks = beancount_chunks(title=company.name, start=start, end=end)
    return Prepared(beancount_file_name(company, start, end), "text/plain", chunks)


def _beancount(company: Company, fiscal_year: FiscalYear | None, user: str) -> Prepared:
    if fiscal_year is None:
        return beancount_prepare(company)
    return beancount_prepare(company, fiscal_year.start_date, fiscal_year.end_date)


FORMATS: dict[str, ExportFormat] = {
    "saf-t": ExportFormat(
        "saf-t",
        "OECD SAF-T 2.00 general ledger of one fiscal year (XML)",
        needs_fiscal_year=True,
        prepare=_saft,
    ),
    "beancount": ExportFormat(
        "beancount",
        "The whole books (or one fiscal year with --year) as a Beancount file",
        needs_fiscal_year=False,
        prepare=_beancount,
    ),
}


def register(fmt: ExportFormat) -> None:
    """Add a format (a module of this app calls it when imported)."""
    FORMATS[fmt.name] = fmt
