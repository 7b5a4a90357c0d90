"""Checks an auditor runs: kept totals equal a recomputation, numbers are gapless, the hash
chain is intact. Each returns a list of problems; empty means the books are sound."""

from __future__ import annotations

from django.db import connections

from tenants.context import current_alias

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

CHAIN_SQL = """
SELECT fiscal_year_id, id, number, prev_hash, hash,
       lag(hash) OVER w AS previous, lag(number) OVER w AS previous_number,
       encode(sha256(convert_to(prev_hash || '|' || ledger_entry_canonical(id), 'UTF8')), 'hex') AS recomputed
  FROM ledger_journalentry
 WHERE status IN ('posted', 'reversed')
WINDOW w AS (PARTITION BY fiscal_year_id ORDER BY number)
 ORDER BY fiscal_year_id, number
"""


def totals_problems() -> list[str]:
    """Differences between the kept totals and a full recomputation from the lines."""
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(TOTALS_DIFF_SQL)
        return [
            f"account {a} {cur} {day}: debit {rd} kept {kd}, credit {rc} kept {kc}"
            for a, cur, day, rd, kd, rc, kc in cursor.fetchall()
        ]


def chain_problems() -> list[str]:
    """Gaps in entry numbers and breaks in each fiscal year's hash chain."""
    problems = []
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
            expected_number = (previous_number or 0) + 1
            if number != expected_number:
                problems.append(f"year {year}: entry {entry} has number {number}, expected {expected_number}")
            if prev_hash != (previous or ""):
                problems.append(
                    f"year {year}: entry {entry} (no. {number}) does not link to the entry before it"
                )
            if stored != recomputed:
                problems.append(f"year {year}: entry {entry} (no. {number}) was changed after posting")
    return problems
