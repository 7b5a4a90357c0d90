"""The monthly report: the same figures as the statements, month by month, in one read."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from ledger.reports import income_statement, month_windows, monthly, trial_balance
from ledger.services.closing import fiscal_year_close
from tenants.testing import tenant_db

from .conftest import ALICE
from .test_closing import year_2026  # noqa: F401  (fixture)

pytestmark = tenant_db


def test_month_windows_are_calendar_months_clipped_to_the_range():
    assert month_windows(date(2026, 1, 15), date(2026, 3, 10)) == [
        (date(2026, 1, 15), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 10)),
    ]
    assert month_windows(date(2026, 12, 1), date(2027, 1, 31))[-1] == (date(2027, 1, 1), date(2027, 1, 31))


def test_each_month_matches_its_income_statement_and_the_balances_match_the_trial_balance(post):
    post(date(2025, 12, 20), "1120", "3100", "1000.00")  # before the range: opening balance only
    post(date(2026, 1, 5), "1120", "4100", "300.00")
    post(date(2026, 1, 25), "6200", "1120", "120.00")
    post(date(2026, 3, 3), "1120", "4100", "45.50")
    start, end = date(2026, 1, 1), date(2026, 3, 31)

    report = monthly(start, end)

    for i, (first, last) in enumerate(report.months):
        statement = income_statement(first, last)
        assert report.totals["income"][i] == statement.totals["income"]
        assert report.totals["expenses"][i] == statement.totals["expenses"]
    before = {r.code: r.net for r in trial_balance(start - timedelta(days=1)).rows}
    after = {r.code: r.net for r in trial_balance(end).rows}
    rows = {r.code: r for r in report.rows}
    assert set(rows) == set(after)
    for code, row in rows.items():
        assert row.opening == before.get(code, Decimal(0))
        assert row.closing == after[code]
    assert rows["1120"].movements == [Decimal("180.00"), Decimal(0), Decimal("45.50")]
    assert report.totals["net_income"] == [Decimal("180.00"), Decimal(0), Decimal("45.50")]


def test_year_end_closing_entries_leave_income_alone_but_move_retained_earnings(year_2026):  # noqa: F811
    fiscal_year_close(year=year_2026, actor=ALICE)

    report = monthly(date(2026, 12, 1), date(2026, 12, 31))

    balances = {r.code: r.net for r in trial_balance(date(2026, 12, 31)).rows}
    assert report.totals["income"] == [Decimal(0)]  # the close is not December's income
    assert all(r.movements == [Decimal(0)] for r in report.rows if r.type in ("income", "expense"))
    (retained,) = [r for r in report.rows if r.type == "equity" and r.movements != [Decimal(0)]]
    assert retained.movements == [Decimal("-3250.00")]  # 5,250 income less 2,000 expenses, credited
    assert all(r.closing == balances.get(r.code, Decimal(0)) for r in report.rows)
