"""Trial balance and balance sheet at 100k and 1M journal lines vs a raw GROUP BY over the lines.

    python -m benchmarks.ledger_reports [--runs 20] [--small 100000] [--large 1000000]
                                        [--per-transaction 1000]

Lines are generated in SQL (INSERT ... SELECT generate_series): posted entries of 4 lines
(two debits, two credits) on ~30 accounts, spread evenly over a year.

- The first `--small` lines go in with every trigger on, as any posting would (guards, kept
  daily totals, numbering and hashing at commit), 1,000 entries per transaction.
- The rest, up to `--large`, go in with session_replication_role = replica, which skips the
  triggers: entries get their numbers in the INSERT (hashes stay empty), and the kept totals
  (ledger_accountbalance) are then rebuilt with one INSERT ... SELECT ... GROUP BY. The reports
  only read the kept totals, so what they see is what the triggers would have kept.

Then VACUUM ANALYZE (as autovacuum would), and each report is timed `--runs` times
(median/p90) next to raw GROUP BYs over the lines. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from benchmarks import _ledger_setup as setup

SLUG = "bench-reports"
LINES_PER_ENTRY = 4
AS_OF = date(setup.BENCH_YEAR, 12, 31)

ENTRIES_SQL = """
INSERT INTO ledger_journalentry (number, fiscal_year_id, period_id, date, memo, reference, status,
                                 request_hash, created_at, created_by_name, posted_at, posted_by_name,
                                 prev_hash, hash)
SELECT CASE WHEN %(numbered)s THEN %(first_number)s + g - %(lo)s END, p.fiscal_year_id, p.id, d.day, '',
       'gen-' || g, 'posted', '', now(), 'system', now(), 'system', '', ''
  FROM generate_series(%(lo)s::int, %(hi)s::int) AS g
 CROSS JOIN LATERAL (SELECT %(first_day)s::date + (g %% %(days)s) AS day) AS d
  JOIN ledger_fiscalperiod p ON d.day BETWEEN p.start_date AND p.end_date
 ORDER BY g
"""

# Lines 1 and 3 carry amount a, lines 2 and 4 amount b: debits a + b = credits a + b.
LINES_SQL = """
INSERT INTO ledger_journalline (entry_id, line_no, account_id, side, amount, currency_id, exchange_rate,
                                base_amount, description)
SELECT e.id, k, (%(accounts)s::bigint[])[1 + ((e.id * 13 + k * 7) %% cardinality(%(accounts)s::bigint[]))],
       CASE WHEN k <= 2 THEN 'D' ELSE 'C' END, m.amount, %(currency)s, 1, m.amount, ''
  FROM ledger_journalentry e
 CROSS JOIN generate_series(1, 4) AS k
 CROSS JOIN LATERAL (
       SELECT ((CASE WHEN k %% 2 = 1 THEN e.id * 7919 ELSE e.id * 104729 END) %% 99999 + 1)::numeric / 100
           AS amount) AS m
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
 WHERE e.status IN ('posted', 'reversed')
 GROUP BY l.account_id, l.currency_id, e.date
"""

RAW_GROUP_BY = (
    "SELECT account_id, sum(base_amount) FILTER (WHERE side = 'D'),"
    " sum(base_amount) FILTER (WHERE side = 'C') FROM ledger_journalline GROUP BY account_id"
)
RAW_AS_OF = (
    "SELECT l.account_id, sum(l.base_amount) FILTER (WHERE l.side = 'D'),"
    " sum(l.base_amount) FILTER (WHERE l.side = 'C')"
    " FROM ledger_journalline l JOIN ledger_journalentry e ON e.id = l.entry_id"
    " WHERE e.status IN ('posted', 'reversed') AND e.date <= %s GROUP BY l.account_id"
)


def counts(conn: Any) -> tuple[int, int, int]:
    row = conn.execute(
        "SELECT (SELECT count(*) FROM ledger_journalentry), (SELECT count(*) FROM ledger_journalline),"
        " (SELECT count(*) FROM ledger_accountbalance)"
    ).fetchone()
    conn.rollback()
    return row[0], row[1], row[2]


def _insert(conn: Any, bks: setup.Books, entries: int, *, numbered: bool, years: int = 1) -> None:
    """INSERT ... SELECT `entries` posted entries and their 4 lines each, over the `years` ending
    with the benchmark's year (no commit)."""
    after, last_number = conn.execute(
        "SELECT coalesce(max(id), 0), (SELECT coalesce(max(last_number), 0) FROM ledger_entrysequence)"
        " FROM ledger_journalentry"
    ).fetchone()
    params = {
        "lo": after + 1,
        "hi": after + entries,
        "first_day": date(setup.BENCH_YEAR - years + 1, 1, 1),
        "days": (AS_OF - date(setup.BENCH_YEAR - years + 1, 1, 1)).days + 1,
        "numbered": numbered,  # else the commit-time trigger numbers them
        "first_number": last_number + 1,
        "accounts": [bks.accounts[code] for code in bks.codes],
        "currency": setup.CURRENCY,
        "after": after,
    }
    conn.execute(ENTRIES_SQL, params)
    conn.execute(LINES_SQL, params)
    if numbered:
        conn.execute(
            "INSERT INTO ledger_entrysequence (fiscal_year_id, last_number, last_hash) VALUES (%s, %s, '')"
            " ON CONFLICT (fiscal_year_id) DO UPDATE SET last_number = excluded.last_number",
            [bks.periods[0][3], last_number + entries],
        )


