"""The tax return for a year at 1M journal lines, against raw GROUP BYs over the same lines.

    python -m benchmarks.tax_return [--lines 1000000] [--runs 20] [--more 1000]

Entries of 4 lines are generated in SQL (INSERT ... SELECT generate_series) over every day of a
year, in replica mode (no triggers: numbered in the INSERT, the ledger's kept totals rebuilt
after), a third each of invoices (source "sales"), bills ("purchases") and hand sales: the
control or bank line, a VAT20 net line, its VAT20 tax line on 2300 and a VAT0 net line. So
three lines in four carry a tax code.

Timed (median/p90 of --runs, after two warm-up runs):
- the first report after the load, which counts the whole year into the tax app's kept totals
  (tax.totals.catch_up): paid once, by the first reader;
- the report of the year from then on (UK VAT boxes, then the reconciliation with 2300), which
  is what the target (< 100 ms) is about;
- the report after --more entries posted since the last one (it counts those first);
- the baselines: a raw GROUP BY of the taxed lines by code, account, kind and side (what a report
  reading lines directly must at least do), and the same with the lines classified into boxes.
Figures are printed, never asserted; compare them only within one run.
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from decimal import Decimal
from typing import Any

from benchmarks import _ledger_setup as setup
from benchmarks.ledger_reports import timings, vacuum

SLUG = "bench-tax"
START, END = date(setup.BENCH_YEAR, 1, 1), date(setup.BENCH_YEAR, 12, 31)

ENTRIES_SQL = """
INSERT INTO ledger_journalentry (number, fiscal_year_id, period_id, date, memo, reference, status, source,
                                 request_hash, created_at, created_by_name, posted_at, posted_by_name,
                                 prev_hash, hash)
SELECT %(first_number)s + g - %(lo)s, p.fiscal_year_id, p.id, d.day, '', 'gen-' || g, 'posted',
       (ARRAY['sales', 'purchases', ''])[1 + g %% 3], '', now(), 'system', now(), 'system', '', ''
  FROM generate_series(%(lo)s::int, %(hi)s::int) AS g
 CROSS JOIN LATERAL (SELECT %(first_day)s::date + (g %% 365) AS day) AS d
  JOIN ledger_fiscalperiod p ON d.day BETWEEN p.start_date AND p.end_date
 ORDER BY g
"""

# Sales (and hand sales): D receivable gross, C sales net VAT20, C 2300 tax VAT20, C services net
# VAT0. Purchases: the same on the other sides against payables, rent and office supplies.
LINES_SQL = """
INSERT INTO ledger_journalline (entry_id, line_no, account_id, side, amount, currency_id, exchange_rate,
                                base_amount, description, tax_code_id)
SELECT e.id, k, (CASE WHEN sale THEN %(sale_accounts)s::bigint[] ELSE %(buy_accounts)s::bigint[] END)[k],
       CASE WHEN (k = 1) = sale THEN 'D' ELSE 'C' END, a.amount, %(currency)s, 1, a.amount, '',
       (ARRAY[NULL, %(vat20)s, %(vat20)s, %(vat0)s]::bigint[])[k]
  FROM ledger_journalentry e
 CROSS JOIN LATERAL (SELECT e.source <> 'purchases' AS sale,
                            ((e.id * 7919) %% 99999 + 100)::numeric / 100 AS net,
                            ((e.id * 104729) %% 9999 + 1)::numeric / 100 AS zero) AS m
 CROSS JOIN LATERAL (SELECT round(m.net * 0.2, 2) AS tax) AS t
 CROSS JOIN generate_series(1, 4) AS k
 CROSS JOIN LATERAL (SELECT (ARRAY[m.net + t.tax + m.zero, m.net, t.tax, m.zero])[k] AS amount) AS a
 WHERE e.id > %(after)s
 ORDER BY e.id, k
"""

REBUILD_BALANCES = """
INSERT INTO ledger_accountbalance (account_id, currency_id, date, debit, credit, base_debit, base_credit)
SELECT l.account_id, l.currency_id, e.date,
       coalesce(sum(l.amount) FILTER (WHERE l.side = 'D'), 0),
       coalesce(sum(l.amount) FILTER (WHERE l.side = 'C'), 0),
       coalesce(sum(l.base_amount) FILTER (WHERE l.side = 'D'), 0),
       coalesce(sum(l.base_amount) FILTER (WHERE l.side = 'C'), 0)
  FROM ledger_journalline l JOIN ledger_journalentry e ON e.id = l.entry_id
 WHERE e.status IN ('posted', 'reversed') AND e.id > %(after)s
 GROUP BY l.account_id, l.currency_id, e.date
ON CONFLICT (account_id, currency_id, date) DO UPDATE
   SET debit = ledger_accountbalance.debit + excluded.debit,
       credit = ledger_accountbalance.credit + excluded.credit,
       base_debit = ledger_accountbalance.base_debit + excluded.base_debit,
       base_credit = ledger_accountbalance.base_credit + excluded.base_credit
"""

RAW_GROUP_BY = """
SELECT l.tax_code_id, l.account_id, e.source, l.side, sum(l.base_amount), count(*)
  FROM ledger_journalline l JOIN ledger_journalentry e ON e.id = l.entry_id
 WHERE e.date BETWEEN %(start)s AND %(end)s AND e.status IN ('posted', 'reversed')
   AND l.tax_code_id IS NOT NULL
 GROUP BY 1, 2, 3, 4
"""


def raw_boxes_sql() -> str:
    """The lines classified into components (as the report does) and summed per code."""
    from tax.returns import SIGNED_SQL, component_sql
    from tax.totals import KIND_SQL

    return f"""
