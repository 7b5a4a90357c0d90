"""The whole-book export formats, by name: `manage.py export_books --to NAME` and the API share them.

Each format checks what it needs before writing (so a refusal is an error answer, not a broken
file) and then yields the file as text chunks, streamed by the API and the command alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from common.models import Company
from ledger.models import FiscalYear

from . import saft


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


FORMATS: dict[str, ExportFormat] = {
    "saf-t": ExportFormat(
        "saf-t",
        "OECD SAF-T 2.00 general ledger of one fiscal year (XML)",
        needs_fiscal_year=True,
        prepare=_saft,
    ),
}


def register(fmt: ExportFormat) -> None:
    """Add a format (a module of this app calls it when imported)."""
    FORMATS[fmt.name] = fmt
