"""The kept daily totals of taxed lines (TaxTotal), brought up to date when a return is read.

Posted entries never change and are numbered per fiscal year in commit order (the number is
taken under the year's sequence lock, held to commit): whatever is numbered above a year's mark
is new. Catching up adds those entries' taxed lines and moves the mark in one statement, under
the mark's row lock, so two readers never count an entry twice. Posting stays untouched: the
cost is paid once per entry, by the next report, proportional to what was posted since.
"""

from __future__ import annotations

from datetime import date

from django.db import connections

from tenants.routing.context import current_alias
from tenants.routing.db import tenant_atomic

from .models import TaxTotal, TaxTotalMark

# The kind of an entry, for TaxTotal.kind (see tax.classify for what each kind means).
KIND_SQL = """CASE WHEN e.source = 'sales' THEN 'sales' WHEN e.source = 'purchases' THEN 'purchases'
                   WHEN e.source = 'tax' THEN 'tax'
                   WHEN e.reversal_of_id IS NOT NULL THEN 'hand_reversal' ELSE 'hand' END"""

CATCH_UP_SQL = f"""
WITH fresh AS (
  SELECT e.id, e.number, e.date, {KIND_SQL} AS kind
    FROM ledger_journalentry e
   WHERE e.fiscal_year_id = %(year)s AND e.number > %(mark)s
), added AS (
  INSERT INTO {TaxTotal._meta.db_table} AS t (date, tax_code_id, account_id, kind, side, amount, lines)
  SELECT f.date, l.tax_code_id, l.account_id, f.kind, l.side, sum(l.base_amount), count(*)
    FROM fresh f JOIN ledger_journalline l ON l.entry_id = f.id
   WHERE l.tax_code_id IS NOT NULL
   GROUP BY 1, 2, 3, 4, 5
   ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (date, tax_code_id, account_id, kind, side) DO UPDATE
     SET amount = t.amount + excluded.amount, lines = t.lines + excluded.lines
)
SELECT max(number) FROM fresh
"""  # noqa: S608 (constants)


# Per fiscal year meeting the period: its mark and its last entry number (through the
# (fiscal_year, number) index), so an up-to-date read costs this one query and no lock.
BEHIND_SQL = f"""
SELECT fy.id, coalesce(m.last_number, 0)
  FROM ledger_fiscalyear fy
  LEFT JOIN {TaxTotalMark._meta.db_table} m ON m.fiscal_year_id = fy.id
 WHERE fy.start_date <= %s AND fy.end_date >= %s
   AND (SELECT max(e.number) FROM ledger_journalentry e WHERE e.fiscal_year_id = fy.id)
       > coalesce(m.last_number, 0)
 ORDER BY fy.id
"""  # noqa: S608 (constants)


def catch_up(start: date, end: date) -> None:
    """Count every entry posted since the last call in the fiscal years that meet start..end."""
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(BEHIND_SQL, [end, start])
        behind = [year for year, _ in cursor.fetchall()]
        if not behind:
            return
        with tenant_atomic():
            for year in behind:
                TaxTotalMark.objects.get_or_create(fiscal_year_id=year)
                # The mark again, under its lock: another reader may have caught up meanwhile.
                last = TaxTotalMark.objects.select_for_update().get(fiscal_year_id=year).last_number
                cursor.execute(CATCH_UP_SQL, {"year": year, "mark": last})
                (top,) = cursor.fetchone()
                if top is not None:
                    TaxTotalMark.objects.filter(fiscal_year_id=year).update(last_number=top)