SELECT tax_code_id, component, sum({SIGNED_SQL}) FROM (
  SELECT l.tax_code_id, l.side, l.base_amount AS amount,
         {component_sql(KIND_SQL, "l.side", "l.account_id")} AS component
    FROM ledger_journalline l JOIN ledger_journalentry e ON e.id = l.entry_id
    JOIN ledger_taxcode t ON t.id = l.tax_code_id JOIN ledger_account a ON a.id = l.account_id
   WHERE e.date BETWEEN %(start)s AND %(end)s AND e.status IN ('posted', 'reversed')
     AND l.tax_code_id IS NOT NULL) c
 WHERE component IS NOT NULL GROUP BY 1, 2
"""  # noqa: S608 (constants)


def tax_codes() -> dict[str, int]:
    """Inside tenant_context: the GB codes the lines carry, on 2300 (the benchmark company is US)."""
    from ledger.models import Account, TaxCode

    vat = Account.objects.get(code="2300")
    made = {}
    for code, rate in (("VAT20", "20"), ("VAT0", "0")):
        row, _ = TaxCode.objects.get_or_create(
            code=code, defaults={"name": code, "rate": rate, "account": vat}
        )
        made[code] = row.pk
    return made


def load(company: Any, bks: setup.Books, codes: dict[str, int], entries: int) -> float:
    """Add `entries` entries of 4 lines in replica mode, numbered, and their kept totals."""
    conn = setup.raw_connect(company, triggers=False)
    t0 = time.perf_counter()
    row = conn.execute(
        "SELECT coalesce(max(id), 0), (SELECT coalesce(max(last_number), 0) FROM ledger_entrysequence)"
        " FROM ledger_journalentry"
    ).fetchone()
    assert row is not None
    after, last_number = row
    acc = bks.accounts
    params = {
        "lo": after + 1,
        "hi": after + entries,
        "first_day": START,
        "first_number": last_number + 1,
        "currency": setup.CURRENCY,
        "after": after,
        "sale_accounts": [acc["1200"], acc["4100"], acc["2300"], acc["4200"]],
        "buy_accounts": [acc["2100"], acc["6200"], acc["2300"], acc["6400"]],
        "vat20": codes["VAT20"],
        "vat0": codes["VAT0"],
    }
    conn.execute(ENTRIES_SQL, params)
    conn.execute(LINES_SQL, params)
    conn.execute(REBUILD_BALANCES, params)
    conn.execute(
        "INSERT INTO ledger_entrysequence (fiscal_year_id, last_number, last_hash) VALUES (%s, %s, '')"
        " ON CONFLICT (fiscal_year_id) DO UPDATE SET last_number = excluded.last_number",
        [bks.periods[0][3], last_number + entries],
    )
    conn.commit()
    conn.close()
    return time.perf_counter() - t0


def report() -> Any:
    from tax.returns import reconciliation, tax_return

    ret = tax_return(scheme="uk-vat", start=START, end=END)
    return ret, reconciliation(ret)


def baselines(company: Any, ret: Any, rec: Any, codes: dict[str, int], runs: int) -> None:
    """The raw GROUP BYs over the lines, and the check that the report's box 1 equals the raw sum."""
    conn = setup.raw_connect(company)
    period = {"start": START, "end": END, "vat": ret.vat_account_id}
    raw = raw_boxes_sql()

    def run(sql: str) -> Any:
        return lambda: conn.execute(sql, period).fetchall()

    print(f"  baseline: raw GROUP BY of the taxed lines            {timings(run(RAW_GROUP_BY), runs)}")
    print(f"  baseline: the lines classified into boxes, raw       {timings(run(raw), runs)}")
    box = {b.key: b.amount for b in ret.boxes}
    vat20 = {comp: amount for code, comp, amount in run(raw)() if code == codes["VAT20"]}
    output = vat20.get("output_tax", Decimal(0))
    (lines,) = conn.execute("SELECT count(*) FROM ledger_journalline").fetchone() or (0,)
    conn.close()
    same = "equal" if box["1"] == output else "DIFFERENT"
    print(f"\n  {lines} lines; box 1 {box['1']} vs raw {output} ({same}); box 4 {box['4']}, box 5 "
          f"{box['5']}; 2300's movement {rec.movement} (difference {rec.difference})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lines", type=int, default=1_000_000, help="journal lines in the year")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per figure (median/p90)")
    parser.add_argument("--more", type=int, default=1000, help="entries posted between two reports")
    args = parser.parse_args()
    setup.configure()
    print(setup.server_facts())
    started = time.perf_counter()
    from tenants.routing.context import tenant_context

    with setup.bench_tenant(SLUG) as company:
        with tenant_context(company):
            bks = setup.books()
            codes = tax_codes()
        entries = args.lines // 4
        seconds = load(company, bks, codes, entries)
        vacuum(company)
        print(f"\nLoaded {entries * 4} lines ({entries} entries, 3 lines in 4 taxed) in {seconds:.1f} s.")
        with tenant_context(company):
            first = setup.timed(report)
            print(f"  first report (counts the year into the kept totals) {setup.ms(first):>10}")
            vacuum(company)
            print(f"  the report of the year (UK VAT + reconciliation)     {timings(report, args.runs)}")
            samples = []
            for _ in range(max(3, args.runs // 4)):
                load(company, bks, codes, args.more)
                samples.append(setup.timed(report))
            median, p90 = setup.median_p90(samples)
            print(f"  after {args.more} more entries, {len(samples)} times         "
                  f"median {setup.ms(median):>9}  p90 {setup.ms(p90):>9}")  # fmt: skip
            ret, rec = report()
        baselines(company, ret, rec, codes, max(5, args.runs // 2))
    print(f"\nTotal {time.perf_counter() - started:.0f} s; benchmark database dropped.")


if __name__ == "__main__":
    main()
