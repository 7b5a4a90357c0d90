"""Totals of a company's books that a backup records and a restored or moved copy must match.

Called by tenants.backups (PYLEDGER_TENANT_TOTALS) on a plain psycopg connection, inside the
snapshot that is dumped; the books' tables may not exist yet in an older database.
"""

from __future__ import annotations

from typing import Any

import psycopg


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
