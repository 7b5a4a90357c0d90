"""verify_ledger and checkpoint_ledgers on a company with ~100k posted entries, against baselines
that read and hash the same rows.

    python -m benchmarks.ledger_verify [--entries 100000] [--runs 5] [--per-transaction 1000]

The entries (4 lines each, ~30 accounts, every day of a year) go in with every trigger on, as
postings would: numbered and hash-chained at commit. Then VACUUM ANALYZE, one checkpoint, and each
step of the audit is timed (median and p90 of `--runs`, after a warm-up):

- before: the checks verify_ledger made before the chain's head and the checkpoints were
  compared, with the chain recomputed through ledger_entry_canonical(id) (a query per entry);
- after: each check as it runs now (the chain's canonical texts built in one pass), and the
  whole `verify_ledger` command; `checkpoint_ledgers` for the one company (heads, counts, totals);
- baselines on the same rows: `count(*)` of entries and lines, and one sha256 per row over each
  entry's and each line's text (the least a chain check over every row could cost).

Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from io import StringIO
from typing import Any

from benchmarks import _ledger_setup as setup
from benchmarks.ledger_reports import LINES_PER_ENTRY, load, vacuum

SLUG = "bench-verify"

# The chain check as verify_ledger ran it before: ledger_entry_canonical(id), a query per entry.
PER_ENTRY_CHAIN_SQL = """
SELECT fiscal_year_id, id, number, prev_hash, hash,
       lag(hash) OVER w AS previous, lag(number) OVER w AS previous_number,
       encode(sha256(convert_to(prev_hash || '|' || ledger_entry_canonical(id), 'UTF8')), 'hex') AS recomputed
  FROM ledger_journalentry
 WHERE status IN ('posted', 'reversed')
WINDOW w AS (PARTITION BY fiscal_year_id ORDER BY number)
 ORDER BY fiscal_year_id, number
"""

COUNT_SQL = "SELECT (SELECT count(*) FROM ledger_journalentry), (SELECT count(*) FROM ledger_journalline)"
SHA_SQL = (
    "SELECT (SELECT count(sha256(convert_to(e::text, 'UTF8'))) FROM ledger_journalentry e),"
    " (SELECT count(sha256(convert_to(l::text, 'UTF8'))) FROM ledger_journalline l)"
)


def timings(fn: Callable[[], object], runs: int) -> float:
    """Print nothing; return the median seconds of `runs` timed calls after one warm-up."""
    fn()
    median, _ = setup.median_p90([setup.timed(fn) for _ in range(runs)])
    return median


def measure(company: Any, runs: int) -> None:
    from django.core.management import call_command
    from django.db import connections

    from ledger.checkpoints import checkpoint_problems, take_checkpoints
    from ledger.integrity import CHAIN_SQL, HEADS_SQL, chain_problems, totals_problems
    from tenants.routing.context import tenant_context

    raw = setup.raw_connect(company)
    row = raw.execute(COUNT_SQL).fetchone()
    assert row is not None
    entries, lines = row
    raw.rollback()
    print(f"\n-- {entries} posted entries, {lines} lines --")
    take_checkpoints(company)

    with tenant_context(company) as tenant:
        cursor = connections[tenant.alias].cursor()

        def query(sql: str) -> Callable[[], object]:
            def run() -> object:
                cursor.execute(sql)
                return cursor.fetchall()

            return run

        assert totals_problems() == chain_problems() == checkpoint_problems() == []
        rows: list[tuple[str, float]] = [
            ("kept totals vs recomputation", timings(totals_problems, runs)),
            ("chain, a query per entry (before)", timings(query(PER_ENTRY_CHAIN_SQL), runs)),
            ("chain, one pass (now)", timings(query(CHAIN_SQL), runs)),
            ("chain heads (added)", timings(query(HEADS_SQL), runs)),
            ("checkpoints (added)", timings(checkpoint_problems, runs)),
        ]
    before = rows[0][1] + rows[1][1]
    verify = timings(lambda: call_command("verify_ledger", company.slug, stdout=StringIO()), runs)
    checkpoint = timings(lambda: take_checkpoints(company), runs)

    def raw_query(sql: str) -> Callable[[], object]:
        def run() -> object:
            found = raw.execute(sql).fetchall()
            raw.rollback()
            return found

        return run

    count = timings(raw_query(COUNT_SQL), runs)
    sha = timings(raw_query(SHA_SQL), runs)
    raw.close()

    width = 42
    for label, seconds in rows:
        print(f"  {label:<{width}} {setup.ms(seconds):>10}")
    print(f"  {'before: totals + chain (per entry)':<{width}} {setup.ms(before):>10}")
    print(f"  {'after: verify_ledger (whole command)':<{width}} {setup.ms(verify):>10}")
    print(f"  {'checkpoint_ledgers (one company)':<{width}} {setup.ms(checkpoint):>10}")
    print(f"  {'baseline: count(*) entries + lines':<{width}} {setup.ms(count):>10}")
    print(f"  {'baseline: sha256 of every entry and line':<{width}} {setup.ms(sha):>10}")
    print(
        f"  ratios: after/before {verify / before:.2f}; verify/count(*) {verify / count:.0f}x; "
        f"verify/sha256 {verify / sha:.1f}x; chain/sha256 before {rows[1][1] / sha:.1f}x, "
        f"now {rows[2][1] / sha:.1f}x; "
        f"checkpoint/sha256 {checkpoint / sha:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=100_000, help="posted entries of 4 lines")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per step (median)")
    parser.add_argument(
        "--per-transaction", type=int, default=1000, help="entries per transaction of the load"
    )
    args = parser.parse_args()
    setup.configure()
    print(setup.server_facts())
    started = time.perf_counter()
    from tenants.routing.context import tenant_context

    with setup.bench_tenant(SLUG) as company:
        with tenant_context(company):
            bks = setup.books()
        seconds = load(company, bks, args.entries, triggers=True, per_transaction=args.per_transaction)
        print(
            f"Loaded {args.entries} entries ({args.entries * LINES_PER_ENTRY} lines) with triggers on in "
            f"{seconds:.0f} s; VACUUM ANALYZE {vacuum(company):.1f} s"
        )
        measure(company, args.runs)
    print(f"\nTotal {time.perf_counter() - started:.0f} s; benchmark database dropped.")


if __name__ == "__main__":
    main()
