"""Totals of closed periods and years: written when periods close, dropped when one reopens, equal
to the daily totals they sum, and read by the statements in place of those days."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import DatabaseError, connections, transaction

from ledger.errors import from_database_error
from ledger.integrity import totals_problems
from ledger.models import ClosedBalance, FiscalPeriod, FiscalYear
from ledger.reports import _totals, balance_sheet, income_statement, trial_balance
from ledger.services.closing import fiscal_year_close
from ledger.services.periods import period_close, period_for, period_reopen
from tenants.testing import tenant_db

from .conftest import ACME_ALIAS, ALICE, Post

pytestmark = tenant_db


def daily_totals(start: date, end: date) -> dict[int, tuple[Decimal, Decimal]]:
    """What the statements read before closed totals existed: the kept daily totals alone."""
    with connections[ACME_ALIAS].cursor() as cursor:
        cursor.execute(
            "SELECT account_id, sum(base_debit), sum(base_credit) FROM ledger_accountbalance"
            " WHERE date BETWEEN %s AND %s GROUP BY account_id",
            [start, end],
        )
        return {account: (debit, credit) for account, debit, credit in cursor.fetchall()}


@pytest.fixture
def two_years(post: Post) -> None:
    """Postings in every month of 2026 and in the first months of 2027."""
    for month in range(1, 13):
        post(date(2026, month, 3), "1120", "4100", f"{month}00.00")
        post(date(2026, month, 20), "6100", "1120", f"{month}5.00")
    for month in range(1, 4):
        post(date(2027, month, 9), "1120", "4100", "70.00")


def test_closing_a_period_keeps_its_totals_and_reopening_drops_them(two_years):
    march = period_for(date(2026, 3, 1))

    period_close(period=march, actor=ALICE)
    kept = {(c.account_id, c.base_debit, c.base_credit) for c in ClosedBalance.objects.filter(period=march)}
    period_reopen(period=march, actor=ALICE, reason="a late invoice")

    assert kept == {
        (account, debit, credit)
        for account, (debit, credit) in daily_totals(march.start_date, march.end_date).items()
    }
    assert not ClosedBalance.objects.exists()


def test_a_closed_year_is_one_row_per_account_and_the_statements_read_them(two_years):
    as_of = date(2027, 3, 31)
    assets = balance_sheet(as_of).totals["assets"]

    fiscal_year_close(year=FiscalYear.objects.get(start_date=date(2026, 1, 1)), actor=ALICE)

    year_rows = ClosedBalance.objects.filter(period__isnull=True)
    assert year_rows.count() == len(daily_totals(date(2026, 1, 1), date(2026, 12, 31)))
    assert _totals(None, as_of) == daily_totals(date.min, as_of)
    tb = trial_balance(as_of)
    assert (
        tb.totals["debit"] == tb.totals["credit"] == sum(d for d, _ in daily_totals(date.min, as_of).values())
    )
    assert balance_sheet(as_of).totals["assets"] == assets  # the close moves income, not assets
    assert totals_problems() == []


def test_ranges_that_cut_through_closed_periods_read_the_days_they_need(two_years):
    for period in FiscalPeriod.objects.filter(start_date__year=2026, start_date__month__lte=6):
        period_close(period=period, actor=ALICE)

    for start, end in [
        (date(2026, 2, 15), date(2026, 5, 10)),  # starts and ends inside closed months
        (date(2026, 3, 1), date(2026, 4, 30)),  # exactly two closed months
        (date(2026, 5, 1), date(2027, 2, 28)),  # closed, open, then the next year
        (date(2026, 1, 1), date(2026, 1, 2)),
    ]:
        assert _totals(start, end) == daily_totals(start, end), (start, end)
    assert income_statement(date(2026, 1, 1), date(2026, 12, 31)).totals["income"] == Decimal("7800.00")


def test_closed_totals_are_kept_by_the_triggers_only(two_years):
    period_close(period=period_for(date(2026, 3, 1)), actor=ALICE)
    closed = ClosedBalance.objects.first()
    assert closed is not None

    codes = []
    for sql, params in [
        ("UPDATE ledger_closedbalance SET base_debit = 0 WHERE id = %s", [closed.pk]),
        ("DELETE FROM ledger_closedbalance WHERE id = %s", [closed.pk]),
        (
            "INSERT INTO ledger_closedbalance (account_id, currency_id, fiscal_year_id, period_id,"
            " start_date, end_date, debit, credit, base_debit, base_credit) SELECT account_id,"
            " currency_id, fiscal_year_id, NULL, start_date, end_date, 1, 0, 1, 0"
            " FROM ledger_closedbalance WHERE id = %s",
            [closed.pk],
        ),
    ]:
        with pytest.raises(DatabaseError) as info, transaction.atomic(using=ACME_ALIAS):
            connections[ACME_ALIAS].cursor().execute(sql, params)
        codes.append(getattr(from_database_error(info.value), "code", None))

    assert codes == ["append_only"] * 3
    assert totals_problems() == []


def test_verify_finds_closed_totals_changed_behind_the_triggers(two_years):
    period_close(period=period_for(date(2026, 3, 1)), actor=ALICE)
    with connections[ACME_ALIAS].cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("UPDATE ledger_closedbalance SET base_debit = base_debit + 1, debit = debit + 1")
        cursor.execute("SET LOCAL session_replication_role = origin")

    problems = totals_problems()

    assert problems and all(" closed totals, account " in p for p in problems)
    assert problems[0].startswith("FY2026 period ")