def load(
    company: Any, bks: setup.Books, entries: int, *, triggers: bool, per_transaction: int, years: int = 1
) -> float:
    """Add `entries` posted entries of 4 lines; return the seconds it took (commits included).

    With triggers, `per_transaction` entries per transaction: the commit-time trigger updates
    the fiscal year's sequence row once per entry, and thousands of versions of one row in one
    transaction make each further update slower (see ledger_bulk.py's batch-size sweep).
    Without triggers, one transaction, then the kept totals are rebuilt from the lines.
    """
    conn = setup.raw_connect(company, triggers=triggers)
    t0 = time.perf_counter()
    if triggers:
        for start in range(0, entries, per_transaction):
            _insert(conn, bks, min(per_transaction, entries - start), numbered=False)
            conn.commit()
    else:
        _insert(conn, bks, entries, numbered=True, years=years)
        # Replica mode also skips the guards of the kept totals: rebuild them whole.
        conn.execute("DELETE FROM ledger_accountbalance")
        conn.execute(REBUILD_BALANCES)
        conn.commit()
    seconds = time.perf_counter() - t0
    conn.close()
    return seconds


def vacuum(company: Any) -> float:
    import psycopg

    t0 = time.perf_counter()
    with psycopg.connect(**setup.raw_conninfo(company), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - t0


MEDIANS: dict[str, float] = {}  # report -> median seconds of the last measurement


def timings(fn: Callable[[], object], runs: int, name: str = "") -> str:
    fn()
    fn()  # warm: plans, catalog caches, shared buffers
    median, p90 = setup.median_p90([setup.timed(fn) for _ in range(runs)])
    if name:
        MEDIANS[name] = median
    return f"median {setup.ms(median):>9}  p90 {setup.ms(p90):>9}"


def measure(company: Any, runs: int) -> None:
    from django.db import connections

    from ledger.reports import balance_sheet, trial_balance
    from tenants.routing.context import tenant_context

    conn = setup.raw_connect(company)
    entries, lines, kept = counts(conn)
    (closed,) = conn.execute("SELECT count(*) FROM ledger_closedbalance").fetchall()[0]
    conn.rollback()
    print(f"\n-- {lines} lines in {entries} entries; kept totals: {kept} daily rows, {closed} closed --")
    with tenant_context(company) as tenant:
        tb = trial_balance(AS_OF)
        bs = balance_sheet(AS_OF)
        tb_time = timings(lambda: trial_balance(AS_OF), runs, "tb")
        print(f"  trial_balance({AS_OF})   {tb_time}  ({len(tb.rows)} rows)")
        bs_time = timings(lambda: balance_sheet(AS_OF), runs, "bs")
        print(f"  balance_sheet({AS_OF})   {bs_time}  ({len(bs.rows)} rows)")
        cursor = connections[tenant.alias].cursor()

        def kept_totals() -> None:
            cursor.execute(
                "SELECT account_id, sum(base_debit), sum(base_credit) FROM ledger_accountbalance"
                " WHERE date <= %s GROUP BY account_id",
                [AS_OF],
            )
            cursor.fetchall()

        print(f"  its query alone (kept totals)  {timings(kept_totals, runs)}")

    def raw(sql: str, params: list[Any]) -> Callable[[], list[Any]]:
        return lambda: conn.execute(sql, params).fetchall()

    print(f"  raw GROUP BY over the lines    {timings(raw(RAW_GROUP_BY, []), runs)}")
    print(f"  raw, posted and dated <= as_of {timings(raw(RAW_AS_OF, [AS_OF]), max(5, runs // 2))}")
    raw_debits = sum((row[1] or Decimal(0) for row in conn.execute(RAW_GROUP_BY).fetchall()), Decimal(0))
    conn.close()
    same = "equal" if raw_debits == tb.totals["debit"] else "DIFFERENT"
    print(
        f"  check: trial balance debits {tb.totals['debit']} vs raw {raw_debits} ({same}); balance "
        f"sheet assets {bs.totals['assets']} = liabilities+equity {bs.totals['liabilities_and_equity']}"
    )


SLUG_YEARS = "bench-reports-years"


def history(lines: int, years: int, runs: int) -> None:
    """`years` of daily activity, `lines` in all: the statements with every period open (a row per
    account and day), then with all but the last year closed (a row per account and closed year)."""
    from ledger.actor import Actor
    from ledger.services.periods import period_for
    from tenants.routing.context import tenant_context

    with setup.bench_tenant(SLUG_YEARS) as company:
        with tenant_context(company):
            for year in range(setup.BENCH_YEAR - years + 1, setup.BENCH_YEAR):
                period_for(date(year, 1, 1), actor=Actor.system())
            bks = setup.books()
        entries = lines // LINES_PER_ENTRY
        seconds = load(company, bks, entries, triggers=False, per_transaction=entries, years=years)
        print(
            f"\n{years} years of daily activity: {entries * LINES_PER_ENTRY} lines loaded with triggers off "
            f"(replica) in {seconds:.1f} s; VACUUM ANALYZE {vacuum(company):.1f} s. Every period open:"
        )
        measure(company, runs)
        conn = setup.raw_connect(company)
        t0 = time.perf_counter()
        conn.execute(
            "UPDATE ledger_fiscalperiod SET status = 'closed' WHERE end_date < %s",
            [date(setup.BENCH_YEAR, 1, 1)],
        )
        conn.commit()
        conn.close()
        print(
            f"\nThe first {years - 1} years closed (one UPDATE of their periods: their totals kept) in "
            f"{time.perf_counter() - t0:.1f} s; VACUUM ANALYZE {vacuum(company):.1f} s."
        )
        measure(company, runs)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=20, help="timed runs per report (median/p90)")
    parser.add_argument("--small", type=int, default=100_000, help="lines of the first measurement")
    parser.add_argument("--large", type=int, default=1_000_000, help="lines of the second measurement")
    parser.add_argument(
        "--per-transaction", type=int, default=1000, help="entries per transaction of the load with triggers"
    )
    parser.add_argument("--years", type=int, default=10, help="years of the history measurement")
    parser.add_argument(
        "--history-lines", type=int, default=400_000, help="lines over those years (0: skip it)"
    )
    args = parser.parse_args()
    setup.configure()
    print(setup.server_facts())
    started = time.perf_counter()
    from tenants.routing.context import tenant_context

    with setup.bench_tenant(SLUG) as company:
        with tenant_context(company):
            bks = setup.books()
        print(f"\nAccounts: {len(bks.accounts)}; dates: every day of {setup.BENCH_YEAR}; 4 lines per entry.")
        small = args.small // LINES_PER_ENTRY
        seconds = load(company, bks, small, triggers=True, per_transaction=args.per_transaction)
        print(
            f"Loaded {small * LINES_PER_ENTRY} lines with triggers on, {args.per_transaction} entries per "
            f"transaction, in {seconds:.1f} s "
            f"({small / seconds:.0f} entries/s, {small * LINES_PER_ENTRY / seconds:.0f} lines/s); "
            f"VACUUM ANALYZE {vacuum(company):.1f} s"
        )
        measure(company, args.runs)
        one_year = dict(MEDIANS)
        rest = (args.large - args.small) // LINES_PER_ENTRY
        if rest > 0:
            fast = load(company, bks, rest, triggers=False, per_transaction=rest)
            print(
                f"\nLoaded {rest * LINES_PER_ENTRY} more lines with triggers off (replica) and rebuilt the "
                f"kept totals in {fast:.1f} s; with triggers on that would take about "
                f"{seconds * rest / small:.0f} s. VACUUM ANALYZE {vacuum(company):.1f} s"
            )
            measure(company, args.runs)
    if args.history_lines:
        history(args.history_lines, args.years, args.runs)
        tb, bs = MEDIANS["tb"] / one_year["tb"], MEDIANS["bs"] / one_year["bs"]
        print(
            f"\n{args.years} years, all but the last closed, against one year of {args.small} lines: "
            f"trial balance {tb:.2f}x, balance sheet {bs:.2f}x (target: under 2x)"
        )
    print(f"\nTotal {time.perf_counter() - started:.0f} s; benchmark databases dropped.")


if __name__ == "__main__":
    main()
