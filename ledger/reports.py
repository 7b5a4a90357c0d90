"""Reads shared by the API, admin and commands: statements built from the kept totals.

Every statement is in the company's base currency and costs O(accounts x (closed years + closed
periods + open days)), never O(lines); only the general ledger lists lines, because lines are
what it shows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.db import connections

from tenants.routing.context import current_alias

from .models import Account, FiscalPeriod, JournalEntry
from .spreadsheet import cell

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

ZERO = Decimal("0")
POSTED_STATES = (JournalEntry.Status.POSTED, JournalEntry.Status.REVERSED)
# Entries in the books (a reversed entry stays in them), as a query parameter.
IN_BOOKS = [state.value for state in POSTED_STATES]
CREDIT_NORMAL = {Account.Type.LIABILITY, Account.Type.EQUITY, Account.Type.INCOME}


@dataclass
class AccountTotals:
    """One account's posted debits and credits in a report."""

    code: str
    name: str
    type: str
    parent: str | None
    debit: Decimal = ZERO
    credit: Decimal = ZERO


@dataclass
class TrialRow(AccountTotals):
    """One account in the trial balance: `net` is debit - credit (a credit balance is negative)."""

    net: Decimal = ZERO


@dataclass
class Row(AccountTotals):
    """One account in the balance sheet or income statement: `balance` on the account's natural
    side, so a liability, equity or income account with a credit balance shows it positive."""

    balance: Decimal = ZERO


RowT = TypeVar("RowT", bound="DataclassInstance")  # TrialRow, Row or LedgerLine


@dataclass
class Report(Generic[RowT]):
    title: str
    rows: list[RowT]
    totals: dict[str, Decimal] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    columns: tuple[str, ...] = ()  # of the CSV: the row fields, also when there are no rows

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "meta": self.meta,
            "rows": [asdict(r) for r in self.rows],
            "totals": self.totals,
        }


def _totals(start: date | None, end: date | None) -> dict[int, tuple[Decimal, Decimal]]:
    """Base-currency (debit, credit) per account over [start, end] from the kept totals: a row per
    account and closed year or period inside the range (ledger_closedbalance), a row per account
    and day for the rest. Years of closed history cost a row each, not 365."""
    years, periods, gaps = _coverage(start or date.min, end or date.max)
    parts: list[str] = []
    params: list[Any] = []
    if years:
        parts.append(f"{_CLOSED} WHERE fiscal_year_id = ANY(%s) AND period_id IS NULL")
        params.append(years)
    if periods:
        parts.append(f"{_CLOSED} WHERE fiscal_year_id = ANY(%s) AND period_id = ANY(%s)")
        params += [sorted({year for year, _ in periods}), [period for _, period in periods]]
    if gaps:
        parts.append(f"{_DAILY} WHERE " + " OR ".join(["date BETWEEN %s AND %s"] * len(gaps)))
        params += [day for gap in gaps for day in gap]
    if not parts:
        return {}
    sql = (
        "SELECT account_id, sum(base_debit), sum(base_credit) FROM ("  # noqa: S608 (constant parts)
        + " UNION ALL ".join(parts)
        + ") t GROUP BY account_id"
    )
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(sql, params)
        return {account: (debit, credit) for account, debit, credit in cursor.fetchall()}


_CLOSED = "SELECT account_id, base_debit, base_credit FROM ledger_closedbalance"
_DAILY = "SELECT account_id, base_debit, base_credit FROM ledger_accountbalance"


