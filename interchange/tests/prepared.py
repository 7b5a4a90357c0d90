"""Books the interchange tests read, filled once per session (tenants.testing.SEEDED_BOOKS)."""

from __future__ import annotations

from datetime import date
from typing import Any

from common.models import Company
from invoicing.tests import prepared as invoicing
from invoicing.tests.conftest import ALICE
from ledger.api.tests.support import SETUP
from ledger.models import Account
from ledger.services.accounts import account_create, account_deactivate
from ledger.services.entries import journal_entry_create, journal_entry_reverse
from ledger.services.rates import exchange_rate_set
from tax.tests.prepared import issue

MEMO = 'Owner\'s "capital"\nsecond line \\ backslash'


def post(day: date, lines: list[dict[str, Any]], memo: str = "", **kwargs: Any) -> Any:
    return journal_entry_create(date=day, lines=lines, actor=SETUP, memo=memo, post=True, **kwargs)


def fill_for_beancount(company: Company) -> None:
    """Acme (USD) with base and EUR entries through 3900, a reversal, colon and Unicode codes, an
    account deactivated after use, and EUR rates (run inside the company's context)."""
    account_create(
        code="Assets:US:BofA:Checking", name="Checking", type="asset", actor=SETUP, create_parents=True
    )
    account_create(code="Expenses:Bank Service Charge", name="Fees", type="expense", actor=SETUP)
    account_create(code="Aufwand:Gebühren", name="Gebühren", type="expense", actor=SETUP)
    account_create(code="6990", name="Old expense", type="expense", actor=SETUP)
    exchange_rate_set(currency="EUR", day=date(2026, 10, 1), rate="1.0850", actor=SETUP)
    exchange_rate_set(currency="EUR", day=date(2026, 11, 1), rate="1.1000", actor=SETUP)
    post(
        date(2026, 1, 5),
        [{"account": "1120", "debit": "10000.00"}, {"account": "3100", "credit": "10000.00"}],
        MEMO,
    )
    post(
        date(2026, 2, 1),
        [{"account": "Assets:US:BofA:Checking", "debit": "2500.00", "description": "transfer \"in\""},
         {"account": "1120", "credit": "2500.00"}],
        reference="TR-1",
    )  # fmt: skip
    post(
        date(2026, 3, 2),
        [{"account": "1120", "debit": "100.00"}, {"account": "4100", "credit": "100.00"}],
        "Sale",
    )
    wrong = post(
        date(2026, 3, 3), [{"account": "1120", "debit": "50.00"}, {"account": "4100", "credit": "50.00"}]
    )
    journal_entry_reverse(entry=wrong, actor=SETUP, memo="Mistake")
    post(
        date(2026, 4, 1),
        [{"account": "Expenses:Bank Service Charge", "debit": "12.34"},
         {"account": "Aufwand:Gebühren", "debit": "0.66"},
         {"account": "Assets:US:BofA:Checking", "credit": "13.00"}],
    )  # fmt: skip
    post(date(2026, 5, 1), [{"account": "6990", "debit": "40.00"}, {"account": "1120", "credit": "40.00"}])
    account_deactivate(account=Account.objects.get(code="6990"), actor=SETUP)
    post(
        date(2026, 10, 10),
        [{"account": "1200", "debit": "2000.00", "currency": "EUR"},
         {"account": "3900", "credit": "2000.00", "currency": "EUR"},
         {"account": "3900", "debit": "2170.00"},
         {"account": "4100", "credit": "2170.00"}],
        "Invoice to a French customer",
    )  # fmt: skip
    post(
        date(2026, 11, 9),
        [{"account": "1140", "debit": "2000.00", "currency": "EUR"},
         {"account": "3900", "credit": "2000.00", "currency": "EUR"},
         {"account": "3900", "debit": "2200.00"},
         {"account": "3900", "debit": "2000.00", "currency": "EUR", "exchange_rate": "1.085"},
         {"account": "1200", "credit": "2000.00", "currency": "EUR", "exchange_rate": "1.085"},
         {"account": "3900", "credit": "2170.00"},
         {"account": "4950", "credit": "30.00"}],
        "Payment in EUR",
    )  # fmt: skip
    post(
        date(2026, 12, 1),
        [{"account": "1140", "debit": "33.33", "currency": "EUR", "exchange_rate": "1.0857"},
         {"account": "1140", "debit": "33.33", "currency": "EUR", "exchange_rate": "1.0857"},
         {"account": "1140", "debit": "33.34", "currency": "EUR", "exchange_rate": "1.0857"},
         {"account": "3900", "credit": "100.00", "currency": "EUR", "exchange_rate": "1.0857"},
         {"account": "3900", "debit": "108.57"},
         {"account": "1120", "credit": "108.57"}],
        "Rounding at 1.0857",
    )  # fmt: skip


def post_by_alice(day: date, *lines: dict[str, str], memo: str = "") -> None:
    journal_entry_create(date=day, lines=list(lines), actor=ALICE, post=True, memo=memo)


def fill_for_saft(company: Company) -> None:
    """FY2025 with one entry (the opening balances of 2026); FY2026 with an invoice, a bill, a
    euro sale, a hand entry and a draft, on the invoicing tests' books and contacts."""
    invoicing.fill(company)
    customer, vendor = invoicing.customer(), invoicing.vendor()
    post = post_by_alice
    post(date(2025, 6, 1), {"account": "1110", "debit": "1000"}, {"account": "3000", "credit": "1000"})
    issue(
        "invoice",
        customer,
        date(2026, 1, 15),
        {"description": "Work", "unit_price": "1000", "tax_code": "VAT20"},
    )
    issue("bill", vendor, date(2026, 2, 1), {"description": "Rent", "unit_price": "500", "account": "6200"})
    post(date(2026, 3, 2), {"account": "1110", "debit": "100", "currency": "EUR"},
         {"account": "4100", "credit": "100", "currency": "EUR"}, memo="Euro sale <&> ☃")  # fmt: skip
    post(date(2026, 3, 20), {"account": "6500", "debit": "5.25"}, {"account": "1110", "credit": "5.25"})
    journal_entry_create(date=date(2026, 3, 21), lines=[
        {"account": "6500", "debit": "7"}, {"account": "1110", "credit": "7"}], actor=ALICE)  # fmt: skip
