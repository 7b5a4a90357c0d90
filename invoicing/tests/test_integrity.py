"""verify_ledger proves receivables and payables equal their open items, per currency."""

from __future__ import annotations

from datetime import date

from invoicing.integrity import control_account_problems
from invoicing.models import Document
from invoicing.services.documents import DocumentData, document_create
from invoicing.services.payments import payment_create
from tenants.testing import tenant_db

from .conftest import ALICE

pytestmark = tenant_db


def test_control_accounts_equal_open_items_after_invoices_bills_and_payments(customer, vendor):
    cases = (
        ("invoice", customer, "USD", None),
        ("invoice", customer, "EUR", None),
        ("bill", vendor, "USD", "6400"),
    )
    for kind, contact, currency, account in cases:
        line = {"description": "x", "unit_price": "100", "account": account}
        data = DocumentData(
            kind=kind, contact=contact, issue_date=date(2026, 2, 1), currency=currency, lines=[line]
        )
        document_create(data=data, actor=ALICE, issue=True)
    first = Document.objects.filter(currency="EUR").get()
    payment_create(direction="received", party="customer", contact=customer, date=date(2026, 3, 2),
                   account="1140", amount="150", allocations=[{"document": first.pk, "amount": "60"}],
                   actor=ALICE)  # fmt: skip
    assert control_account_problems() == []


def test_an_open_item_that_disagrees_with_its_control_account_is_reported(customer):
    data = DocumentData(kind="invoice", contact=customer, issue_date=date(2026, 2, 1),
                        lines=[{"description": "x", "unit_price": "100"}])  # fmt: skip
    made = document_create(data=data, actor=ALICE, issue=True)
    Document.objects.filter(pk=made.pk).update(open_amount=90)
    assert control_account_problems() == [
        "control account 1200 USD: the books say 100.0000, open documents and payments add up to 90.0000"
    ]


def test_verify_ledger_fails_on_a_control_account_that_disagrees(customer):
    from io import StringIO

    import pytest
    from django.core.management import CommandError, call_command

    data = DocumentData(kind="invoice", contact=customer, issue_date=date(2026, 2, 1),
                        lines=[{"description": "x", "unit_price": "100"}])  # fmt: skip
    made = document_create(data=data, actor=ALICE, issue=True)
    call_command("verify_ledger", "acme", stdout=StringIO())  # sound: no error
    Document.objects.filter(pk=made.pk).update(open_amount=0)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_ledger", "acme", stdout=out)
    assert "control account 1200 USD" in out.getvalue()