def _coverage(start: date, end: date) -> tuple[list[int], list[tuple[int, int]], list[tuple[date, date]]]:
    """What of [start, end] the closed totals cover: the closed years inside it, the closed periods
    inside it outside those years (year id, period id), and the date ranges left to the daily
    totals. A period's closed totals exist exactly while it is closed (ledger_periods_closed)."""
    by_year: dict[int, list[tuple[int, date, date, bool]]] = {}
    for pk, year, first, last, status in FiscalPeriod.objects.order_by("start_date").values_list(
        "id", "fiscal_year_id", "start_date", "end_date", "status"
    ):
        by_year.setdefault(year, []).append((pk, first, last, status == FiscalPeriod.Status.CLOSED))
    years: list[int] = []
    periods: list[tuple[int, int]] = []
    covered: list[tuple[date, date]] = []
    for year, rows in by_year.items():
        inside = [
            (pk, first, last) for pk, first, last, closed in rows if closed and start <= first and last <= end
        ]
        if len(inside) == len(rows):
            years.append(year)
            covered.append((rows[0][1], rows[-1][2]))
        else:
            periods += [(year, pk) for pk, _, _ in inside]
            covered += [(first, last) for _, first, last in inside]
    gaps: list[tuple[date, date]] = []
    cursor = start
    for first, last in sorted(covered):  # inside [start, end], never overlapping (periods do not)
        if first > cursor:
            gaps.append((cursor, first - timedelta(days=1)))
        cursor = last + timedelta(days=1)  # periods end by 9998 (periods.LATEST)
    if cursor <= end:
        gaps.append((cursor, end))
    return years, periods, gaps


def _accounts() -> dict[int, tuple[str, str, str, str | None]]:
    rows = Account.objects.values_list("id", "code", "name", "type", "parent__code")
    return {pk: (code, name, kind, parent) for pk, code, name, kind, parent in rows}


def _rows(totals: dict[int, tuple[Decimal, Decimal]], types: Iterable[str] | None = None) -> list[TrialRow]:
    accounts = _accounts()
    wanted = set(types) if types is not None else None
    rows = []
    for pk, (debit, credit) in totals.items():
        code, name, kind, parent = accounts[pk]
        if wanted is not None and kind not in wanted:
            continue
        if debit == credit == ZERO:
            continue
        rows.append(TrialRow(code, name, kind, parent, debit, credit, debit - credit))
    return sorted(rows, key=lambda r: r.code)


def _names(row_type: type[Any]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(row_type))


def trial_balance(as_of: date) -> Report[TrialRow]:
    """Every account with postings up to `as_of`: total debits, credits and the net (debit - credit)."""
    rows = _rows(_totals(None, as_of))
    debit = sum((r.debit for r in rows), ZERO)
    credit = sum((r.credit for r in rows), ZERO)
    return Report(
        "Trial balance",
        rows,
        {"debit": debit, "credit": credit, "net": debit - credit},
        {"as_of": as_of.isoformat()},
        _names(TrialRow),
    )


def _natural(row: TrialRow) -> Row:
    """The account on its natural side: credit-normal ones (liability, equity, income) negated."""
    balance = -row.net if row.type in CREDIT_NORMAL else row.net  # unary minus: no "-0.00"
    return Row(row.code, row.name, row.type, row.parent, row.debit, row.credit, balance)


def balance_sheet(as_of: date) -> Report[Row]:
    """Assets = liabilities + equity, with unclosed income less expenses as current earnings."""
    totals = _totals(None, as_of)
    rows = [_natural(r) for r in _rows(totals, ["asset", "liability", "equity"])]
    earnings_rows = _rows(totals, ["income", "expense"])
    earnings = -sum((r.net for r in earnings_rows), ZERO)
    sections = {
        kind: sum((r.balance for r in rows if r.type == kind), ZERO)
        for kind in ("asset", "liability", "equity")
    }
    return Report(
        "Balance sheet",
        rows,
        {
            "assets": sections["asset"],
            "liabilities": sections["liability"],
            "equity": sections["equity"],
            "current_earnings": earnings,
            "liabilities_and_equity": sections["liability"] + sections["equity"] + earnings,
        },
        {"as_of": as_of.isoformat()},
        _names(Row),
    )


def _closing_totals(start: date, end: date) -> dict[int, tuple[Decimal, Decimal]]:
    """Base (debit, credit) per account of the year-end closing entries in [start, end]."""
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(
            "SELECT l.account_id, sum(l.base_amount) FILTER (WHERE l.side = 'D'),"
            " sum(l.base_amount) FILTER (WHERE l.side = 'C')"
            " FROM ledger_journalline l JOIN ledger_journalentry e ON e.id = l.entry_id"
            " WHERE e.kind = 'closing' AND e.status = ANY(%s) AND e.date BETWEEN %s AND %s"
            " GROUP BY l.account_id",
            [IN_BOOKS, start, end],
        )
        return {pk: (debit or ZERO, credit or ZERO) for pk, debit, credit in cursor.fetchall()}


