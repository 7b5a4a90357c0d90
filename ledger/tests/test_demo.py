"""Demo books: deterministic, idempotent, balanced, and busy every month."""

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connections, transaction
from django.utils import timezone

from common.models import Company
from ledger.demo import demo_generate
from ledger.errors import LedgerNotSeeded
from ledger.integrity import chain_problems, totals_problems
from ledger.models import AuditEvent, ExchangeRate, FiscalYear, JournalEntry, JournalLine
from ledger.reports import balance_sheet, income_statement, trial_balance
from ledger.seed import seed_tenant
from tenants.routing.context import current_alias, tenant_context
from tenants.testing import make_company, tenant_db

pytestmark = [tenant_db, pytest.mark.slow]

# Twelve months across two fiscal years, with a December (year-end bonus) in the middle.
END = date(2026, 6, 30)
START = date(2025, 7, 1)
SHORT_END = date(2026, 3, 31)  # three months, across nothing in particular


def _seed(company: Company, country: str) -> None:
    company.country = country
    company.save(update_fields=["country"])
    with tenant_context(company.slug):
        seed_tenant(company=company)


def _sql(sql: str, params: Sequence[str | date] = ()) -> list[tuple[Any, ...]]:
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def _fingerprint() -> tuple[
    list[tuple[Any, ...]], list[tuple[str, date, Decimal]], list[tuple[str, Decimal, Decimal]]
]:
    """Everything posted, without ids: what two runs must agree on."""
    entries = _sql(
        "SELECT fy.start_date, e.number, e.date, e.memo, e.reference, e.status,"
        " string_agg(concat_ws(':', l.line_no, a.code, l.side, l.amount, l.currency_id, l.exchange_rate,"
        "                      l.base_amount, t.code, l.description), ';' ORDER BY l.line_no)"
        " FROM ledger_journalentry e JOIN ledger_fiscalyear fy ON fy.id = e.fiscal_year_id"
        " JOIN ledger_journalline l ON l.entry_id = e.id JOIN ledger_account a ON a.id = l.account_id"
        " LEFT JOIN ledger_taxcode t ON t.id = l.tax_code_id"
        " GROUP BY e.id, fy.start_date ORDER BY fy.start_date, e.number"
    )
    rates = list(ExchangeRate.objects.values_list("currency_id", "date", "rate"))
    balances = [(r.code, r.debit, r.credit) for r in trial_balance(END).rows]
    return entries, rates, balances


def _months(start: date, end: date) -> list[date]:
    months, day = [], start
    while day <= end:
        months.append(day)
        day = (day.replace(day=28) + timedelta(days=7)).replace(day=1)
    return months


def _balance(code: str, currency: str | None = None, *, base: bool = True) -> Decimal:
    """Debit-positive balance of an account from the lines (base, or in one currency)."""
    column = "base_amount" if base else "amount"
    sql = (
        f"SELECT coalesce(sum(CASE l.side WHEN 'D' THEN l.{column} ELSE -l.{column} END), 0)"  # noqa: S608
        " FROM ledger_journalline l JOIN ledger_account a ON a.id = l.account_id WHERE a.code = %s"
    )
    params = [code]
    if currency:
        sql += " AND l.currency_id = %s"
        params.append(currency)
    balance: Decimal = _sql(sql, params)[0][0]
    return balance


def _lowest_daily_balance(code: str) -> Decimal:
    rows = _sql(
        "SELECT min(running) FROM (SELECT sum(sum(CASE l.side WHEN 'D' THEN l.base_amount"
        " ELSE -l.base_amount END)) OVER (ORDER BY e.date) AS running FROM ledger_journalline l"
        " JOIN ledger_journalentry e ON e.id = l.entry_id JOIN ledger_account a ON a.id = l.account_id"
        " WHERE a.code = %s GROUP BY e.date) daily",
        [code],
    )
    lowest: Decimal = rows[0][0]
    return lowest


def _assert_sound(start: date, end: date, foreign: str) -> None:
    """The checks any generated books must pass."""
    tb = trial_balance(end)
    assert tb.totals["debit"] == tb.totals["credit"] > 0
    bs = balance_sheet(end)
    assert bs.totals["assets"] == bs.totals["liabilities_and_equity"] > 0
    assert income_statement(start, end).totals["net_income"] == bs.totals["current_earnings"]
    assert totals_problems() == []
    assert chain_problems() == []
    assert not JournalEntry.objects.exclude(status=JournalEntry.Status.POSTED).exists()
    assert not JournalEntry.objects.filter(date__lt=start).exists()
    assert not JournalEntry.objects.filter(date__gt=end).exists()

    activity = _sql(
        "SELECT date_trunc('month', e.date)::date,"
        " bool_or(a.code IN ('4100', '4200') AND l.side = 'C'), bool_or(a.code = '6100'),"
        " bool_or(a.code = '1120'), count(DISTINCT e.id)"
        " FROM ledger_journalentry e JOIN ledger_journalline l ON l.entry_id = e.id"
        " JOIN ledger_account a ON a.id = l.account_id GROUP BY 1 ORDER BY 1"
    )
    assert [row[0] for row in activity] == _months(start, end)
    for month, sales, payroll, bank, entries in activity:
        assert (sales, payroll, bank) == (True, True, True), month
        assert 20 <= entries <= 60, (month, entries)

    # Never overdrawn, never selling stock the company does not have.
    for code in ("1110", "1120", "1300", "1140"):
        assert _lowest_daily_balance(code) >= 0, code

    # Foreign currency: the trading account mirrors the foreign position and nets to zero in base.
    assert JournalLine.objects.filter(currency_id=foreign).exists()
    assert _balance("3900") == 0
    position = _balance("1140", foreign, base=False) + _balance("1200", foreign, base=False)
    assert _balance("3900", foreign, base=False) == -position
    assert _balance("1140", foreign, base=False) >= 0


