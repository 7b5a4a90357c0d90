"""Bulk posting (an import in batches) through the service layer vs raw psycopg.

    python -m benchmarks.ledger_bulk [--entries 5000] [--batch 1000] [--sweep 250,1000,2000,4000]

The same generated posted entries (2-4 lines), loaded in batches of `--batch` entries per
transaction, each variant into its own fresh tenant database:

- service: ledger.services.imports.journal_entries_import(batch_size=--batch): per batch the
  reference data is loaded once, every entry validated like journal_entry_create, then entries
  and lines go in with COPY in one transaction (the commit-time checks run at its COMMIT, for the
  whole batch at once);
- raw COPY: per batch, entry ids from the sequence, COPY of the entries, COPY of the lines,
  COMMIT (the commit-time checks of every entry of the batch run at that COMMIT);
- raw executemany: per batch, executemany of the entry INSERT ... RETURNING id (pipelined),
  executemany of a one-row line INSERT, COMMIT;
- raw COPY, no triggers: raw COPY with session_replication_role = replica (no invariant
  triggers, no foreign-key checks), to price the triggers.

Besides seconds and entries/s, each variant reports CPU per entry (client process + server
backend), and the summary a CPU-based ratio that hardly moves when other work shares the machine.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from benchmarks import _ledger_setup as setup

SLUG = "bench-bulk"
COPY_ENTRIES = (
    "COPY ledger_journalentry (id, fiscal_year_id, period_id, date, memo, reference, status, request_hash,"
    " created_at, created_by_name, posted_at, posted_by_name, prev_hash, hash) FROM STDIN"
)
COPY_LINES = f"COPY ledger_journalline ({', '.join(setup.LINE_COLUMNS)}) FROM STDIN"
NEXT_IDS = "SELECT nextval(pg_get_serial_sequence('ledger_journalentry', 'id')) FROM generate_series(1, %s)"


def chunks(specs: Sequence[setup.EntrySpec], size: int) -> Iterator[Sequence[setup.EntrySpec]]:
    for i in range(0, len(specs), size):
        yield specs[i : i + size]


class Timing:
    def __init__(self) -> None:
        self.write = 0.0  # sending rows
        self.commit = 0.0  # COMMIT: the deferred per-entry checks, numbering and hashing


def load_copy(conn: Any, specs: Sequence[setup.EntrySpec], bks: setup.Books, batch: int, t: Timing) -> None:
    now = datetime.now(UTC)
    with conn.cursor() as cur:
        for chunk in chunks(specs, batch):
            t0 = time.perf_counter()
            ids = [row[0] for row in cur.execute(NEXT_IDS, [len(chunk)])]
            with cur.copy(COPY_ENTRIES) as copy:
                for spec, entry_id in zip(chunk, ids, strict=True):
                    year_id, period_id, day = setup.entry_params(spec, bks)
                    copy.write_row(
                        (
                            entry_id,
                            year_id,
                            period_id,
                            day,
                            "",
                            "",
                            "posted",
                            "",
                            now,
                            "system",
                            now,
                            "system",
                            "",
                            "",
                        )
                    )
            with cur.copy(COPY_LINES) as copy:
                for spec, entry_id in zip(chunk, ids, strict=True):
                    for row in setup.line_rows(spec, entry_id, bks):
                        copy.write_row(row)
            t1 = time.perf_counter()
            conn.commit()
            t.write += t1 - t0
            t.commit += time.perf_counter() - t1


def load_executemany(
    conn: Any, specs: Sequence[setup.EntrySpec], bks: setup.Books, batch: int, t: Timing
) -> None:
    with conn.cursor() as cur:
        for chunk in chunks(specs, batch):
            t0 = time.perf_counter()
            cur.executemany(setup.ENTRY_SQL, [setup.entry_params(s, bks) for s in chunk], returning=True)
            ids = []
            while True:
                ids.append(cur.fetchone()[0])
                if not cur.nextset():
                    break
            rows = [
                row
                for spec, entry_id in zip(chunk, ids, strict=True)
                for row in setup.line_rows(spec, entry_id, bks)
            ]
            cur.executemany(setup.ONE_LINE_SQL, rows)
            t1 = time.perf_counter()
            conn.commit()
            t.write += t1 - t0
            t.commit += time.perf_counter() - t1


def load_service(specs: Sequence[setup.EntrySpec], batch: int, t: Timing) -> None:
    """The import service; its batches commit inside it, so `t` gets the total as writes."""
    from ledger.actor import Actor
    from ledger.services.imports import journal_entries_import

    entries = [{"date": s.day, "lines": s.service_lines()} for s in specs]
    t0 = time.perf_counter()
    journal_entries_import(entries=entries, actor=Actor.system(), batch_size=batch)
    t.write += time.perf_counter() - t0


def measure(
    label: str, variant: str, specs: Sequence[setup.EntrySpec], batch: int
) -> tuple[float, Timing, setup.CpuMeter]:
    """Load `specs` into a fresh tenant database; return (seconds, split, CPU)."""
    from django.db import connections

    from tenants.routing.context import tenant_context

    slug = f"{SLUG}-{variant}"
    with setup.bench_tenant(slug) as company, tenant_context(company) as tenant:
        bks = setup.books()
        warm = setup.make_entries(50, bks.codes, seed=7)
        t = Timing()
        if variant == "service":
            load_service(warm, batch, Timing())
            dj = connections[tenant.alias]
            meter = setup.CpuMeter(dj.connection.info.backend_pid)
            meter.start()
            total = setup.timed(lambda: load_service(specs, batch, t))
            meter.stop()
            conn = setup.raw_connect(company)
        else:
            conn = setup.raw_connect(company, triggers=variant != "copy-notrig")
            loader: Callable[..., None] = load_executemany if variant == "executemany" else load_copy
            loader(conn, warm, bks, batch, Timing())
            meter = setup.CpuMeter(conn.info.backend_pid)
            meter.start()
            total = setup.timed(lambda: loader(conn, specs, bks, batch, t))
            meter.stop()
        n = len(specs)
        server = f"{meter.server / n * 1e3:.2f}" if meter.server is not None else "?"
        print(
            f"  {label:26} {total:7.1f} s {n / total:7.0f} entries/s  (writes {t.write:6.1f} s, "
            f"commits {t.commit:5.1f} s; CPU client {meter.client / n * 1e3:.2f} + server {server} ms/entry)"
        )
        print(f"  {'':26} check: {setup.books_check(conn)}")
        conn.close()
    return total, t, meter


def round_trips(specs: Sequence[setup.EntrySpec], batch: int) -> None:
    """Round trips of one 200-entry batch through the import service and through raw COPY."""
    from django.db import connections

    from tenants.routing.context import tenant_context

    with setup.bench_tenant(f"{SLUG}-trips") as company, tenant_context(company) as tenant:
        bks = setup.books()
        load_service(specs[:10], batch, Timing())
        dj = connections[tenant.alias]
        with setup.RoundTrips(dj.connection) as rt:
            load_service(specs[10:210], 200, Timing())
        conn = setup.raw_connect(company)
        with setup.RoundTrips(conn) as rt_copy:
            load_copy(conn, specs[210:410], bks, 200, Timing())
        conn.close()
    print(
        f"\nRound trips per 200-entry batch: service {rt.round_trips} (settings, periods, accounts, then as "
        f"raw; one more with idempotency keys); raw COPY {rt_copy.round_trips} (ids, COPY entries, "
        "COPY lines, BEGIN/COMMIT)."
    )


def sweep(codes: Sequence[str], sizes: Sequence[int]) -> None:
    """Raw COPY of one transaction of each size: the COMMIT's cost per entry as batches grow."""
    from tenants.routing.context import tenant_context

    print("\nBatch size sweep (raw COPY, one transaction each, one fresh database):")
    with setup.bench_tenant(f"{SLUG}-sweep") as company, tenant_context(company):
        bks = setup.books()
        conn = setup.raw_connect(company)
        load_copy(conn, setup.make_entries(50, codes, seed=11), bks, 50, Timing())
        for size in sizes:
            t = Timing()
            load_copy(conn, setup.make_entries(size, codes, seed=size), bks, size, t)
            print(
                f"  {size:6} entries: writes {t.write / size * 1e3:6.3f} ms/entry, "
                f"COMMIT {t.commit:6.2f} s = {t.commit / size * 1e3:6.3f} ms/entry"
            )
        row = conn.execute(
            "SELECT pg_relation_size('ledger_entrysequence'), n_tup_upd FROM pg_stat_user_tables"
            " WHERE relname = 'ledger_entrysequence'"
        ).fetchone()
        assert row is not None
        conn.close()
    print(
        f"  (ledger_entrysequence holds one row per fiscal year; it takes {row[0] // 1024} kB after "
        f"{row[1]} updates: the commit-time checks update it once per year and committed batch)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=5_000, help="entries per variant (the issue: 100k)")
    parser.add_argument("--batch", type=int, default=1000, help="entries per transaction")
    parser.add_argument(
        "--sweep", default="250,1000,2000,4000", help="transaction sizes of the COPY sweep ('' to skip)"
    )
    args = parser.parse_args()
    setup.configure()
    print(setup.server_facts())
    started = time.perf_counter()
    from ledger.charts import TEMPLATES
    from ledger.seed import DEFAULT_TEMPLATE

    # The accounts books() returns: the seeded chart's accounts below a header.
    codes = sorted(code for code, _name, _type, parent in TEMPLATES[DEFAULT_TEMPLATE] if parent)
    specs = setup.make_entries(args.entries, codes, seed=2025)
    lines = sum(len(s.lines) for s in specs)
    print(
        f"\n== Bulk load of {args.entries} posted entries ({lines} lines), "
        f"{args.batch} entries per transaction =="
    )
    copy, _, copy_cpu = measure("raw COPY", "copy", specs, args.batch)
    many, _, _ = measure("raw executemany", "executemany", specs, args.batch)
    service, _, service_cpu = measure("service (import, per batch)", "service", specs, args.batch)
    notrig, _, _ = measure("raw COPY, no triggers", "copy-notrig", specs, args.batch)
    print(
        f"\nRatio service/raw: {copy / service:.3f} of raw COPY, {many / service:.3f} of raw executemany "
        f"(target >= 0.5). Triggers: {(copy - notrig) / args.entries * 1e3:.3f} of "
        f"{copy / args.entries * 1e3:.3f} ms per raw COPY entry."
    )
    if copy_cpu.server is not None and service_cpu.server is not None:
        ratio = (copy_cpu.client + copy_cpu.server) / (service_cpu.client + service_cpu.server)
        print(f"CPU-based ratio (raw COPY CPU / service CPU, robust to a busy machine): {ratio:.3f}")
    round_trips(specs[:1000], args.batch)
    sizes = [int(x) for x in args.sweep.split(",") if x.strip()]
    if sizes:
        sweep(codes, sizes)
    print(f"\nTotal {time.perf_counter() - started:.0f} s; benchmark databases dropped.")


if __name__ == "__main__":
    main()
