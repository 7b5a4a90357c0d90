"""Statements beyond the worked example: drafts, reversals, other tenants, empty books."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledger.models import Account
from ledger.reports import (
    LedgerLine,
    account_balance,
    balance_sheet,
    general_ledger,
    income_statement,
    to_csv,
    trial_balance,
)
from ledger.seed import seed_tenant
from ledger.services.entries import journal_entry_reverse
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

from .conftest import ALICE
from .factories import EntryFactory, PostedEntryFactory

pytestmark = tenant_db

DAY = date(2026, 3, 10)
END = date(2026, 12, 31)


def test_drafts_appear_in_no_statement(books):
    EntryFactory.create(date=DAY, amount="5.00")

    assert trial_balance(END).rows == []
    assert balance_sheet(END).totals["assets"] == 0
    assert income_statement(date(2026, 1, 1), END).rows == []
    assert general_ledger(Account.objects.get(code="1120"), date(2026, 1, 1), END).rows == []


def test_a_reversed_entry_and_its_reversal_both_show_in_the_general_ledger_and_net_to_zero(post):
    original = post(DAY, "1120", "4100", "75.00")
    reversal = journal_entry_reverse(entry=original, actor=ALICE, date=date(2026, 3, 12))

    ledger = general_ledger(Account.objects.get(code="1120"), date(2026, 3, 1), date(2026, 3, 31))

    lines: list[LedgerLine] = ledger.rows
    assert [(line.entry, line.debit, line.credit, line.balance) for line in lines] == [
        (original.pk, Decimal("75.00"), 0, Decimal("75.00")),
        (reversal.pk, 0, Decimal("75.00"), Decimal("0.00")),
    ]
    assert [(r.code, r.debit, r.credit, r.net) for r in trial_balance(END).rows] == [
        ("1120", Decimal("75.00"), Decimal("75.00"), Decimal(0)),
        ("4100", Decimal("75.00"), Decimal("75.00"), Decimal(0)),
    ]
    assert income_statement(date(2026, 3, 1), date(2026, 3, 31)).totals["net_income"] == 0


def test_a_reversal_in_a_later_month_leaves_the_first_months_statements_as_they_were(post):
    original = post(DAY, "6200", "1120", "40.00")
    journal_entry_reverse(entry=original, actor=ALICE, date=date(2026, 4, 2))

    assert income_statement(date(2026, 3, 1), date(2026, 3, 31)).totals["expenses"] == Decimal("40.00")
    assert income_statement(date(2026, 4, 1), date(2026, 4, 30)).totals["expenses"] == Decimal("-40.00")
    assert balance_sheet(date(2026, 3, 31)).totals["assets"] == Decimal("-40.00")
    assert balance_sheet(date(2026, 4, 30)).totals["assets"] == 0


def test_one_companys_postings_never_show_in_anothers_statements(post, foo):
    post(DAY, "1120", "4100", "10.00")

    with tenant_context(foo):
        seed_tenant(company=foo)
        foo_rows = trial_balance(END).rows
        foo_post = PostedEntryFactory.create(date=DAY, amount="3.00")
        foo_balance = account_balance(Account.objects.get(code="1120"), END)

    assert foo_rows == []
    assert foo_post.number == 1  # foo numbers its own books
    assert foo_balance == {
        "account": "1120",
        "as_of": "2026-12-31",
        "balance": Decimal("3.00"),
        "currencies": {"EUR": Decimal("3.00")},
    }
    assert account_balance(Account.objects.get(code="1120"), END)["balance"] == Decimal("10.00")


def test_an_empty_report_still_exports_a_csv_header(books):
    assert to_csv(trial_balance(END)) == "code,name,type,parent,debit,credit,net\n"


def test_a_csv_export_keeps_a_formula_typed_as_a_name_as_text(post):
    Account.objects.filter(code="4100").update(name='=HYPERLINK("http://x.example")')
    post(DAY, "1120", "4100", "10.00")

    text = to_csv(trial_balance(END), ["code", "name", "net"])

    assert '4100,"\'=HYPERLINK(""http://x.example"")",-10.0000' in text.splitlines()
    assert "1120,Bank current account,10.0000" in text.splitlines()


def test_a_report_renders_as_a_plain_dict(post):
    post(DAY, "1120", "4100", "10.00")

    data = income_statement(date(2026, 3, 1), date(2026, 3, 31)).as_dict()

    assert data["title"] == "Income statement"
    assert data["meta"] == {"from": "2026-03-01", "to": "2026-03-31"}
    assert data["rows"] == [
        {
            "code": "4100",
            "name": "Sales",
            "type": "income",
            "parent": "4000",
            "debit": Decimal("0"),
            "credit": Decimal("10.00"),
            "balance": Decimal("10.00"),
        }
    ]
    assert data["totals"] == {"income": Decimal("10.00"), "expenses": 0, "net_income": Decimal("10.00")}