def test_a_year_of_demo_books(acme):
    _seed(acme, "US")
    with tenant_context("acme"):
        created = demo_generate(company=acme, months=12, end=END)

        assert created == JournalEntry.objects.count()
        assert 300 <= created <= 600
        _assert_sound(START, END, "EUR")

        # Two fiscal years, each numbered from one, in date order (posted as the days went by).
        years = FiscalYear.objects.order_by("start_date")
        assert [y.start_date for y in years] == [date(2025, 1, 1), date(2026, 1, 1)]
        for year in years:
            posted = list(
                JournalEntry.objects.filter(fiscal_year=year).order_by("number").values_list("number", "date")
            )
            assert [number for number, _ in posted] == list(range(1, len(posted) + 1))
            assert [day for _, day in posted] == sorted(day for _, day in posted)

        # Two EUR rates a month, and the realised exchange differences they cause.
        assert ExchangeRate.objects.filter(currency_id="EUR").count() == 24
        assert JournalLine.objects.filter(account__code="4950").exists()

        # NY sales tax on goods, exempt services, no input tax; each month settled the next.
        taxed = JournalLine.objects.filter(account__code="2300", tax_code__code="NY-SALES", side="C")
        assert taxed.count() > 50
        assert JournalLine.objects.filter(account__code="4200", tax_code__code="EXEMPT").exists()
        assert not JournalLine.objects.filter(account__code="2300", side="D", tax_code__isnull=False).exists()
        assert JournalEntry.objects.filter(reference="TAX").count() == 11
        june_tax = _sql(
            "SELECT sum(CASE l.side WHEN 'C' THEN l.base_amount ELSE -l.base_amount END)"
            " FROM ledger_journalline l JOIN ledger_journalentry e ON e.id = l.entry_id"
            " JOIN ledger_account a ON a.id = l.account_id"
            " WHERE a.code = '2300' AND e.date >= '2026-06-01' AND e.reference <> 'TAX'"
        )[0][0]
        assert -_balance("2300") == june_tax > 0

        # Payroll every month, remitted the month after; a year-end bonus in December.
        payroll = JournalEntry.objects.filter(reference="PAYROLL")
        assert payroll.filter(memo__contains="employees)").count() == 12
        assert payroll.filter(memo__startswith="Payroll taxes").count() == 11
        assert JournalLine.objects.filter(
            description__contains="year-end bonus", entry__date__month=12
        ).exists()

        # Owner's capital and the loan at the start, equipment depreciated every month.
        first = JournalEntry.objects.order_by("date", "number").values_list("reference", "date")[0]
        assert first == ("CAPITAL", date(2025, 7, 1))
        assert JournalEntry.objects.filter(reference="LOAN").count() == 12  # drawdown + 11 repayments
        assert JournalEntry.objects.filter(reference="DEPRECIATION").count() == 12
        assert _balance("1500") > 0 > _balance("1510")
        # A going concern: profitable, with open receivables and payables at the end.
        assert balance_sheet(END).totals["current_earnings"] > 0
        assert _balance("1200") > 0 > _balance("2100")


