"""A textbook month of a small company, every statement checked figure by figure by hand.

March 2026, Acme (USD, New York sales tax 8.875 %):

  1  Mar  1  owner invests 10,000 cash          D 1120 Bank 10,000        C 3100 Capital 10,000
  2  Mar  2  equipment 3,000 on credit          D 1500 Equipment 3,000    C 2100 Payable 3,000
  3  Mar  5  services sold for cash 2,500       D 1120 Bank 2,500         C 4200 Services 2,500
  4  Mar  8  services sold on account 1,200     D 1200 Receivable 1,200   C 4200 Services 1,200
  5  Mar 10  rent paid 800                      D 6200 Rent 800           C 1120 Bank 800
  6  Mar 15  supplier paid 1,000                D 2100 Payable 1,000      C 1120 Bank 1,000
  7  Mar 20  customer pays 700                  D 1120 Bank 700           C 1200 Receivable 700
  8  Mar 25  wages paid 900                     D 6100 Wages 900          C 1120 Bank 900
  9  Mar 26  goods sold 400 + 8.875 % tax       D 1120 Bank 435.50        C 4100 Sales 400, C 2300 Tax 35.50
 10  Mar 28  consulting fee 500 EUR @ 1.08      D 1140 EUR bank 500 EUR (540)   C 3900 Trading 500 EUR (540)
                                                D 3900 Trading 540 USD          C 4200 Services 540

Bank 1120: 10,000 + 2,500 - 800 - 1,000 + 700 - 900 + 435.50 = 10,935.50
Assets 10,935.50 + 540 + 500 + 3,000 = 14,975.50
Liabilities 2,000 + 35.50 = 2,035.50; equity 10,000 (+ trading 0); net income 4,640 - 1,700 = 2,940
2,035.50 + 10,000 + 2,940 = 14,975.50
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from common.models import Company
from ledger.integrity import chain_problems, totals_problems
from ledger.models import Account, JournalEntry
from ledger.reports import (
    LedgerLine,
    account_balance,
    balance_sheet,
    general_ledger,
    income_statement,
    to_csv,
    trial_balance,
)
from ledger.services.entries import LineInput, journal_entry_create
from ledger.services.rates import exchange_rate_set, tax_lines
from tenants.testing import tenant_db

from .conftest import ALICE, Post

pytestmark = tenant_db

END = date(2026, 3, 31)


def d(text: str) -> Decimal:
    return Decimal(text)


@pytest.fixture
def march(books: Company, post: Post) -> list[JournalEntry]:
    exchange_rate_set(currency="EUR", day=date(2026, 3, 1), rate="1.08", actor=ALICE)
    entries = [
        post(date(2026, 3, 1), "1120", "3100", "10000.00", memo="Owner invests"),
        post(date(2026, 3, 2), "1500", "2100", "3000.00", memo="Equipment on credit"),
        post(date(2026, 3, 5), "1120", "4200", "2500.00", memo="Services for cash"),
        post(date(2026, 3, 8), "1200", "4200", "1200.00", memo="Services on account"),
        post(date(2026, 3, 10), "6200", "1120", "800.00", memo="Rent"),
        post(date(2026, 3, 15), "2100", "1120", "1000.00", memo="Pay supplier"),
        post(date(2026, 3, 20), "1120", "1200", "700.00", memo="Customer pays"),
        post(date(2026, 3, 25), "6100", "1120", "900.00", memo="Wages"),
    ]
    taxed, gross = tax_lines(
        account="4100", net="400.00", tax_code="NY-SALES", side="C", currency="USD", day=date(2026, 3, 26)
    )
    entries.append(
        journal_entry_create(
            date=date(2026, 3, 26),
            lines=[LineInput(account="1120", debit=gross), *taxed],
            actor=ALICE,
            memo="Goods sold with sales tax",
            post=True,
        )
    )
    entries.append(
        journal_entry_create(
            date=date(2026, 3, 28),
            lines=[
                {"account": "1140", "debit": "500.00", "currency": "EUR"},
                {"account": "3900", "credit": "500.00", "currency": "EUR"},
                {"account": "3900", "debit": "540.00"},
                {"account": "4200", "credit": "540.00"},
            ],
            actor=ALICE,
            memo="Consulting fee in EUR",
            post=True,
        )
    )
    return entries


def test_the_month_is_numbered_one_to_ten_in_one_hash_chain(march):
    assert [entry.number for entry in march] == list(range(1, 11))
    assert chain_problems() == []
    assert totals_problems() == []


def test_the_tax_and_foreign_lines_are_priced_as_computed_by_hand(march):
    taxed, foreign = march[8], march[9]

    assert [(line.account.code, line.side, line.amount) for line in taxed.lines.order_by("line_no")] == [
        ("1120", "D", d("435.50")),
        ("4100", "C", d("400.00")),
        ("2300", "C", d("35.50")),
    ]
    assert [
        (line.account.code, line.side, line.amount, line.currency_id, line.exchange_rate, line.base_amount)
        for line in foreign.lines.order_by("line_no")
    ] == [
        ("1140", "D", d("500.00"), "EUR", d("1.08"), d("540.00")),
        ("3900", "C", d("500.00"), "EUR", d("1.08"), d("540.00")),
        ("3900", "D", d("540.00"), "USD", d("1"), d("540.00")),
        ("4200", "C", d("540.00"), "USD", d("1"), d("540.00")),
    ]


def test_the_trial_balance_matches_the_hand_computation(march):
    report = trial_balance(END)

    assert [(r.code, r.debit, r.credit, r.net) for r in report.rows] == [
        ("1120", d("13635.50"), d("2700.00"), d("10935.50")),
        ("1140", d("540.00"), d("0"), d("540.00")),
        ("1200", d("1200.00"), d("700.00"), d("500.00")),
        ("1500", d("3000.00"), d("0"), d("3000.00")),
        ("2100", d("1000.00"), d("3000.00"), d("-2000.00")),
        ("2300", d("0"), d("35.50"), d("-35.50")),
        ("3100", d("0"), d("10000.00"), d("-10000.00")),
        ("3900", d("540.00"), d("540.00"), d("0")),
        ("4100", d("0"), d("400.00"), d("-400.00")),
        ("4200", d("0"), d("4240.00"), d("-4240.00")),
        ("6100", d("900.00"), d("0"), d("900.00")),
        ("6200", d("800.00"), d("0"), d("800.00")),
    ]
    assert report.totals == {"debit": d("21615.50"), "credit": d("21615.50"), "net": 0}


def test_the_trial_balance_before_the_month_is_empty(march):
    report = trial_balance(date(2026, 2, 28))

    assert report.rows == []
    assert report.totals == {"debit": 0, "credit": 0, "net": 0}


def test_the_balance_sheet_matches_the_hand_computation(march):
    report = balance_sheet(END)

    assert [(r.code, r.balance) for r in report.rows] == [
        ("1120", d("10935.50")),
        ("1140", d("540.00")),
        ("1200", d("500.00")),
        ("1500", d("3000.00")),
        ("2100", d("2000.00")),
        ("2300", d("35.50")),
        ("3100", d("10000.00")),
        ("3900", d("0")),
    ]
    assert report.totals == {
        "assets": d("14975.50"),
        "liabilities": d("2035.50"),
        "equity": d("10000.00"),
        "current_earnings": d("2940.00"),
        "liabilities_and_equity": d("14975.50"),
    }


def test_the_balance_sheet_mid_month_balances_too(march):
    # After entries 1-5: bank 10,000 + 2,500 - 800 = 11,700; receivable 1,200; equipment 3,000.
    report = balance_sheet(date(2026, 3, 10))

    assert report.totals == {
        "assets": d("15900.00"),
        "liabilities": d("3000.00"),
        "equity": d("10000.00"),
        "current_earnings": d("2900.00"),  # 3,700 services - 800 rent
        "liabilities_and_equity": d("15900.00"),
    }


def test_the_income_statement_matches_the_hand_computation(march):
    report = income_statement(date(2026, 3, 1), END)

    assert [(r.code, r.balance) for r in report.rows] == [
        ("4100", d("400.00")),
        ("4200", d("4240.00")),
        ("6100", d("900.00")),
        ("6200", d("800.00")),
    ]
    assert report.totals == {"income": d("4640.00"), "expenses": d("1700.00"), "net_income": d("2940.00")}


def test_the_income_statement_covers_only_its_dates(march):
    report = income_statement(date(2026, 3, 9), date(2026, 3, 25))

    assert report.totals == {
        "income": 0,
        "expenses": d("2700.00") - d("1000.00"),
        "net_income": d("-1700.00"),
    }


def test_the_general_ledger_runs_the_bank_balance_line_by_line(march):
    report = general_ledger(Account.objects.get(code="1120"), date(2026, 3, 1), END)

    lines: list[LedgerLine] = report.rows
    assert [(line.number, line.debit, line.credit, line.balance) for line in lines] == [
        (1, d("10000.00"), 0, d("10000.00")),
        (3, d("2500.00"), 0, d("12500.00")),
        (5, 0, d("800.00"), d("11700.00")),
        (6, 0, d("1000.00"), d("10700.00")),
        (7, d("700.00"), 0, d("11400.00")),
        (8, 0, d("900.00"), d("10500.00")),
        (9, d("435.50"), 0, d("10935.50")),
    ]
    assert report.totals == {
        "opening": 0,
        "debit": d("13635.50"),
        "credit": d("2700.00"),
        "closing": d("10935.50"),
    }


def test_the_general_ledger_opens_with_the_balance_before_its_first_day(march):
    report = general_ledger(Account.objects.get(code="1120"), date(2026, 3, 15), date(2026, 4, 30))

    assert [line.balance for line in report.rows] == [
        d("10700.00"),
        d("11400.00"),
        d("10500.00"),
        d("10935.50"),
    ]
    assert (report.totals["opening"], report.totals["closing"]) == (d("11700.00"), d("10935.50"))


def test_the_foreign_bank_account_keeps_euros_and_their_dollar_value(march):
    account = Account.objects.get(code="1140")

    ledger = general_ledger(account, date(2026, 3, 1), END)
    balance = account_balance(account, END)

    lines: list[LedgerLine] = ledger.rows
    assert [(line.currency, line.amount, line.debit) for line in lines] == [("EUR", d("500.00"), d("540.00"))]
    assert balance["balance"] == d("540.00")
    assert balance["currencies"] == {"EUR": d("500.00")}
    # The trading account is square in dollars but holds the euro position.
    trading = account_balance(Account.objects.get(code="3900"), END)
    assert (trading["balance"], trading["currencies"]) == (0, {"EUR": d("-500.00"), "USD": d("540.00")})


def test_the_trial_balance_exports_to_csv_figure_by_figure(march):
    text = to_csv(trial_balance(END))

    assert text.splitlines() == [
        "code,name,type,parent,debit,credit,net",
        "1120,Bank current account,asset,1100,13635.5000,2700.0000,10935.5000",
        "1140,Foreign-currency bank account,asset,1100,540.0000,0.0000,540.0000",
        "1200,Accounts receivable,asset,1000,1200.0000,700.0000,500.0000",
        "1500,Equipment,asset,1000,3000.0000,0.0000,3000.0000",
        "2100,Accounts payable,liability,2000,1000.0000,3000.0000,-2000.0000",
        "2300,Sales tax / VAT control,liability,2000,0.0000,35.5000,-35.5000",
        "3100,Owner's capital,equity,3000,0.0000,10000.0000,-10000.0000",
        "3900,Currency trading,equity,3000,540.0000,540.0000,0.0000",
        "4100,Sales,income,4000,0.0000,400.0000,-400.0000",
        "4200,Services,income,4000,0.0000,4240.0000,-4240.0000",
        "6100,Salaries and wages,expense,6000,900.0000,0.0000,900.0000",
        "6200,Rent,expense,6000,800.0000,0.0000,800.0000",
    ]


def test_the_balance_sheet_exports_natural_balances_without_negative_zeros(march):
    lines = to_csv(balance_sheet(END), ["code", "balance"]).splitlines()

    assert lines == [
        "code,balance",
        "1120,10935.5000",
        "1140,540.0000",
        "1200,500.0000",
        "1500,3000.0000",
        "2100,2000.0000",
        "2300,35.5000",
        "3100,10000.0000",
        "3900,0.0000",
    ]


def test_the_general_ledger_exports_its_lines_to_csv(march):
    text = to_csv(
        general_ledger(Account.objects.get(code="1120"), date(2026, 3, 20), END),
        ["date", "number", "memo", "debit", "credit", "balance"],
    )

    assert text.splitlines() == [
        "date,number,memo,debit,credit,balance",
        "2026-03-20,7,Customer pays,700.0000,0,11400.0000",
        "2026-03-25,8,Wages,0,900.0000,10500.0000",
        "2026-03-26,9,Goods sold with sales tax,435.5000,0,10935.5000",
    ]