def income_statement(start: date, end: date) -> Report[Row]:
    """Income and expenses over [start, end]; balances shown positive on their natural side.

    Year-end closing entries are left out: they move the year's result to retained earnings and
    would otherwise show every closed year as breaking even. (Few rows: one entry per year.)
    """
    totals = _totals(start, end)
    for pk, (debit, credit) in _closing_totals(start, end).items():
        kept_debit, kept_credit = totals.get(pk, (ZERO, ZERO))
        totals[pk] = (kept_debit - debit, kept_credit - credit)
    rows = [_natural(r) for r in _rows(totals, ["income", "expense"])]
    income = sum((r.balance for r in rows if r.type == "income"), ZERO)
    expenses = sum((r.balance for r in rows if r.type == "expense"), ZERO)
    return Report(
        "Income statement",
        rows,
        {"income": income, "expenses": expenses, "net_income": income - expenses},
        {"from": start.isoformat(), "to": end.isoformat()},
        _names(Row),
    )


def account_balance(account: Account, as_of: date) -> dict[str, Any]:
    """Debit-positive balance of one account as of a date, in base and per transaction currency."""
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(
            "SELECT currency_id, sum(debit - credit), sum(base_debit - base_credit)"
            " FROM ledger_accountbalance WHERE account_id = %s AND date <= %s"
            " GROUP BY currency_id ORDER BY currency_id",
            [account.pk, as_of],
        )
        rows = cursor.fetchall()
    return {
        "account": account.code,
        "as_of": as_of.isoformat(),
        "balance": sum((base for _, _, base in rows), ZERO),
        "currencies": {currency: amount for currency, amount, _ in rows},
    }


@dataclass
class LedgerLine:
    date: date
    entry: int
    number: int | None
    reference: str
    memo: str
    description: str
    currency: str
    amount: Decimal
    debit: Decimal
    credit: Decimal
    balance: Decimal


def general_ledger(account: Account, start: date, end: date) -> Report[LedgerLine]:
    """One account's posted lines over [start, end] with a running base-currency balance."""
    before = _totals(None, start - timedelta(days=1)) if start > date.min else {}
    opening_totals = before.get(account.pk, (ZERO, ZERO))
    running = opening_totals[0] - opening_totals[1]
    opening = running
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(
            "SELECT e.date, e.id, e.number, e.reference, e.memo, l.description, l.currency_id, l.amount,"
            " l.side, l.base_amount FROM ledger_journalline l JOIN ledger_journalentry e ON e.id = l.entry_id"
            " WHERE l.account_id = %s AND e.status = ANY(%s) AND e.date BETWEEN %s AND %s"
            " ORDER BY e.date, e.number, e.id, l.line_no",
            [account.pk, IN_BOOKS, start, end],
        )
        fetched = cursor.fetchall()
    lines: list[LedgerLine] = []
    for day, entry_id, number, reference, memo, description, currency, amount, side, base in fetched:
        debit, credit = (base, ZERO) if side == "D" else (ZERO, base)
        running += debit - credit
        lines.append(
            LedgerLine(
                day, entry_id, number, reference, memo, description, currency, amount, debit, credit, running
            )
        )
    return Report(
        f"General ledger {account.code} {account.name}",
        lines,
        {
            "opening": opening,
            "debit": sum((x.debit for x in lines), ZERO),
            "credit": sum((x.credit for x in lines), ZERO),
            "closing": running,
        },
        {"account": account.code, "from": start.isoformat(), "to": end.isoformat()},
        _names(LedgerLine),
    )


def to_csv(report: Report[Any], columns: Sequence[str] | None = None) -> str:
    """The report's rows as CSV (header row first); decimals keep their exact text, text that a
    spreadsheet would run as a formula is quoted."""
    rows = [{k: cell(v) for k, v in asdict(r).items()} for r in report.rows]
    columns = list(columns or report.columns)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def account_balances(as_of: date) -> dict[int, Decimal]:
    """Debit-positive base-currency balance of every account with postings up to `as_of`."""
    return {pk: debit - credit for pk, (debit, credit) in _totals(None, as_of).items()}


