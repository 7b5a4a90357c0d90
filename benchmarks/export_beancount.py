"""The Beancount export at two book sizes: speed against a bare read of the same rows, and memory.

    python -m benchmarks.export_beancount [--small 25000] [--large 100000]

Posted entries of 4 lines are generated in SQL as benchmarks/ledger_reports.py does (triggers off,
kept totals rebuilt). For each size, the export (interchange.beancount_export.beancount_chunks,
what the API streams and export_books writes) is consumed and thrown away, timed, and its peak of
Python memory measured with tracemalloc. The baseline of the same run: reading the same entries and
lines with one query each and no formatting (`list(...values_list())`), timed and measured alike.
If the export streams, its peak stays flat from the small book to the large one while the
baseline's grows with the book. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from benchmarks import _ledger_setup as setup
from benchmarks.ledger_reports import LINES_PER_ENTRY, load, vacuum

SLUG = "bench-beancount"


def measured(fn: Callable[[], Any]) -> tuple[float, int]:
    """(median seconds of 3 calls, peak bytes of Python allocations of a 4th traced one)."""
    seconds = setup.median_p90([setup.timed(fn) for _ in range(3)])[0]
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak


def export_all(title: str) -> int:
    from interchange.beancount_export import beancount_chunks

    return sum(len(chunk) for chunk in beancount_chunks(title=title))


def read_all() -> int:
    from ledger.models import JournalEntry, JournalLine

    entries = list(JournalEntry.objects.filter(status="posted").values_list("id", "date", "memo", "number"))
    lines = list(JournalLine.objects.values_list("entry_id", "account_id", "side", "amount", "currency_id"))
    return len(entries) + len(lines)


def run(company: Any, entries: int) -> dict[str, float]:
    from tenants.routing.context import tenant_context

    with tenant_context(company):
        export_all(company.name)  # warm: plans, caches
        size = export_all(company.name)
        export_s, export_peak = measured(lambda: export_all(company.name))
        read_s, read_peak = measured(read_all)
    mib = 1024 * 1024
    print(f"\n-- {entries} entries ({entries * LINES_PER_ENTRY} lines), file {size / mib:.1f} MiB --")
    for name, secs, peak in (("export", export_s, export_peak), ("bare read", read_s, read_peak)):
        rate = entries / secs
        print(f"  {name:<10} {secs:7.2f} s  {rate:9.0f} entries/s  peak {peak / mib:7.1f} MiB")
    print(f"  export/read time {export_s / read_s:.2f}x, peak memory {export_peak / read_peak:.2f}x")
    return {"export_peak": export_peak, "read_peak": read_peak, "export_rate": entries / export_s}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", type=int, default=25_000, help="entries of the first book")
    parser.add_argument("--large", type=int, default=100_000, help="entries of the second book")
    args = parser.parse_args()
    setup.configure()
    print(setup.server_facts())
    started = time.perf_counter()
    from tenants.routing.context import tenant_context

    with setup.bench_tenant(SLUG) as company:
        with tenant_context(company):
            bks = setup.books()
        load(company, bks, args.small, triggers=False, per_transaction=args.small)
        vacuum(company)
        small = run(company, args.small)
        load(company, bks, args.large - args.small, triggers=False, per_transaction=args.large)
        vacuum(company)
        large = run(company, args.large)
    grow = args.large / args.small
    print(
        f"\nBook {grow:.0f}x larger: export peak memory {large['export_peak'] / small['export_peak']:.2f}x, "
        f"bare read's {large['read_peak'] / small['read_peak']:.2f}x; export rate "
        f"{large['export_rate'] / small['export_rate']:.2f}x the small book's."
    )
    print(f"Total {time.perf_counter() - started:.0f} s; benchmark databases dropped.")


if __name__ == "__main__":
    main()