def test_a_german_quarter(foo):
    _seed(foo, "DE")
    with tenant_context("foo"):
        created = demo_generate(company=foo, months=3, end=SHORT_END)
        assert created > 75
        _assert_sound(date(2026, 1, 1), SHORT_END, "USD")

        vat = dict(
            _sql(
                "SELECT t.code || ':' || l.side, count(*) FROM ledger_journalline l"
                " JOIN ledger_account a ON a.id = l.account_id JOIN ledger_taxcode t ON t.id = l.tax_code_id"
                " WHERE a.code = '2300' GROUP BY 1"
            )
        )
        assert vat.get("VAT19:C", 0) > 10  # output VAT on sales
        assert vat.get("VAT7:C", 0) > 0  # reduced rate on some goods
        assert vat.get("VAT19:D", 0) > 5  # input VAT on purchases
        # Each month's net VAT is paid (or refunded) the month after: only March's is still open.
        returns = JournalEntry.objects.filter(reference="TAX", memo__startswith="VAT")
        assert returns.count() == 2
        for entry in returns:
            month_start = (entry.date.replace(day=1) - timedelta(days=1)).replace(day=1)
            net = _sql(
                "SELECT sum(CASE l.side WHEN 'C' THEN l.base_amount ELSE -l.base_amount END)"
                " FROM ledger_journalline l JOIN ledger_journalentry e ON e.id = l.entry_id"
                " JOIN ledger_account a ON a.id = l.account_id"
                " WHERE a.code = '2300' AND l.tax_code_id IS NOT NULL AND e.date BETWEEN %s AND %s",
                [month_start, entry.date.replace(day=1) - timedelta(days=1)],
            )[0][0]
            paid = entry.lines.get(account__code="2300")
            assert (paid.base_amount if paid.side == "D" else -paid.base_amount) == net
        # The USD supplier is paid from the USD account, bought with euros when it runs low.
        assert JournalEntry.objects.filter(memo__startswith="Import purchase").count() == 3
        assert JournalEntry.objects.filter(memo__contains="USD for the USD account").exists()
        assert ExchangeRate.objects.filter(currency_id="USD").count() == 6


def test_same_company_same_books(acme):
    _seed(acme, "US")
    alias = "tenant_acme"
    with tenant_context("acme"):
        with transaction.atomic(using=alias):
            first_count = demo_generate(company=acme, months=3, end=SHORT_END)
            first = _fingerprint()
            transaction.set_rollback(True, using=alias)
        assert JournalEntry.objects.count() == 0  # a fresh set of books again
        second_count = demo_generate(company=acme, months=3, end=SHORT_END)
        assert second_count == first_count
        assert _fingerprint() == first


def test_each_company_its_own_books(db):
    """Two companies alike in all but their slug get different (but equally sound) books."""
    books = []
    for slug in ("acme", "foo"):
        company = make_company(slug)
        with tenant_context(slug):
            _seed(company, "US")
            demo_generate(company=company, months=1, end=SHORT_END)
            books.append(_fingerprint())
    assert books[0] != books[1]


def test_second_run_is_a_no_op(acme):
    _seed(acme, "US")
    with tenant_context("acme"):
        created = demo_generate(company=acme, months=3, end=SHORT_END)
        assert created == JournalEntry.objects.count() > 0
        state = (JournalLine.objects.count(), ExchangeRate.objects.count(), AuditEvent.objects.count())
        assert demo_generate(company=acme, months=3, end=SHORT_END) == 0
        assert demo_generate(company=acme) == 0
        assert JournalEntry.objects.count() == created
        assert (
            JournalLine.objects.count(),
            ExchangeRate.objects.count(),
            AuditEvent.objects.count(),
        ) == state


def test_default_window_is_the_last_complete_month(acme):
    _seed(acme, "US")
    today = timezone.now().date()
    end = today.replace(day=1) - timedelta(days=1)
    with tenant_context("acme"):
        assert demo_generate(company=acme, months=1) > 0
        dates = JournalEntry.objects.values_list("date", flat=True)
        assert min(dates) >= end.replace(day=1)
        assert max(dates) <= end


def test_without_tax_codes(acme):
    _seed(acme, "")
    with tenant_context("acme"):
        demo_generate(company=acme, months=2, end=SHORT_END)
        _assert_sound(date(2026, 2, 1), SHORT_END, "EUR")
        assert not JournalLine.objects.filter(tax_code__isnull=False).exists()
        assert not JournalEntry.objects.filter(reference="TAX").exists()


@pytest.mark.parametrize("currency", ["JPY", "KWD"])
def test_other_base_currencies(db, currency):
    company = make_company("acme", currency=currency)
    _seed(company, "")
    with tenant_context("acme"):
        demo_generate(company=company, months=2, end=SHORT_END)
        _assert_sound(date(2026, 2, 1), SHORT_END, "EUR")
        rent = JournalLine.objects.filter(account__code="6200").values_list("base_amount", flat=True)[0]
        # Amounts are sized for the currency: a month's rent is thousands of dollars' worth.
        per_usd = {"JPY": Decimal(150), "KWD": Decimal("0.307")}[currency]
        assert 2000 * per_usd <= rent <= 5000 * per_usd


def test_needs_seeded_books(acme):
    with tenant_context("acme"), pytest.raises(LedgerNotSeeded):
        demo_generate(company=acme, months=1)


def test_needs_the_small_business_chart(acme):
    with tenant_context("acme"):
        seed_tenant(company=acme, template="freelancer")
        with pytest.raises(LedgerNotSeeded) as info:
            demo_generate(company=acme, months=1)
        assert "small-business" in str(info.value) and "1300" in str(info.value)
        assert JournalEntry.objects.count() == 0


def test_months_must_be_positive(acme):
    with tenant_context("acme"), pytest.raises(ValueError, match="months"):
        demo_generate(company=acme, months=0)
