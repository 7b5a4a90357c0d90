"""Payments: full, partial, several documents, over-payments, refunds and realised FX."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from common.errors import DomainError
from invoicing.models import Contact, Document, Payment
from invoicing.services.documents import DocumentData, document_create
from invoicing.services.payments import payment_allocate, payment_create
from ledger.models import JournalEntry, JournalLine
from tenants.testing import tenant_db

from .conftest import ALICE

pytestmark = tenant_db
D = Decimal


def lines_of(entry: JournalEntry) -> list[tuple[str, str, Decimal, str, Decimal]]:
    return [
        (line.account.code, line.side, line.amount, line.currency_id, line.base_amount)
        for line in JournalLine.objects.filter(entry=entry).select_related("account").order_by("line_no")
    ]


def invoice(
    contact: Contact, amount: str, *, currency: str = "USD", day: date = date(2026, 2, 10)
) -> Document:
    data = DocumentData(
        kind="invoice", contact=contact, issue_date=day, currency=currency,
        lines=[{"description": "Work", "unit_price": amount}],
    )  # fmt: skip
    return document_create(data=data, actor=ALICE, issue=True)


def receive(contact: Contact, amount: str, allocations: list[dict[str, Any]], **kwargs: Any) -> Payment:
    kwargs.setdefault("account", "1120")
    kwargs.setdefault("date", date(2026, 2, 15))
    return payment_create(
        direction="received", party="customer", contact=contact, amount=amount, allocations=allocations,
        actor=ALICE, **kwargs,
    )  # fmt: skip


def test_a_full_payment_settles_the_invoice_in_two_lines(customer):
    inv = invoice(customer, "250.00")
    paid = receive(customer, "250.00", [{"document": inv.pk, "amount": "250.00"}], reference="TRX-1")
    assert lines_of(paid.entry) == [("1120", "D", D("250.00"), "USD", D("250.00")),
                                    ("1200", "C", D("250.00"), "USD", D("250.00"))]  # fmt: skip
    inv.refresh_from_db()
    assert (inv.status, inv.open_amount, paid.open_amount) == ("paid", D("0"), D("0"))
    assert paid.entry.source == "payments"


def test_one_payment_settles_two_invoices_and_the_rest_stays_a_credit(customer):
    first, second = invoice(customer, "100.00"), invoice(customer, "80.00")
    paid = receive(customer, "200.00", [{"document": first.pk, "amount": "100.00"},
                                        {"document": second.pk, "amount": "30.00"}])  # fmt: skip
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.open_amount) == ("paid", "partly_paid", D("50.00"))
    assert paid.open_amount == D("70.00")
    # The credit settles the rest of the second invoice later, without a new entry (same value).
    made = payment_allocate(payment=paid, allocations=[{"document": second.pk, "amount": "50.00"}],
                            actor=ALICE, date=date(2026, 2, 20))  # fmt: skip
    assert made[0].entry is None
    second.refresh_from_db()
    paid.refresh_from_db()
    assert (second.status, paid.open_amount) == ("paid", D("20.00"))


def test_a_refund_pays_back_a_customer_credit(customer):
    paid = receive(customer, "40.00", [])
    refund = payment_create(
        direction="paid", party="customer", contact=customer, date=date(2026, 2, 16), account="1120",
        amount="40.00", allocations=[{"payment": paid.pk, "amount": "40.00"}], actor=ALICE,
    )  # fmt: skip
    assert lines_of(refund.entry) == [("1120", "C", D("40.00"), "USD", D("40.00")),
                                      ("1200", "D", D("40.00"), "USD", D("40.00"))]  # fmt: skip
    paid.refresh_from_db()
    assert paid.open_amount == 0 and refund.open_amount == 0


def test_paying_more_than_is_open_is_refused_and_writes_nothing(customer):
    inv = invoice(customer, "10.00")
    with pytest.raises(DomainError) as info:
        receive(customer, "20.00", [{"document": inv.pk, "amount": "15.00"}])
    assert info.value.code == "over_allocation"
    assert not Payment.objects.exists()
    inv.refresh_from_db()
    assert inv.open_amount == D("10.00")


def test_a_euro_payment_at_a_new_rate_books_the_realised_gain_in_the_same_entry(customer):
    inv = invoice(customer, "1000.00", currency="EUR")  # booked at 1.10: 1,100.00 USD
    paid = receive(customer, "1000.00", [{"document": inv.pk, "amount": "1000.00"}], account="1140",
                   date=date(2026, 3, 5))  # 1.20: 1,200.00 USD  # fmt: skip
    assert lines_of(paid.entry) == [
        ("1140", "D", D("1000.00"), "EUR", D("1200.00")),
        ("1200", "C", D("1000.00"), "EUR", D("1200.00")),
        ("1200", "C", D("1000.00"), "EUR", D("1100.00")),
        ("1200", "D", D("1000.00"), "EUR", D("1200.00")),
        ("3900", "C", D("1000.00"), "EUR", D("1300.00")),
        ("3900", "D", D("1000.00"), "EUR", D("1200.00")),
        ("3900", "D", D("100.00"), "USD", D("100.00")),
        ("4950", "C", D("100.00"), "USD", D("100.00")),
    ]
    allocation = inv.debit_allocations.get()
    assert allocation.fx_amount == D("100.00")
    inv.refresh_from_db()
    assert (inv.open_amount, inv.base_open) == (D("0"), D("0"))


def test_a_partial_euro_payment_releases_its_share_of_the_booked_value(customer):
    inv = invoice(customer, "1000.00", currency="EUR")
    receive(customer, "400.00", [{"document": inv.pk, "amount": "400.00"}], account="1140",
            date=date(2026, 3, 5))  # fmt: skip
    inv.refresh_from_db()
    assert (inv.open_amount, inv.base_open, inv.status) == (D("600.00"), D("660.00"), "partly_paid")
    assert inv.debit_allocations.get().fx_amount == D("40.00")  # 400 x (1.20 - 1.10)


def test_a_credit_notes_rest_settles_another_invoice(customer):
    from invoicing.services.documents import document_credit
    from invoicing.services.payments import item_allocate

    first, second = invoice(customer, "100.00"), invoice(customer, "70.00")
    receive(customer, "60.00", [{"document": first.pk, "amount": "60.00"}])
    credit = document_credit(
        document=first, actor=ALICE, issue_date=date(2026, 2, 16)
    )  # 100 credited, 40 open
    credit.refresh_from_db()
    assert credit.open_amount == D("60.00")
    item_allocate(item=credit, allocations=[{"document": second.pk, "amount": "60.00"}], actor=ALICE,
                  date=date(2026, 2, 17))  # fmt: skip
    second.refresh_from_db()
    credit.refresh_from_db()
    assert (second.open_amount, second.status, credit.open_amount) == (D("10.00"), "partly_paid", D("0"))


@pytest.fixture
def usd_bank(customer):
    """The bank current account takes US dollars only."""
    from ledger.models import Account

    Account.objects.filter(code="1120").update(currency_id="USD")


def test_a_euro_invoice_paid_from_a_dollar_account_converts_and_realises_the_gain_in_one_entry(
    customer, usd_bank
):
    inv = invoice(customer, "1000.00", currency="EUR")  # booked at 1.10: 1,100.00 USD
    # The bank paid out 1,180.00 USD for the 1,000.00 EUR (not the day's 1.20: its own price).
    paid = receive(customer, "1180.00", [{"document": inv.pk, "amount": "1000.00"}], date=date(2026, 3, 5))

    assert lines_of(paid.entry) == [
        ("1120", "D", D("1180.00"), "USD", D("1180.00")),
        ("3900", "C", D("1180.00"), "USD", D("1180.00")),  # the dollars converted...
        ("3900", "D", D("1000.00"), "EUR", D("1180.00")),  # ...into the euros they bought
        ("1200", "C", D("1000.00"), "EUR", D("1180.00")),
        ("1200", "C", D("1000.00"), "EUR", D("1100.00")),  # the invoice leaves at its booked value
        ("1200", "D", D("1000.00"), "EUR", D("1180.00")),
        ("3900", "C", D("1000.00"), "EUR", D("1260.00")),
        ("3900", "D", D("1000.00"), "EUR", D("1180.00")),
        ("3900", "D", D("80.00"), "USD", D("80.00")),
        ("4950", "C", D("80.00"), "USD", D("80.00")),  # realised: 1,180.00 - 1,100.00
    ]
    assert (paid.currency_id, paid.amount, paid.bank_currency_id, paid.bank_amount) == (
        "EUR", D("1000.00"), "USD", D("1180.00"),
    )  # fmt: skip
    assert (paid.base_amount, paid.exchange_rate, paid.open_amount) == (D("1180.00"), D("1.18"), D("0"))
    assert inv.debit_allocations.get().fx_amount == D("80.00")
    inv.refresh_from_db()
    assert (inv.status, inv.open_amount, inv.base_open) == ("paid", D("0"), D("0"))
    from invoicing.integrity import control_account_problems

    assert control_account_problems() == []


def test_two_euro_invoices_partly_paid_from_a_dollar_account_realise_a_loss(customer, usd_bank):
    first = invoice(customer, "600.00", currency="EUR", day=date(2026, 3, 2))  # at 1.20: 720.00
    second = invoice(customer, "400.00", currency="EUR")  # at 1.10: 440.00
    paid = receive(customer, "1045.00", [{"document": first.pk, "amount": "600.00"},
                                         {"document": second.pk, "amount": "350.00"}],
                   date=date(2026, 3, 5))  # fmt: skip

    # 950.00 EUR bought for 1,045.00 USD (1.10): the first (720.00) and 350 of the second (385.00)
    # leave at 1,105.00, the money is worth 1,045.00: a loss of 60.00, shared by the allocations.
    assert (paid.amount, paid.base_amount, paid.bank_amount) == (D("950.00"), D("1045.00"), D("1045.00"))
    realised = [line for line in lines_of(paid.entry) if line[0] == "4950"]
    assert realised == [("4950", "D", D("60.00"), "USD", D("60.00"))]
    assert sorted(a.fx_amount for a in paid.credit_allocations.all()) == [D("-60.00"), D("0.00")]
    second.refresh_from_db()
    assert (second.open_amount, second.base_open, second.status) == (D("50.00"), D("55.00"), "partly_paid")


def test_from_an_account_in_another_currency_a_payment_must_name_what_it_settles(customer, usd_bank):
    with pytest.raises(DomainError) as info:
        receive(customer, "100.00", [], currency="EUR")
    assert info.value.code == "account_currency_mismatch"
    assert not Payment.objects.exists()