MAX_MONTHS = 120


@dataclass
class MonthlyRow:
    """One account's base-currency movements per month, debit-positive.

    Income and expense movements leave the year-end closing entries out (as the income
    statement does); balance-sheet accounts keep them: they really move retained earnings. So
    `closing`, the balance at the end as the trial balance shows it, is `opening` plus the
    movements except for an income or expense account in a range with a year-end close.
    """

    code: str
    name: str
    type: str
    parent: str | None
    opening: Decimal  # the balance before the first month
    movements: list[Decimal]
    closing: Decimal  # the balance at the end of the range


@dataclass
class Monthly:
    months: list[tuple[date, date]]  # each calendar month, clipped to [start, end]
    rows: list[MonthlyRow]
    totals: dict[str, list[Decimal]]  # income, expenses, net_income per month, natural sign


def month_count(start: date, end: date) -> int:
    """How many calendar months overlap [start, end]."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def month_windows(start: date, end: date) -> list[tuple[date, date]]:
    """The calendar months that overlap [start, end], each clipped to it."""
    windows = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        first = date(year, month, 1)
        last = date(year, 12, 31) if month == 12 else date(year, month + 1, 1) - timedelta(days=1)
        windows.append((max(first, start), min(last, end)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return windows


def monthly(start: date, end: date) -> Monthly:
    """Every account's opening balance and movement per month over [start, end], in one read of
    the kept totals: what a dashboard needs for income, expenses and cash by month."""
    months = month_windows(start, end)
    index = {first.replace(day=1): i for i, (first, _) in enumerate(months)}
    before = _totals(None, start - timedelta(days=1)) if start > date.min else {}
    opening = {pk: debit - credit for pk, (debit, credit) in before.items()}
    moves: dict[int, list[Decimal]] = {}
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(
            "SELECT account_id, date_trunc('month', date)::date, sum(base_debit) - sum(base_credit)"
            " FROM ledger_accountbalance WHERE date BETWEEN %s AND %s GROUP BY 1, 2",
            [start, end],
        )
        kept = cursor.fetchall()
        cursor.execute(
            "SELECT l.account_id, date_trunc('month', e.date)::date,"
            " sum(CASE WHEN l.side = 'D' THEN l.base_amount ELSE -l.base_amount END)"
            " FROM ledger_journalline l JOIN ledger_journalentry e ON e.id = l.entry_id"
            " WHERE e.kind = 'closing' AND e.status = ANY(%s) AND e.date BETWEEN %s AND %s"
            " GROUP BY 1, 2",
            [IN_BOOKS, start, end],
        )
        closing = cursor.fetchall()
    accounts = _accounts()
    end_balance = dict(opening)
    for pk, month, amount in kept:
        moves.setdefault(pk, [ZERO] * len(months))[index[month]] += amount
        end_balance[pk] = end_balance.get(pk, ZERO) + amount
    for pk, month, amount in closing:
        if accounts[pk][2] in ("income", "expense"):
            moves[pk][index[month]] -= amount
    rows = []
    for pk, (code, name, kind, parent) in accounts.items():
        values = moves.get(pk, [ZERO] * len(months))
        start_balance = opening.get(pk, ZERO)
        if start_balance or any(values) or end_balance.get(pk, ZERO):
            rows.append(
                MonthlyRow(code, name, kind, parent, start_balance, values, end_balance.get(pk, ZERO))
            )
    rows.sort(key=lambda r: r.code)
    income = [-sum((r.movements[i] for r in rows if r.type == "income"), ZERO) for i in range(len(months))]
    expenses = [sum((r.movements[i] for r in rows if r.type == "expense"), ZERO) for i in range(len(months))]
    return Monthly(
        months,
        rows,
        {
            "income": income,
            "expenses": expenses,
            "net_income": [a - b for a, b in zip(income, expenses, strict=True)],
        },
    )
