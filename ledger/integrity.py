"""Checks an auditor runs: kept totals equal a recomputation, numbers are gapless, the hash
chain is intact and ends where each year's sequence says it does. Each returns a list of
problems, one readable line each; empty means the books are sound."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connections

from tenants.routing.context import current_alias

from .models import FiscalYear

TOTALS_DIFF_SQL = """
WITH recomputed AS (
  SELECT l.account_id, l.currency_id, e.date,
         sum(l.amount) FILTER (WHERE l.side = 'D') AS debit,
         sum(l.amount) FILTER (WHERE l.side = 'C') AS credit,
         sum(l.base_amount) FILTER (WHERE l.side = 'D') AS base_debit,
         sum(l.base_amount) FILTER (WHERE l.side = 'C') AS base_credit
    FROM ledger_journalline l JOIN ledger_journalentry e ON e.id = l.entry_id
   WHERE e.status IN ('posted', 'reversed')
   GROUP BY l.account_id, l.currency_id, e.date
)
SELECT coalesce(r.account_id, b.account_id), coalesce(r.currency_id, b.currency_id),
       coalesce(r.date, b.date), coalesce(r.base_debit, 0), coalesce(b.base_debit, 0),
       coalesce(r.base_credit, 0), coalesce(b.base_credit, 0)
  FROM recomputed r FULL JOIN ledger_accountbalance b
    ON b.account_id = r.account_id AND b.currency_id = r.currency_id AND b.date = r.date
 WHERE coalesce(r.debit, 0) <> coalesce(b.debit, 0) OR coalesce(r.credit, 0) <> coalesce(b.credit, 0)
    OR coalesce(r.base_debit, 0) <> coalesce(b.base_debit, 0)
    OR coalesce(r.base_credit, 0) <> coalesce(b.base_credit, 0)
 LIMIT 100
"""

# The totals of closed periods and years (ledger_closedbalance) against the kept daily totals of
# their days: a closed period's exist exactly while it is closed, a year's once all its periods are.
CLOSED_DIFF_SQL = """
WITH expected AS (
  SELECT p.fiscal_year_id, p.id AS period_id, b.account_id, b.currency_id, sum(b.debit) AS debit,
         sum(b.credit) AS credit, sum(b.base_debit) AS base_debit, sum(b.base_credit) AS base_credit
    FROM ledger_fiscalperiod p JOIN ledger_accountbalance b ON b.date BETWEEN p.start_date AND p.end_date
   WHERE p.status = 'closed'
   GROUP BY 1, 2, 3, 4
  UNION ALL
  SELECT y.id, NULL::bigint, b.account_id, b.currency_id, sum(b.debit), sum(b.credit), sum(b.base_debit),
         sum(b.base_credit)
    FROM ledger_fiscalyear y JOIN ledger_accountbalance b ON b.date BETWEEN y.start_date AND y.end_date
   WHERE NOT EXISTS (SELECT FROM ledger_fiscalperiod p WHERE p.fiscal_year_id = y.id AND p.status <> 'closed')
   GROUP BY 1, 2, 3, 4)
SELECT coalesce(e.fiscal_year_id, c.fiscal_year_id), coalesce(e.period_id, c.period_id),
       coalesce(e.account_id, c.account_id), coalesce(e.currency_id, c.currency_id),
       coalesce(e.base_debit, 0), coalesce(c.base_debit, 0),
       coalesce(e.base_credit, 0), coalesce(c.base_credit, 0)
  FROM expected e FULL JOIN ledger_closedbalance c
    ON c.fiscal_year_id = e.fiscal_year_id AND coalesce(c.period_id, 0) = coalesce(e.period_id, 0)
   AND c.account_id = e.account_id AND c.currency_id = e.currency_id
 WHERE coalesce(e.debit, 0) <> coalesce(c.debit, 0) OR coalesce(e.credit, 0) <> coalesce(c.credit, 0)
    OR coalesce(e.base_debit, 0) <> coalesce(c.base_debit, 0)
    OR coalesce(e.base_credit, 0) <> coalesce(c.base_credit, 0)
 ORDER BY 1, 2 NULLS FIRST, 3, 4
 LIMIT 100
"""

# Each posted entry's canonical text, as ledger_entry_canonical(id) builds it (0002_invariants.sql),
# but for every entry in one pass: that function runs a query per entry, which made the chain
# check cost ~30 times a sha256 of every row. test_tamper checks that both texts agree.
CANONICAL_SQL = """
SELECT e.id,
       concat_ws('|', e.fiscal_year_id, e.number, e.date, e.memo, e.reference, e.posted_by_id,
                 e.reversal_of_id, l.text) AS canonical
  FROM ledger_journalentry e
  LEFT JOIN (
    SELECT l.entry_id,
           string_agg(concat_ws(':', l.line_no, a.code, l.side, l.amount, l.currency_id, l.exchange_rate,
                                l.base_amount, l.tax_code_id), ';' ORDER BY l.line_no) AS text
      FROM ledger_journalline l JOIN ledger_account a ON a.id = l.account_id
     GROUP BY l.entry_id) l ON l.entry_id = e.id
 WHERE e.status IN ('posted', 'reversed')
