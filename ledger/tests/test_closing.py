"""Periods closed and reopened, and the year-end close into retained earnings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import DatabaseError, connections, transaction

from common.models import Company
from ledger.errors import FiscalYearClosed, PeriodClosed, from_database_error
from ledger.integrity import chain_problems, totals_problems
from ledger.models import Account, AuditEvent, FiscalPeriod, FiscalYear, JournalEntry
from ledger.reports import account_balance, balance_sheet, trial_balance
from ledger.services.closing import fiscal_year_close
from ledger.services.entries import journal_entry_create, journal_entry_reverse
from ledger.services.periods import fiscal_year_reopen, period_close, period_for, period_reopen
from tenants.testing import tenant_db

from .conftest import ACME_ALIAS, ALICE, Post

pytestmark = tenant_db

YEAR_END = date(2026, 12, 31)


def balance(code: str, as_of: date) -> Decimal:
    return Decimal(account_balance(Account.objects.get(code=code), as_of)["balance"])


@pytest.fixture
def year_2026(books: Company, post: Post) -> FiscalYear:
    """2026: capital 10,000; sales 5,000 + 250 EUR-priced services; rent 1,200; wages 800."""
    post(date(2026, 1, 2), "1120", "3100", "10000.00")
    post(date(2026, 2, 10), "1120", "4100", "5000.00")
    journal_entry_create(
        date=date(2026, 5, 5),
        lines=[
            {"account": "1140", "debit": "200.00", "currency": "EUR", "exchange_rate": "1.25"},
            {"account": "3900", "credit": "200.00", "currency": "EUR", "exchange_rate": "1.25"},
            {"account": "3900", "debit": "250.00"},
            {"account": "4200", "credit": "250.00"},
        ],
        actor=ALICE,
        post=True,
    )
    post(date(2026, 6, 30), "6200", "1120", "1200.00")
    post(date(2026, 11, 30), "6100", "1120", "800.00")
    post(date(2027, 1, 15), "1120", "4100", "300.00")  # next year, before the close
    return FiscalYear.objects.get(start_date=date(2026, 1, 1))


# --- periods ----------------------------------------------------------------------------------------------


def test_closing_a_period_refuses_posts_into_it_but_not_into_the_next(books, post):
    march = period_close(period=period_for(date(2026, 3, 1)), actor=ALICE)

    with pytest.raises(PeriodClosed) as info:
        post(date(2026, 3, 31), "1120", "4100", "1.00")
    april = post(date(2026, 4, 1), "1120", "4100", "1.00")

    assert info.value.code == "period_closed"
    assert march.status == FiscalPeriod.Status.CLOSED
    assert april.number == 1


def test_posting_into_a_closed_period_with_raw_sql_is_refused(books, post):
    entry = post(date(2026, 3, 5), "1120", "4100", "1.00")
    period = period_close(period=period_for(date(2026, 3, 1)), actor=ALICE)

    with (
        pytest.raises(DatabaseError) as info,
        transaction.atomic(using=ACME_ALIAS),
        connections[ACME_ALIAS].cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO ledger_journalentry (fiscal_year_id, period_id, date, memo, reference, status,"
            " request_hash, created_at, created_by_name, posted_by_name, prev_hash, hash)"
            " VALUES (%s, %s, '2026-03-06', '', '', 'posted', '', now(), '', '', '', '')",
            [period.fiscal_year_id, period.pk],
        )

    assert getattr(from_database_error(info.value), "code", None) == "period_closed"
    assert list(JournalEntry.objects.values_list("pk", flat=True)) == [entry.pk]


def test_a_reopened_period_takes_posts_again_and_both_changes_are_audited(books, post):
    period = period_close(period=period_for(date(2026, 3, 1)), actor=ALICE)
    period_reopen(period=period, actor=ALICE, reason="missing invoice")

    entry = post(date(2026, 3, 5), "1120", "4100", "1.00")

    assert entry.status == JournalEntry.Status.POSTED
    assert list(
        AuditEvent.objects.filter(object_type="fiscalperiod").order_by("id").values_list("action", "data")
    ) == [("close", {"period": "2026-03"}), ("reopen", {"period": "2026-03", "reason": "missing invoice"})]


def test_closing_a_closed_period_again_changes_nothing(books):
    period = period_close(period=period_for(date(2026, 3, 1)), actor=ALICE)
    events = AuditEvent.objects.count()

    again = period_close(period=period, actor=ALICE)

    assert again.status == FiscalPeriod.Status.CLOSED
    assert AuditEvent.objects.count() == events


# --- year-end close ----------------------------------------------------------------------------------------


def test_the_year_end_close_moves_net_income_into_retained_earnings(year_2026):
    closing = fiscal_year_close(year=year_2026, actor=ALICE)

    assert closing is not None
    assert (closing.date, closing.number, closing.reference) == (YEAR_END, 6, "CLOSE-FY2026")
    # Net income 2026: 5,000 + 250 - 1,200 - 800 = 3,250.
    assert sorted(
        (line.account.code, line.side, line.amount, line.currency_id) for line in closing.lines.all()
    ) == [
        ("3200", "C", Decimal("3250.00"), "USD"),
        ("4100", "D", Decimal("5000.00"), "USD"),
        ("4200", "D", Decimal("250.00"), "USD"),
        ("6100", "C", Decimal("800.00"), "USD"),
        ("6200", "C", Decimal("1200.00"), "USD"),
    ]
    assert chain_problems() == totals_problems() == []


def test_after_the_close_income_and_expenses_start_the_next_year_at_zero(year_2026):
    fiscal_year_close(year=year_2026, actor=ALICE)

    for code in ("4200", "6100", "6200"):
        assert balance(code, date(2027, 1, 1)) == 0
    assert balance("4100", date(2027, 1, 31)) == Decimal("-300.00")  # only 2027's sale
    assert balance("3200", date(2027, 1, 1)) == Decimal("-3250.00")


def test_after_the_close_the_balance_sheet_shows_retained_earnings_and_still_balances(year_2026):
    fiscal_year_close(year=year_2026, actor=ALICE)

    report = balance_sheet(date(2027, 1, 31))

    assert {r.code: r.balance for r in report.rows if r.type == "equity"} == {
        "3100": Decimal("10000.00"),
        "3200": Decimal("3250.00"),
        "3900": Decimal("0"),
    }
    assert report.totals["current_earnings"] == Decimal("300.00")
    assert report.totals["assets"] == report.totals["liabilities_and_equity"] == Decimal("13550.00")
    assert trial_balance(date(2027, 1, 31)).totals["net"] == 0


def test_the_close_leaves_the_transaction_currency_tallies_alone(year_2026):
    fiscal_year_close(year=year_2026, actor=ALICE)

    services = account_balance(Account.objects.get(code="4200"), date(2027, 1, 1))

    assert services["balance"] == 0
    assert services["currencies"] == {"USD": Decimal("0.00")}


def test_the_close_closes_every_period_and_the_year(year_2026):
    fiscal_year_close(year=year_2026, actor=ALICE)

    year_2026.refresh_from_db()
    assert year_2026.status == FiscalYear.Status.CLOSED and year_2026.closed_at is not None
    assert set(year_2026.periods.values_list("status", flat=True)) == {FiscalPeriod.Status.CLOSED}
    assert set(FiscalPeriod.objects.filter(start_date__year=2027).values_list("status", flat=True)) == {
        "open"
    }


def test_a_closed_year_refuses_posts_reversals_reopened_periods_and_a_second_close(year_2026, post):
    fiscal_year_close(year=year_2026, actor=ALICE)
    entry = JournalEntry.objects.get(date=date(2026, 2, 10))

    with pytest.raises(PeriodClosed) as posting:
        post(date(2026, 7, 1), "1120", "4100", "1.00")
    with pytest.raises(PeriodClosed) as reversing:
        journal_entry_reverse(entry=entry, actor=ALICE)
    with pytest.raises(FiscalYearClosed) as reopening:
        period_reopen(period=period_for(date(2026, 7, 1)), actor=ALICE)
    with pytest.raises(FiscalYearClosed) as closing:
        fiscal_year_close(year=year_2026, actor=ALICE)

    assert posting.value.code == reversing.value.code == "period_closed"
    assert reopening.value.code == closing.value.code == "fiscal_year_closed"
    assert JournalEntry.objects.filter(fiscal_year=year_2026).count() == 6


def test_a_closed_year_can_be_reopened_and_closed_again_without_a_second_closing_entry(year_2026):
    fiscal_year_close(year=year_2026, actor=ALICE)
    fiscal_year_reopen(year=year_2026, actor=ALICE, reason="audit adjustment")

    second = fiscal_year_close(year=year_2026, actor=ALICE)

    assert second is None  # income and expenses are already zero
    assert balance("3200", YEAR_END) == Decimal("-3250.00")


def test_the_year_can_be_closed_after_its_months_were_closed_one_by_one(year_2026):
    for period in year_2026.periods.all():
        period_close(period=period, actor=ALICE)

    closing = fiscal_year_close(year=year_2026, actor=ALICE)

    assert closing is not None and closing.date == YEAR_END
    assert balance("3200", date(2027, 1, 1)) == Decimal("-3250.00")
    assert set(year_2026.periods.values_list("status", flat=True)) == {FiscalPeriod.Status.CLOSED}


def test_a_loss_is_closed_into_retained_earnings_as_a_debit(books, post):
    post(date(2026, 3, 1), "6200", "1120", "700.00")
    post(date(2026, 3, 2), "1120", "4100", "200.00")

    closing = fiscal_year_close(year=FiscalYear.objects.get(start_date=date(2026, 1, 1)), actor=ALICE)

    assert closing is not None
    assert closing.lines.get(account__code="3200").side == "D"
    assert balance("3200", date(2027, 1, 1)) == Decimal("500.00")


def test_a_year_without_income_or_expenses_closes_without_an_entry(books, post):
    post(date(2026, 3, 1), "1120", "3100", "700.00")

    closing = fiscal_year_close(year=FiscalYear.objects.get(start_date=date(2026, 1, 1)), actor=ALICE)

    assert closing is None
    assert FiscalYear.objects.get(start_date=date(2026, 1, 1)).status == FiscalYear.Status.CLOSED
