"""Unrealised FX at a month end, reversed the next day; realised at payment; never twice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from common.errors import DomainError
from invoicing.services.documents import DocumentData, document_create
from invoicing.services.payments import payment_create
from invoicing.services.revaluation import revaluation_create, revaluation_preview
from ledger.models import AccountBalance, ExchangeRate, JournalLine
from ledger.services.periods import period_close, period_for
from tenants.testing import tenant_db

from .conftest import ALICE

pytestmark = tenant_db
D = Decimal
FEB_END = date(2026, 2, 28)


def fx_result(through: date) -> Decimal:
    """The exchange gains and losses account's credit balance (a gain) through a date."""
    rows = AccountBalance.objects.filter(account__code="4950", date__lte=through)
    return sum((r.base_credit - r.base_debit for r in rows), Decimal(0))


@pytest.fixture
def euro_invoice(customer):
    ExchangeRate.objects.create(currency_id="EUR", date=FEB_END, rate=D("1.15"))
    data = DocumentData(kind="invoice", contact=customer, issue_date=date(2026, 2, 10), currency="EUR",
                        lines=[{"description": "Work", "unit_price": "1000.00"}])  # fmt: skip
    return document_create(data=data, actor=ALICE, issue=True)  # 1,100.00 USD at 1.10


def test_the_preview_shows_each_balance_and_writes_nothing(euro_invoice):
    [row] = revaluation_preview(as_of=FEB_END)
    assert (row.account, row.currency, row.balance, row.booked, row.revalued, row.difference) == (
        "1200", "EUR", D("1000.0000"), D("1100.0000"), D("1150.00"), D("50.00")
    )  # fmt: skip
    assert fx_result(FEB_END) == 0


def test_a_month_end_revaluation_and_a_later_payment_count_the_difference_once(euro_invoice, customer):
    made = revaluation_create(as_of=FEB_END, actor=ALICE)
    assert made.difference == D("50.00")
    assert made.entry is not None and made.reversal is not None
    assert (made.entry.date, made.reversal.date) == (FEB_END, date(2026, 3, 1))
    assert fx_result(FEB_END) == D("50.00")  # unrealised in February
    assert fx_result(date(2026, 3, 1)) == 0  # reversed on the first of March
    allocations = [{"document": euro_invoice.pk, "amount": "1000"}]
    payment_create(direction="received", party="customer", contact=customer, date=date(2026, 3, 5),
                   account="1140", amount="1000.00", allocations=allocations, actor=ALICE)  # fmt: skip
    assert fx_result(date(2026, 3, 31)) == D("100.00")  # realised once: 1,000 x (1.20 - 1.10)
    receivables = JournalLine.objects.filter(account__code="1200").exclude(entry__status="draft")
    assert sum((x.base_amount if x.side == "D" else -x.base_amount for x in receivables), D(0)) == 0


def test_the_same_date_twice_returns_the_first(euro_invoice):
    first = revaluation_create(as_of=FEB_END, actor=ALICE)
    again = revaluation_create(as_of=FEB_END, actor=ALICE)
    assert again.pk == first.pk and getattr(again, "replayed", False)
    assert fx_result(FEB_END) == D("50.00")


def test_a_revaluation_into_a_closed_period_is_refused(euro_invoice):
    period_close(period=period_for(FEB_END), actor=ALICE)
    with pytest.raises(DomainError) as info:
        revaluation_create(as_of=FEB_END, actor=ALICE)
    assert info.value.code == "period_closed"


def test_a_foreign_bank_balance_is_revalued_too(customer):
    payment_create(direction="received", party="customer", contact=customer, date=date(2026, 2, 3),
                   account="1140", amount="200.00", currency="EUR", actor=ALICE)  # fmt: skip
    ExchangeRate.objects.create(currency_id="EUR", date=FEB_END, rate=D("1.15"))
    rows = {(r.account, r.currency): r.difference for r in revaluation_preview(as_of=FEB_END)}
    # The bank holds 200 EUR booked at 220.00; the customer's credit is a liability of the same.
    assert rows == {("1140", "EUR"): D("10.00"), ("1200", "EUR"): D("-10.00")}
    assert revaluation_create(as_of=FEB_END, actor=ALICE).difference == 0


def test_the_api_previews_then_revalues_once(users, client_for, euro_invoice):
    alan = client_for(users["accountant"])
    preview = alan.post("/t/acme/api/v1/revaluations/preview/", {"as_of": "2026-02-28"}, format="json")
    assert preview.status_code == 200, preview.json()
    assert preview.json()["lines"][0]["difference"] == "50.00"
    made = alan.post("/t/acme/api/v1/revaluations/", {"as_of": "2026-02-28"}, format="json")
    again = alan.post("/t/acme/api/v1/revaluations/", {"as_of": "2026-02-28"}, format="json")
    assert (made.status_code, again.status_code) == (201, 200)
    assert made.json()["difference"] == "50.00" and again.json()["id"] == made.json()["id"]
    bad = alan.post("/t/acme/api/v1/revaluations/", {"as_of": "28.02.2026"}, format="json")
    assert bad.status_code == 400 and "as_of" in bad.json()["fields"]