"""

CHAIN_SQL = f"""
SELECT e.fiscal_year_id, e.id, e.number, e.prev_hash, e.hash,
       lag(e.hash) OVER w AS previous, lag(e.number) OVER w AS previous_number,
       encode(sha256(convert_to(e.prev_hash || '|' || c.canonical, 'UTF8')), 'hex') AS recomputed
  FROM ledger_journalentry e JOIN ({CANONICAL_SQL}) c ON c.id = e.id
WINDOW w AS (PARTITION BY e.fiscal_year_id ORDER BY e.number)
 ORDER BY e.fiscal_year_id, e.number
"""  # noqa: S608 (a constant)

# The sequence row holds each year's head (last number and hash): an entry deleted from the end of
# the chain leaves the rest of the chain intact, and only the head still tells.
HEADS_SQL = """
SELECT y.id, coalesce(s.last_number, 0), coalesce(s.last_hash, ''),
       coalesce(l.number, 0), coalesce(l.hash, '')
  FROM (SELECT id FROM ledger_fiscalyear UNION SELECT fiscal_year_id FROM ledger_entrysequence) y
  LEFT JOIN ledger_entrysequence s ON s.fiscal_year_id = y.id
  LEFT JOIN LATERAL (
    SELECT e.number, e.hash FROM ledger_journalentry e  -- backwards along (fiscal_year, number)
     WHERE e.fiscal_year_id = y.id AND e.status IN ('posted', 'reversed') AND e.number IS NOT NULL
     ORDER BY e.number DESC LIMIT 1) l ON true
 WHERE coalesce(s.last_number, 0) <> coalesce(l.number, 0)
    OR coalesce(s.last_hash, '') <> coalesce(l.hash, '')
 ORDER BY 1
"""


def totals_problems() -> list[str]:
    """Differences between the kept totals and a full recomputation from the lines, and between
    the totals of closed periods and years and the daily totals they sum."""
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(TOTALS_DIFF_SQL)
        problems = [
            f"account {a} {cur} {day}: debit {rd} kept {kd}, credit {rc} kept {kc}"
            for a, cur, day, rd, kd, rc, kc in cursor.fetchall()
        ]
        cursor.execute(CLOSED_DIFF_SQL)
        closed = cursor.fetchall()
    names = year_names() if closed else {}
    for year, period, a, cur, ed, kd, ec, kc in closed:
        label = names.get(year, f"year {year}") + (f" period {period}" if period else "")
        problems.append(
            f"{label} closed totals, account {a} {cur}: debit {ed} kept {kd}, credit {ec} kept {kc}"
        )
    return problems


def year_names() -> dict[int, str]:
    """Fiscal years by id, named as people know them (FY2026)."""
    return {year.pk: str(year) for year in FiscalYear.objects.all()}


def chain_problems() -> list[str]:
    """Gaps in entry numbers, breaks in each fiscal year's hash chain, and heads that do not match
    the last entry."""
    problems = []
    names = year_names()
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(CHAIN_SQL)
        for (
            year,
            entry,
            number,
            prev_hash,
            stored,
            previous,
            previous_number,
            recomputed,
        ) in cursor.fetchall():
            label = names.get(year, f"year {year}")
            expected_number = (previous_number or 0) + 1
            if number != expected_number:
                problems.append(f"{label}: entry {entry} has number {number}, expected {expected_number}")
            if prev_hash != (previous or ""):
                problems.append(f"{label}: entry {entry} (no. {number}) does not link to the entry before it")
            if stored != recomputed:
                problems.append(f"{label}: entry {entry} (no. {number}) was changed after posting")
        cursor.execute(HEADS_SQL)
        for year, head_number, head_hash, last_number, last_hash in cursor.fetchall():
            label = names.get(year, f"year {year}")
            if head_number != last_number:
                problems.append(
                    f"{label}: the chain's head is entry no. {head_number} but the last entry is "
                    f"no. {last_number}: entries were removed or added behind the sequence's back"
                )
            else:
                problems.append(
                    f"{label}: the chain's head hash {head_hash[:12]} is not the hash of the last "
                    f"entry (no. {last_number}, {last_hash[:12]})"
                )
    return problems


# Checks other tenant apps add (e.g. control accounts equal open documents), run by
# verify_ledger after the ledger's own: the ledger knows nothing of those apps.
EXTRA_CHECKS: list[Callable[[], list[str]]] = []


def register_check(check: Callable[[], list[str]]) -> None:
    if check not in EXTRA_CHECKS:
        EXTRA_CHECKS.append(check)


def extra_problems() -> list[str]:
    return [problem for check in EXTRA_CHECKS for problem in check()]
