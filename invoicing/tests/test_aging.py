"""Aged receivables and payables: buckets computed by hand, partial payments, credits, past days."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from invoicing.models import Contact, Document, Payment
from invoicing.reports import AgingRow, aging
from invoicing.services.documents import DocumentData, document_create, document_credit
from invoicing.services.payments import payment_allocate, payment_create
from invoicing.services.setup import invoicing_settings
from ledger.models import AccountBalance
from tenants.testing import tenant_db

from .conftest import ALICE

pytestmark = tenant_db
D = Decimal
JUNE_30 = date(2026, 6, 30)


def issue(
    contact: Contact, amount: str, issued: date, due: date, *, kind: str = "invoice", currency: str = "USD"
) -> Document:
    account = "4100" if kind == "invoice" else "6400"
    data = DocumentData(
        kind=kind, contact=contact, issue_date=issued, due_date=due, currency=currency,
        lines=[{"description": "Work", "unit_price": amount, "account": account}],
    )  # fmt: skip
    return document_create(data=data, actor=ALICE, issue=True)


def pay(
    contact: Contact,
    amount: str,
    day: date,
    allocations: Iterable[dict[str, Any]] = (),
    *,
    direction: str = "received",
    party: str = "customer",
    **kw: Any,
) -> Payment:
    return payment_create(
        direction=direction, party=party, contact=contact, date=day, account=kw.pop("account", "1120"),
        amount=amount, allocations=list(allocations), actor=ALICE, **kw,
    )  # fmt: skip


def figures(row: AgingRow) -> dict[str, Decimal]:
    names = ("current", "days_1_30", "days_31_60", "days_61_90", "over_90", "credits", "total")
    return {name: getattr(row, name) for name in names if getattr(row, name)}


def test_each_invoice_lands_in_the_bucket_its_days_past_due_say(customer):
    issue(customer, "100.00", date(2026, 6, 20), date(2026, 7, 4))  # not yet due
    issue(customer, "10.00", date(2026, 6, 1), JUNE_30)  # due today: still current
    issue(customer, "200.00", date(2026, 5, 15), date(2026, 6, 10))  # 20 days late
    issue(customer, "30.00", date(2026, 5, 1), date(2026, 5, 31))  # 30 days
    issue(customer, "60.00", date(2026, 4, 1), date(2026, 5, 1))  # 60 days
    issue(customer, "300.00", date(2026, 4, 1), date(2026, 4, 30))  # 61 days
    issue(customer, "90.00", date(2026, 3, 1), date(2026, 4, 1))  # 90 days
    issue(customer, "400.00", date(2026, 3, 1), date(2026, 3, 31))  # 91 days

    report = aging("receivables", JUNE_30)

    [row] = report.rows
    assert (row.contact, row.name, row.currency) == (customer.pk, "Globex Ltd", "USD")
    assert figures(row) == {
        "current": D("110.00"),
        "days_1_30": D("230.00"),
        "days_31_60": D("60.00"),
        "days_61_90": D("390.00"),
        "over_90": D("400.00"),
        "total": D("1190.00"),
    }
    assert row.base_total == D("1190.00") and report.base_total == D("1190.00")


def test_partial_payments_credit_notes_and_unallocated_money_reduce_what_is_owed(customer):
    late = issue(customer, "400.00", date(2026, 3, 1), date(2026, 3, 31))
    recent = issue(customer, "200.00", date(2026, 5, 15), date(2026, 6, 10))
    paid = issue(customer, "50.00", date(2026, 5, 1), date(2026, 5, 15))
    pay(customer, "150.00", date(2026, 6, 1), [{"document": late.pk, "amount": "150.00"}])
    pay(customer, "50.00", date(2026, 6, 2), [{"document": paid.pk, "amount": "50.00"}])
    pay(customer, "70.00", date(2026, 6, 3))  # nothing named: a credit on the account
    document_credit(document=recent, actor=ALICE, issue_date=date(2026, 6, 5),
                    lines=[{"description": "Discount", "unit_price": "20.00"}])  # fmt: skip
    document_credit(document=paid, actor=ALICE, issue_date=date(2026, 6, 6),
                    lines=[{"description": "Returned", "unit_price": "15.00"}])  # fmt: skip

    report = aging("receivables", JUNE_30, items=True)

    [row] = report.rows
    # 400 - 150 over 90 days; 200 - 20 credited 20 days late; the payment and the credit note of
    # an invoice already paid stay open as credits.
    assert figures(row) == {
        "days_1_30": D("180.00"),
        "over_90": D("250.00"),
        "credits": D("-85.00"),
        "total": D("345.00"),
    }
    assert sorted((i.kind, i.bucket, i.open) for i in report.items or []) == [
        ("credit_note", "credits", D("-15.00")),
        ("invoice", "days_1_30", D("180.00")),
        ("invoice", "over_90", D("250.00")),
        ("received", "credits", D("-70.00")),
    ]


def test_as_of_a_past_day_later_documents_are_left_out_and_later_payments_added_back(customer):
    march = issue(customer, "400.00", date(2026, 3, 1), date(2026, 3, 31))
    money = pay(customer, "100.00", date(2026, 4, 10), [{"document": march.pk, "amount": "60.00"}])
    payment_allocate(payment=money, allocations=[{"document": march.pk, "amount": "40.00"}], actor=ALICE,
                     date=date(2026, 5, 20))  # fmt: skip
    issue(customer, "75.00", date(2026, 5, 1), date(2026, 5, 31))

    def row_on(day: date) -> dict[str, Decimal]:
        rows = aging("receivables", day).rows
        return figures(rows[0]) if rows else {}

    assert row_on(date(2026, 2, 28)) == {}
    assert row_on(date(2026, 3, 31)) == {"current": D("400.00"), "total": D("400.00")}
    # April 30: 60 settled on April 10, the other 40 of the payment not yet allocated.
    assert row_on(date(2026, 4, 30)) == {"days_1_30": D("340.00"), "credits": D("-40.00"),
                                         "total": D("300.00")}  # fmt: skip
    assert row_on(date(2026, 5, 20)) == {"days_31_60": D("300.00"), "current": D("75.00"),
                                         "total": D("375.00")}  # fmt: skip
    assert row_on(JUNE_30) == {"over_90": D("300.00"), "days_1_30": D("75.00"), "total": D("375.00")}


def test_a_payment_allocated_before_its_invoice_existed_is_a_credit_until_then(customer):
    money = pay(customer, "80.00", date(2026, 3, 1))
    later = issue(customer, "80.00", date(2026, 3, 20), date(2026, 4, 3))
    payment_allocate(payment=money, allocations=[{"document": later.pk, "amount": "80.00"}], actor=ALICE,
                     date=date(2026, 3, 1))  # fmt: skip

    assert figures(aging("receivables", date(2026, 3, 10)).rows[0]) == {
        "credits": D("-80.00"),
        "total": D("-80.00"),
    }
    assert aging("receivables", date(2026, 3, 20)).rows == []


def test_two_currencies_give_two_rows_each_with_its_booked_base_value(customer, books):
    issue(customer, "1000.00", date(2026, 2, 1), date(2026, 2, 15), currency="EUR")  # at 1.10
    issue(customer, "50.00", date(2026, 6, 1), date(2026, 7, 1))
    other = Contact.objects.create(name="Acme Corp", payment_terms_days=30)
    issue(other, "25.00", date(2026, 6, 1), date(2026, 7, 1))

    report = aging("receivables", JUNE_30)

    assert [(r.name, r.currency, r.total, r.base_total) for r in report.rows] == [
        ("Acme Corp", "USD", D("25.00"), D("25.00")),
        ("Globex Ltd", "EUR", D("1000.00"), D("1100.00")),
        ("Globex Ltd", "USD", D("50.00"), D("50.00")),
    ]
    assert [(t.currency, t.total, t.current, t.over_90) for t in report.currencies] == [
        ("EUR", D("1000.00"), D("0"), D("1000.00")),
        ("USD", D("75.00"), D("75.00"), D("0")),
    ]
    assert report.base_total == D("1175.00")
    only = aging("receivables", JUNE_30, contact=other)
    assert [r.name for r in only.rows] == ["Acme Corp"]


def test_a_partly_paid_foreign_invoice_keeps_the_booked_value_of_what_is_open(customer):
    inv = issue(customer, "1000.00", date(2026, 2, 1), date(2026, 2, 15), currency="EUR")  # 1,100.00
    pay(customer, "400.00", date(2026, 3, 5), [{"document": inv.pk, "amount": "400.00"}], account="1140")

    today, before = aging("receivables", JUNE_30), aging("receivables", date(2026, 3, 1))

    assert (today.rows[0].total, today.rows[0].base_total) == (D("600.00"), D("660.00"))
    assert (before.rows[0].total, before.rows[0].base_total) == (D("1000.00"), D("1100.00"))


def test_aged_payables_show_bills_owed_and_vendor_credits_as_credits(vendor):
    bill = issue(vendor, "500.00", date(2026, 5, 1), date(2026, 5, 31), kind="bill")
    issue(vendor, "120.00", date(2026, 6, 15), date(2026, 7, 15), kind="bill")
    pay(vendor, "200.00", date(2026, 6, 10), [{"document": bill.pk, "amount": "200.00"}],
        direction="paid", party="vendor")  # fmt: skip
    pay(vendor, "30.00", date(2026, 6, 12), direction="paid", party="vendor")  # paid ahead

    report = aging("payables", JUNE_30)

    assert figures(report.rows[0]) == {
        "current": D("120.00"),
        "days_1_30": D("300.00"),
        "credits": D("-30.00"),
        "total": D("390.00"),
    }
    assert aging("receivables", JUNE_30).rows == []


def test_on_every_day_the_open_items_add_up_to_the_control_account(customer):
    first = issue(customer, "300.00", date(2026, 3, 1), date(2026, 3, 31))
    second = issue(customer, "120.00", date(2026, 4, 1), date(2026, 4, 30))
    money = pay(customer, "200.00", date(2026, 4, 5), [{"document": first.pk, "amount": "150.00"}])
    payment_allocate(payment=money, allocations=[{"document": second.pk, "amount": "50.00"}], actor=ALICE,
                     date=date(2026, 4, 25))  # fmt: skip
    document_credit(document=second, actor=ALICE, issue_date=date(2026, 5, 2))
    control = invoicing_settings().receivable_account

    for day in (date(2026, 3, 15), date(2026, 4, 10), date(2026, 4, 30), date(2026, 5, 5)):
        books: dict[str, Decimal] = defaultdict(Decimal)
        sums = AccountBalance.objects.filter(account=control, date__lte=day).values("currency")
        for row in sums.annotate(debit=Sum("debit"), credit=Sum("credit")):
            books[row["currency"]] += row["debit"] - row["credit"]
        assert {t.currency: t.total for t in aging("receivables", day).currencies} == dict(books), day
    assert Document.objects.filter(kind="credit_note").get().open_amount == D("50.00")
    assert Payment.objects.get().open_amount == D("0")
