"""Issuing documents: numbers, tax, and the entry behind each, line by line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from common.errors import DomainError
from invoicing.models import Contact, Document
from invoicing.services.documents import DocumentData, document_create, document_credit, document_issue
from ledger.models import JournalLine
from ledger.services.entries import journal_entry_create
from tenants.testing import tenant_db

from .conftest import ALICE

pytestmark = tenant_db
D = Decimal


def lines_of(document: Document) -> list[tuple[str, str, Decimal, str, Decimal, str | None]]:
    return [
        (line.account.code, line.side, line.amount, line.currency_id, line.base_amount,
         line.tax_code.code if line.tax_code else None)
        for line in JournalLine.objects.filter(entry=document.entry).select_related("account", "tax_code")
        .order_by("line_no")
    ]  # fmt: skip


def invoice(
    contact: Contact, *lines: dict[str, str], day: date = date(2026, 2, 10), issue: bool = True, **kwargs: Any
) -> Document:
    data = DocumentData(kind="invoice", contact=contact, issue_date=day, lines=list(lines), **kwargs)
    return document_create(data=data, actor=ALICE, issue=issue)


def test_an_invoice_posts_receivable_against_revenue_and_vat(customer):
    made = invoice(
        customer,
        {"description": "Consulting", "quantity": "3", "unit_price": "100.00", "tax_code": "VAT20"},
        {"description": "Books", "unit_price": "10.00", "discount_percent": "10", "tax_code": "VAT0"},
    )
    assert made.number == "INV-2026-0001" and made.status == "issued"
    assert (made.net_total, made.tax_total, made.total) == (D("309.00"), D("60.00"), D("369.00"))
    assert made.due_date == date(2026, 2, 24)  # 14 days' terms
    assert lines_of(made) == [
        ("1200", "D", D("369.00"), "USD", D("369.00"), None),
        ("4100", "C", D("300.00"), "USD", D("300.00"), "VAT20"),
        ("4100", "C", D("9.00"), "USD", D("9.00"), "VAT0"),
        ("2300", "C", D("60.00"), "USD", D("60.00"), "VAT20"),
    ]
    assert made.entry is not None
    assert made.entry.source == "sales" and made.entry.reference == "INV-2026-0001"


def test_a_euro_invoice_is_booked_at_the_rate_of_its_day(customer):
    made = invoice(
        customer, {"description": "Work", "unit_price": "1000", "tax_code": "VAT20"}, currency="EUR"
    )
    assert made.exchange_rate == D("1.10")
    assert lines_of(made) == [
        ("1200", "D", D("1200.00"), "EUR", D("1320.00"), None),
        ("4100", "C", D("1000.00"), "EUR", D("1100.00"), "VAT20"),
        ("2300", "C", D("200.00"), "EUR", D("220.00"), "VAT20"),
    ]
    assert (made.open_amount, made.base_open) == (D("1200.00"), D("1320.00"))


def test_tax_rounding_per_document_rounds_once_per_code(customer):
    from invoicing.services.setup import invoicing_settings

    settings = invoicing_settings()
    three = [{"description": f"Item {i}", "unit_price": "0.125", "tax_code": "VAT20"} for i in range(3)]
    per_line = invoice(customer, *three, issue=False)  # 0.13 each (half up), tax 0.03 each
    assert (per_line.net_total, per_line.tax_total) == (D("0.39"), D("0.09"))
    settings.tax_rounding = "document"
    settings.save()
    per_document = invoice(customer, *three, issue=False)  # tax on 0.39 once: 0.078 -> 0.08
    assert (per_document.net_total, per_document.tax_total) == (D("0.39"), D("0.08"))
    assert sorted(line.tax_amount for line in per_document.lines.all()) == [D("0.02"), D("0.03"), D("0.03")]


def test_numbers_are_gapless_per_kind_and_year_and_drafts_have_none(customer, vendor):
    draft = invoice(customer, {"description": "x", "unit_price": "1"}, issue=False)
    first = invoice(customer, {"description": "x", "unit_price": "1"})
    bill = document_create(
        data=DocumentData(kind="bill", contact=vendor, issue_date=date(2026, 2, 1),
                          lines=[{"description": "Paper", "unit_price": "5", "account": "6400"}]),
        actor=ALICE, issue=True,
    )  # fmt: skip
    assert draft.number == "" and first.number == "INV-2026-0001" and bill.number == "BILL-2026-0001"
    issued = document_issue(document=draft, actor=ALICE)
    assert issued.number == "INV-2026-0002"
    later = invoice(customer, {"description": "x", "unit_price": "1"}, day=date(2027, 1, 5))
    assert later.number == "INV-2027-0001"


def test_a_refused_issue_leaves_no_gap(customer):
    draft = invoice(customer, {"description": "x", "unit_price": "1", "tax_code": "VAT20"}, issue=False)
    from ledger.models import Account

    Account.objects.filter(code="4100").update(is_active=False)
    with pytest.raises(DomainError):
        document_issue(document=draft, actor=ALICE)
    Account.objects.filter(code="4100").update(is_active=True)
    assert document_issue(document=draft, actor=ALICE).number == "INV-2026-0001"


def test_a_bill_posts_expense_and_input_vat_against_payables(vendor):
    bill = document_create(
        data=DocumentData(kind="bill", contact=vendor, issue_date=date(2026, 2, 1), vendor_reference="V-77",
                          lines=[{"description": "Rent", "unit_price": "500", "account": "6200",
                                  "tax_code": "VAT20", "tax_amount": "100.00"}]),
        actor=ALICE, issue=True,
    )  # fmt: skip
    assert lines_of(bill) == [
        ("2100", "C", D("600.00"), "USD", D("600.00"), None),
        ("6200", "D", D("500.00"), "USD", D("500.00"), "VAT20"),
        ("2300", "D", D("100.00"), "USD", D("100.00"), "VAT20"),
    ]
    assert bill.entry is not None and bill.entry.source == "purchases"


def test_a_vendor_tax_amount_that_disagrees_with_the_rate_is_refused(vendor):
    with pytest.raises(DomainError) as info:
        document_create(
            data=DocumentData(kind="bill", contact=vendor, issue_date=date(2026, 2, 1),
                              lines=[{"description": "Rent", "unit_price": "500", "account": "6200",
                                      "tax_code": "VAT20", "tax_amount": "90.00"}]),
            actor=ALICE,
        )  # fmt: skip
    assert info.value.code == "tax_amount_mismatch"
    assert "tax_amount" in info.value.fields["lines"]["0"]


def test_a_credit_note_reverses_the_invoice_and_settles_it(customer):
    original = invoice(customer, {"description": "Work", "unit_price": "100", "tax_code": "VAT20"})
    credit = document_credit(document=original, actor=ALICE, issue_date=date(2026, 2, 20))
    assert credit.number == "CRN-2026-0001" and credit.original == original
    assert lines_of(credit) == [
        ("1200", "C", D("120.00"), "USD", D("120.00"), None),
        ("4100", "D", D("100.00"), "USD", D("100.00"), "VAT20"),
        ("2300", "D", D("20.00"), "USD", D("20.00"), "VAT20"),
    ]
    original.refresh_from_db()
    credit.refresh_from_db()
    assert (original.open_amount, original.status) == (D("0"), "paid")
    assert credit.open_amount == 0
    with pytest.raises(DomainError) as info:
        document_credit(document=original, actor=ALICE, issue_date=date(2026, 2, 21))
    assert info.value.code == "credit_exceeds_original"


def test_a_hand_entry_on_receivables_is_refused_once_invoicing_is_used(customer):
    invoice(customer, {"description": "Work", "unit_price": "100"})
    with pytest.raises(DomainError) as info:
        journal_entry_create(
            date=date(2026, 2, 11),
            lines=[{"account": "1200", "debit": "5"}, {"account": "4100", "credit": "5"}],
            actor=ALICE,
            post=True,
        )
    assert info.value.code == "control_account"


def test_an_archived_contact_or_a_vendor_gets_no_invoice(customer, vendor):
    with pytest.raises(DomainError) as info:
        invoice(vendor, {"description": "x", "unit_price": "1"})
    assert info.value.code == "wrong_contact_role"
    customer.is_archived = True
    customer.save()
    with pytest.raises(DomainError) as info:
        invoice(customer, {"description": "x", "unit_price": "1"})
    assert info.value.code == "contact_archived"


def test_a_vendor_credit_reverses_part_of_a_bill_and_settles_it(vendor):
    chair = {"unit_price": "50", "account": "6400", "tax_code": "VAT20"}
    data = DocumentData(kind="bill", contact=vendor, issue_date=date(2026, 2, 1),
                        lines=[{"description": "Chairs", "quantity": "4", **chair}])  # fmt: skip
    bill = document_create(data=data, actor=ALICE, issue=True)
    returned = [{"description": "One chair returned", **chair}]
    credit = document_credit(document=bill, actor=ALICE, issue_date=date(2026, 2, 5), lines=returned)
    assert credit.number == "VCR-2026-0001" and credit.kind == "vendor_credit"
    assert lines_of(credit) == [
        ("2100", "D", D("60.00"), "USD", D("60.00"), None),
        ("6400", "C", D("50.00"), "USD", D("50.00"), "VAT20"),
        ("2300", "C", D("10.00"), "USD", D("10.00"), "VAT20"),
    ]
    bill.refresh_from_db()
    assert (bill.open_amount, bill.status) == (D("180.00"), "partly_paid")
