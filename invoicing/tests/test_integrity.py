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


def test_an_allocation_keeps_the_day_it_happened_on_and_verify_ledger_checks_it(customer):
    """Money received on 1 March settles an invoice issued on 20 March: it happens on the 20th
    (the aging of a past day reads it from `happened_on`)."""
    from invoicing.integrity import allocation_problems
    from invoicing.models import Allocation

    data = DocumentData(kind="invoice", contact=customer, issue_date=date(2026, 3, 20),
                        lines=[{"description": "x", "unit_price": "100"}])  # fmt: skip
    made = document_create(data=data, actor=ALICE, issue=True)
    payment_create(direction="received", party="customer", contact=customer, date=date(2026, 3, 1),
                   account="1140", amount="100", allocations=[{"document": made.pk, "amount": "100"}],
                   actor=ALICE)  # fmt: skip
    allocation = Allocation.objects.get()
    assert (allocation.date, allocation.happened_on) == (date(2026, 3, 1), date(2026, 3, 20))
    assert allocation_problems() == []

    # A row written without it (code of the release before, during a deploy) gets it from a trigger.
    payment = allocation.credit_payment
    again = Allocation.objects.create(debit_document=made, credit_payment=payment, date=date(2026, 3, 2),
                                      amount=1, happened_on=None)  # type: ignore[misc]  # fmt: skip
    again.refresh_from_db()
    assert again.happened_on == date(2026, 3, 20)
    again.delete()

    Allocation.objects.filter(pk=allocation.pk).update(happened_on=date(2026, 3, 1))
    assert allocation_problems() == [
        f"allocation {allocation.pk}: happened_on is 2026-03-01, its date and its items' say 2026-03-20"
    ]
