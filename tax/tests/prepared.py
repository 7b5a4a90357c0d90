"""Books the tax tests read, made once per session (tenants.testing.SEEDED_BOOKS)."""

from __future__ import annotations

from datetime import date

from common.models import Company
from invoicing.models import Contact, Document
from invoicing.services.documents import DocumentData, document_create, document_credit
from invoicing.tests import prepared
from invoicing.tests.conftest import ALICE
from ledger.services.entries import journal_entry_create


def issue(kind: str, contact: Contact, day: date, *lines: dict[str, str]) -> Document:
    data = DocumentData(kind=kind, contact=contact, issue_date=day, lines=list(lines))
    return document_create(data=data, actor=ALICE, issue=True)


def hand(day: date, *lines: dict[str, str]) -> None:
    journal_entry_create(date=day, lines=list(lines), actor=ALICE, post=True)


def fill_quarter(company: Company) -> None:
    """Q1 2026 (see the figures in test_return.py), with an April invoice after it: invoices, bills,
    a credit note and hand entries with tax, on the invoicing tests' books and contacts."""
    prepared.fill(company)
    customer, vendor = prepared.customer(), prepared.vendor()
    issue("invoice", customer, date(2026, 1, 15),
          {"description": "Standard", "unit_price": "1000", "tax_code": "VAT20"},
          {"description": "Reduced", "unit_price": "200", "tax_code": "VAT5"},
          {"description": "Zero", "unit_price": "50", "tax_code": "VAT0"})  # fmt: skip
    second = issue("invoice", customer, date(2026, 2, 10),
                   {"description": "Work", "unit_price": "500", "tax_code": "VAT20"})  # fmt: skip
    part = {"description": "Part", "unit_price": "200", "tax_code": "VAT20", "account": "4100"}
    document_credit(document=second, actor=ALICE, issue_date=date(2026, 2, 20), lines=[part])
    issue("bill", vendor, date(2026, 2, 1),
          {"description": "Rent", "unit_price": "500", "account": "6200", "tax_code": "VAT20"})  # fmt: skip
    issue("bill", vendor, date(2026, 3, 5),
          {"description": "Paper", "unit_price": "40", "account": "6400", "tax_code": "VAT5"})  # fmt: skip
    hand(date(2026, 3, 20), {"account": "1110", "debit": "120"},
         {"account": "4100", "credit": "100", "tax_code": "VAT20"},
         {"account": "2300", "credit": "20", "tax_code": "VAT20"})  # fmt: skip
    hand(date(2026, 3, 25), {"account": "6700", "debit": "50", "tax_code": "VAT20"},
         {"account": "2300", "debit": "10", "tax_code": "VAT20"},
         {"account": "1120", "credit": "60"})  # fmt: skip
    hand(date(2026, 3, 26), {"account": "6500", "debit": "5"}, {"account": "1120", "credit": "5"})
    issue("invoice", customer, date(2026, 4, 2),
          {"description": "Next quarter", "unit_price": "300", "tax_code": "VAT20"})  # fmt: skip
