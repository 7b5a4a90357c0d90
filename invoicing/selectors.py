"""Reads of sales and purchases shared by the API, the admin and the PDF."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .models import Document, DocumentLine


def printable_document(pk: int, kinds: Iterable[str]) -> Document:
    """A document of one of `kinds` with what its PDF shows; Document.DoesNotExist otherwise."""
    return Document.objects.select_related("contact", "original", "currency").get(pk=pk, kind__in=list(kinds))


@dataclass
class TaxSummaryRow:
    code: str
    name: str
    rate: Decimal  # percent
    net: Decimal
    tax: Decimal


def document_lines(document: Document) -> list[DocumentLine]:
    return list(document.lines.select_related("tax_code").order_by("line_no"))


def tax_summary(lines: Iterable[DocumentLine]) -> list[TaxSummaryRow]:
    """Net and tax per tax code, in the order the codes first appear; untaxed lines apart."""
    rows: dict[str, TaxSummaryRow] = {}
    for line in lines:
        code = line.tax_code
        key = code.code if code else ""
        row = rows.get(key)
        if row is None:
            name, rate = (code.name, code.rate) if code else ("No tax", Decimal(0))
            row = rows[key] = TaxSummaryRow(key, name, rate, Decimal(0), Decimal(0))
        row.net += line.net_amount
        row.tax += line.tax_amount
    return list(rows.values())
