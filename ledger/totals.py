"""What a backup records of a company's books, read on a plain psycopg connection inside the
snapshot that is dumped: the totals a restored or moved copy must match, and each fiscal year's
hash-chain head (checkpointed in the common database, see ledger/checkpoints.py).

Called by tenants.lifecycle.backups (PYLEDGER_TENANT_TOTALS, PYLEDGER_TENANT_CHAIN); the books' tables may
not exist yet in an older database.
"""

from __future__ import annotations

from typing import Any

import psycopg

from common.checkpoints import Head

from .models import fiscal_year_name


def book_totals(conn: psycopg.Connection[Any]) -> dict[str, str]:
    """The trial balance in base currency: total debits and credits over the balance totals.

    Empty while `ledger_accountbalance` (or its base-currency columns) does not exist.
    """
    columns = {
        row[0]
        for row in conn.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name = 'ledger_accountbalance'"
        ).fetchall()
    }
    if not {"base_debit", "base_credit"} <= columns:
        return {}
    row = conn.execute(
        "SELECT coalesce(sum(base_debit), 0), coalesce(sum(base_credit), 0) FROM ledger_accountbalance"
    ).fetchone()
    assert row is not None
    return {"trial_balance_debit": str(row[0]), "trial_balance_credit": str(row[1])}


# Per fiscal year with posted entries: how many, the last one (number and hash, through the
# (fiscal_year, number) index), and the base-currency totals of their lines.
HEADS_SQL = """
WITH years AS (
  SELECT fiscal_year_id, count(*) AS entries FROM ledger_journalentry
   WHERE status IN ('posted', 'reversed') AND number IS NOT NULL
   GROUP BY fiscal_year_id
), sums AS (
  SELECT e.fiscal_year_id,
         coalesce(sum(l.base_amount) FILTER (WHERE l.side = 'D'), 0) AS debit,
         coalesce(sum(l.base_amount) FILTER (WHERE l.side = 'C'), 0) AS credit
    FROM ledger_journalline l JOIN ledger_journalentry e ON e.id = l.entry_id
   WHERE e.status IN ('posted', 'reversed') AND e.number IS NOT NULL
   GROUP BY e.fiscal_year_id
)
SELECT y.fiscal_year_id, fy.start_date, fy.end_date, y.entries, last.number, last.hash,
       coalesce(s.debit, 0), coalesce(s.credit, 0)
  FROM years y
  LEFT JOIN ledger_fiscalyear fy ON fy.id = y.fiscal_year_id
  CROSS JOIN LATERAL (
    SELECT e.number, e.hash FROM ledger_journalentry e
     WHERE e.fiscal_year_id = y.fiscal_year_id AND e.status IN ('posted', 'reversed') AND e.number IS NOT NULL
     ORDER BY e.number DESC LIMIT 1) last
  LEFT JOIN sums s ON s.fiscal_year_id = y.fiscal_year_id
 ORDER BY y.fiscal_year_id
"""


def chain_heads(conn: psycopg.Connection[Any]) -> list[Head]:
    """Each fiscal year's last entry (number and hash), entry count and base totals.

    Empty while the books' tables do not exist.
    """
    row = conn.execute("SELECT to_regclass('ledger_journalentry') IS NOT NULL").fetchone()
    assert row is not None
    if not row[0]:
        return []
    return [
        Head(
            fiscal_year_id=year,
            fiscal_year=fiscal_year_name(start, end) if start else f"year {year}",
            last_number=number,
            head_hash=head_hash,
            entry_count=entries,
            totals={"debit": str(debit), "credit": str(credit)},
        )
        for year, start, end, entries, number, head_hash, debit, credit in conn.execute(HEADS_SQL).fetchall()
    ]
