"""Gapless document numbers: INV-2026-0001, one series per kind and calendar year.

The series row is locked in the issuing transaction and its counter moves only if the document
is issued: a refused or rolled-back issue leaves no gap. Concurrent issues of one kind wait for
each other (briefly: the lock is the last thing taken before the entry is written).
"""

from __future__ import annotations

from ..models import Document, DocumentSeries

PREFIXES: dict[str, str] = {
    Document.Kind.INVOICE: "INV",
    Document.Kind.CREDIT_NOTE: "CRN",
    Document.Kind.BILL: "BILL",
    Document.Kind.VENDOR_CREDIT: "VCR",
}


def next_number(kind: str, year: int) -> tuple[DocumentSeries, int]:
    """Lock the series of `kind` and `year` (made on first use) and take its next number.
    Call inside the issuing transaction."""
    DocumentSeries.objects.get_or_create(kind=kind, year=year, defaults={"prefix": PREFIXES[kind]})
    series = DocumentSeries.objects.select_for_update().get(kind=kind, year=year)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series, series.last_number
