"""Posting throughput through the service layer vs raw psycopg, 1 and 4 workers.

    python -m benchmarks.ledger_posting [--entries 2000] [--rounds 2] [--profile 500]

One posted entry (2-4 lines) per transaction, the same generated entries for every variant:

- service: ledger.services.entries.journal_entry_create(post=True) outside any transaction, so
  the balance, numbering and hash checks run at its commit;
- raw: psycopg on the same database, per entry INSERT ... RETURNING id, one multi-row INSERT of
  its lines, COMMIT; the triggers run for it too, so it is the same database work;
- sketch: NOT the project's code: what a leaner posting path could cost (lookups cached per
  process, the same Python validation, entry and lines in one INSERT statement, autocommit);
- raw, no triggers: raw on a second database with session_replication_role = replica (no
  invariant triggers, no foreign-key checks): the difference to raw is what the triggers cost.

Then the service with 4 workers on 4 companies (one database each), against 1 worker in the same
round: the aggregate throughput of companies that share nothing but the server.

Workers are forked processes with their own connections, started together after a warm-up.
Besides entries/s, each run reports CPU per entry (client process + its server backend, read
from /proc): unlike wall time it hardly moves when other work shares the machine.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import multiprocessing as mp
import pstats
import statistics
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from datetime import date
from typing import Any

from benchmarks import _ledger_setup as setup

SLUG = "bench-posting"
SLUG_NO_TRIGGERS = "bench-posting-nt"
COMPANIES = (SLUG, "bench-posting-2", "bench-posting-3", "bench-posting-4")  # the 4-companies run
WARMUP = 100  # entries per worker before the clock starts
VARIANTS = ("raw", "service", "sketch", "notrig")
LABELS = {"raw": "raw", "service": "service", "sketch": "sketch", "notrig": "raw no-trig"}


def _poster(kind: str, company: Any) -> tuple[Callable[[setup.EntrySpec], object], Callable[[], int], Any]:
    """(post one entry, backend pid, connection to close) for a variant, inside tenant_context."""
    from django.db import connections

    from ledger.actor import Actor
    from ledger.services.entries import journal_entry_create
    from tenants.routing.context import current_alias

    if kind == "service":
        actor = Actor.system()

        def post(spec: setup.EntrySpec) -> object:
            return journal_entry_create(date=spec.day, lines=spec.service_lines(), actor=actor, post=True)

        dj = connections[current_alias()]
        return post, lambda: dj.connection.info.backend_pid, None
    if kind == "sketch":
        sketch = setup.SketchPoster()
        dj = connections[current_alias()]
        return (
            (lambda spec: sketch.post(spec.day, spec.service_lines())),
            (lambda: dj.connection.info.backend_pid),
            None,
        )
    bks = setup.books()
    conn = setup.raw_connect(company, triggers=kind == "raw")
    return (lambda spec: setup.raw_post(conn, spec, bks)), (lambda: conn.info.backend_pid), conn


def _run_worker(
    kind: str, slug: str, specs: list[setup.EntrySpec], warmup: list[setup.EntrySpec], barrier: Any, out: Any
) -> None:
    """Post `warmup`, wait for the others, post `specs` against the clock, report figures."""
    from common.models import Company
    from tenants.routing.context import tenant_context

    company = Company.objects.get(slug=slug)
    with tenant_context(company):
        post, backend_pid, conn = _poster(kind, company)
        for spec in warmup:
            post(spec)
        meter = setup.CpuMeter(backend_pid())
        barrier.wait()
        start = time.perf_counter()
        meter.start()
        for spec in specs:
            post(spec)
        meter.stop()
        end = time.perf_counter()
        if conn is not None:
            conn.close()
    out.put((start, end, len(specs), meter.client, meter.server))


class Run:
    def __init__(self, rate: float, client_ms: float, server_ms: float | None) -> None:
        self.rate, self.client_ms, self.server_ms = rate, client_ms, server_ms


def run(kind: str, slug: str | Sequence[str], workers: int, specs: list[setup.EntrySpec], seed: int) -> Run:
    """`workers` forked processes share `specs`; entries/s over the span from first start to last end.
    With several slugs, worker i posts to company i modulo their number."""
    from django.db import connections

    codes = sorted({code for spec in specs for code, _, _ in spec.lines})
    warmup = setup.make_entries(WARMUP * workers, codes, seed=seed + 1_000_000)
    slugs = [slug] if isinstance(slug, str) else list(slug)
    connections.close_all()  # a forked child must open its own connections
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(workers)
    out = ctx.Queue()
    procs = [
        ctx.Process(
            target=_run_worker,
            args=(kind, slugs[i % len(slugs)], specs[i::workers], warmup[i::workers], barrier, out),
        )
        for i in range(workers)
    ]
    for p in procs:
        p.start()
    reports = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join()
        if p.exitcode:
            raise RuntimeError(f"{kind} worker failed with exit code {p.exitcode}")
    span = max(r[1] for r in reports) - min(r[0] for r in reports)
    n = sum(r[2] for r in reports)
    servers = [r[4] for r in reports]
    server = None if any(s is None for s in servers) else sum(servers) / n * 1e3
    return Run(n / span, sum(r[3] for r in reports) / n * 1e3, server)


def _ms(value: float | None) -> str:
    return "?" if value is None else f"{value:.2f}"


def _cpu(r: Run) -> str:
    return f"{r.client_ms:.2f}+{_ms(r.server_ms)}"


def compare(entries: int, rounds: int) -> None:
    from common.models import Company
    from tenants.routing.context import tenant_context

    with tenant_context(SLUG):
        codes = setup.books().codes
    for slug in (*COMPANIES[1:], SLUG_NO_TRIGGERS):
        with tenant_context(slug):
            setup.books()
    print(
        f"\n== Throughput: {entries} entries per variant and round, after {WARMUP} warm-up entries/worker =="
    )
    print("entries/s (ratio to raw of the same round); CPU ms/entry as client+server")
    head = "".join(f"{LABELS[k]:>22}" for k in VARIANTS)
    print(f"{'workers':>7} {'round':>5}{head}")
    summary: dict[int, dict[str, list[Run]]] = {}
    seed = 0
    for workers in (1, 4):
        runs: dict[str, list[Run]] = {k: [] for k in VARIANTS}
        for r in range(rounds):
            seed += 1
            specs = setup.make_entries(entries, codes, seed=seed)
            for kind in VARIANTS:
                runs[kind].append(
                    run(kind, SLUG_NO_TRIGGERS if kind == "notrig" else SLUG, workers, specs, seed)
                )
            raw = runs["raw"][-1].rate
            cells = []
            for kind in VARIANTS:
                last = runs[kind][-1]
                ratio = f" ({last.rate / raw:.2f})" if kind in ("service", "sketch") else ""
                cells.append(f"{f'{last.rate:.0f}{ratio}':>22}")
            print(f"{workers:>7} {r + 1:>5}{''.join(cells)}")
            print(f"{'':>7} {'cpu':>5}{''.join(f'{_cpu(runs[k][-1]):>22}' for k in VARIANTS)}")
        summary[workers] = runs

    print("\nMedian over rounds:")
    for workers, runs in summary.items():
        med = {k: statistics.median(x.rate for x in runs[k]) for k in VARIANTS}
        ratios = [x.rate / y.rate for x, y in zip(runs["service"], runs["raw"], strict=True)]
        sketch = [x.rate / y.rate for x, y in zip(runs["sketch"], runs["raw"], strict=True)]
        raw_ms, notrig_ms = 1000 / med["raw"], 1000 / med["notrig"]
        print(
            f"  {workers} worker(s): service {med['service']:.0f}/s vs raw {med['raw']:.0f}/s -> ratio "
            f"{statistics.median(ratios):.2f} (target >= 0.6); sketch {med['sketch']:.0f}/s -> "
            f"{statistics.median(sketch):.2f}; raw without triggers {med['notrig']:.0f}/s "
            f"(triggers: {raw_ms - notrig_ms:.2f} of {raw_ms:.2f} ms per raw entry)"
        )
        client = {k: statistics.median(x.client_ms for x in runs[k]) for k in VARIANTS}
        server: dict[str, float | None] = {}
        for k in VARIANTS:
            known = [x.server_ms for x in runs[k] if x.server_ms is not None]
            server[k] = statistics.median(known) if known else None
        parts = [f"{LABELS[k]} {client[k]:.2f}+{_ms(server[k])}" for k in VARIANTS]
        print(f"     CPU ms/entry client+server: {', '.join(parts)}")
        raw_cpu, service_cpu = server["raw"], server["service"]
        if raw_cpu is not None and service_cpu is not None:
            cpu_ratio = (client["raw"] + raw_cpu) / (client["service"] + service_cpu)
            print(f"     CPU-based ratio (raw CPU / service CPU, robust to a busy machine): {cpu_ratio:.2f}")
    companies(entries, rounds, codes)
    for slug in (*COMPANIES, SLUG_NO_TRIGGERS):
        company = Company.objects.get(slug=slug)
        conn = setup.raw_connect(company)
        print(f"  check {slug}: {setup.books_check(conn)}")
        conn.close()


def companies(entries: int, rounds: int, codes: list[str]) -> None:
    """The service with 4 workers on 4 companies against 1 worker on one, interleaved per round."""
    print(f"\n== 4 workers on 4 companies (one database each), {entries} entries per run ==")
    one, four = [], []
    for r in range(rounds):
        specs = setup.make_entries(entries, codes, seed=100 + r)
        one.append(run("service", SLUG, 1, specs, 100 + r))
        four.append(run("service", COMPANIES, 4, specs, 100 + r))
        print(
            f"  round {r + 1}: 1 worker {one[-1].rate:.0f}/s, 4 workers on 4 companies "
            f"{four[-1].rate:.0f}/s ({four[-1].rate / one[-1].rate:.2f}x)"
        )
    ratios = [f.rate / o.rate for f, o in zip(four, one, strict=True)]
    print(
        f"  4 companies: service {statistics.median(f.rate for f in four):.0f}/s aggregate, "
        f"{statistics.median(ratios):.2f}x one worker (target >= 1.8)"
    )


def profile(entries: int) -> None:
    """Round trips per entry, where the time goes, and the Python hotspots (one process)."""
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    from common.models import Company
    from ledger.actor import Actor
    from ledger.models import Account, JournalEntry
    from ledger.services.entries import journal_entry_create
    from ledger.services.periods import ledger_settings, period_for
    from tenants.routing.context import tenant_context

    company = Company.objects.get(slug=SLUG)
    actor = Actor.system()
    print(f"\n== Profile of one process, {entries} entries per measurement ==")
    with tenant_context(company) as tenant:
        bks = setup.books()
        specs = setup.make_entries(entries, bks.codes, seed=424242)
        inputs = [(s.day, s.service_lines()) for s in specs]
        dj = connections[tenant.alias]

        def service(batch: Sequence[tuple[date, list[dict[str, str]]]]) -> Callable[[], None]:
            def go() -> None:
                for day, lines in batch:
                    journal_entry_create(date=day, lines=lines, actor=actor, post=True)

            return go

        sketch = setup.SketchPoster()
        service(inputs[:50])()  # warm caches
        dj.ensure_connection()
        with CaptureQueriesContext(dj) as captured:
            service(inputs[:1])()
        print("Statements of one journal_entry_create(post=True):")
        for q in captured.captured_queries:
            print(f"  {q['sql'][:110]}")

        raw = setup.raw_connect(company)
        for spec in specs[:50]:
            setup.raw_post(raw, spec, bks)
        with setup.RoundTrips(dj.connection) as rt_service:
            service(inputs[:200])()
        with setup.RoundTrips(raw) as rt_raw:
            for spec in specs[:200]:
                setup.raw_post(raw, spec, bks)
        with setup.RoundTrips(dj.connection) as rt_sketch:
            for day, lines in inputs[:200]:
                sketch.post(day, lines)
        print(
            f"Round trips per entry (libpq trace, ReadyForQuery messages): service "
            f"{rt_service.round_trips / 200:.2f}, raw {rt_raw.round_trips / 200:.2f}, "
            f"sketch {rt_sketch.round_trips / 200:.2f}"
        )

        def split(label: str, conn: Any, fn: Callable[[], None]) -> None:
            meter = setup.CpuMeter(conn.info.backend_pid)
            with setup.WaitTimer(conn) as waited:
                meter.start()
                total = setup.timed(fn)
                meter.stop()
            server = f"{meter.server / entries * 1e3:.3f}" if meter.server is not None else "?"
            print(
                f"  {label:8} wall {total / entries * 1e3:6.3f} ms/entry, of which "
                f"{waited.seconds / entries * 1e3:6.3f} in psycopg waits; "
                f"CPU client {meter.client / entries * 1e3:6.3f} + server {server} ms/entry"
            )

        def raw_all() -> None:
            for spec in specs:
                setup.raw_post(raw, spec, bks)

        def sketch_all() -> None:
            for day, lines in inputs:
                sketch.post(day, lines)

        print("Where the time goes (a send of Django's client-side cursor counts outside the waits):")
        split("service", dj.connection, service(inputs))
        split("raw", raw, raw_all)
        split("sketch", dj.connection, sketch_all)
        raw.close()

        probe = JournalEntry.objects.filter(status="posted").order_by("-id").first()
        assert probe is not None
        day = specs[0].day
        steps: list[tuple[str, Callable[[], object]]] = [
            ("ledger_settings()", ledger_settings),
            ("period_for(day)", lambda: period_for(day)),
            (
                "Account.objects.filter(code__in=...)",
                lambda: list(Account.objects.filter(code__in=["1120", "4100"])),
            ),
            (
                "entry.refresh_from_db(number, hash, ...)",
                lambda: probe.refresh_from_db(
                    fields=["number", "hash", "prev_hash", "posted_at", "posted_xid"]
                ),
            ),
            ("cursor SELECT 1 (round-trip floor)", lambda: dj.cursor().execute("SELECT 1")),
        ]
        print("Cost of each per-entry lookup the service makes (CPU per call, 1000 calls):")
        for label, step in steps:
            step()
            meter = setup.CpuMeter(dj.connection.info.backend_pid)
            meter.start()
            for _ in range(1000):
                step()
            meter.stop()
            server = f"{meter.server * 1e3:.0f}" if meter.server is not None else "?"
            print(f"  {label:42} client {meter.client * 1e3:5.0f} us + server {server:>4} us")

        profiler = cProfile.Profile()
        profiler.enable()
        service(inputs)()
        profiler.disable()
        stats = pstats.Stats(profiler)
        print(
            f"\nService steps under cProfile (cumulative ms per entry, {entries} entries; "
            "profiling inflates them):"
        )
        _print_selected(stats, entries)
        print("Top functions by own time (ms per entry):")
        _print_top(stats, entries, 14)


def _short(path: str) -> str:
    for marker in ("site-packages/", "ledger-wt/", "lib/python3.11/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def _rows(stats: pstats.Stats) -> list[tuple[str, int, str, int, float, float]]:
    # Undocumented and not in typeshed; get_stats_profile() would round the times and merge
    # functions of the same name.
    table: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    return [
        (path, line, name, calls, tottime, cumtime)
        for (path, line, name), (_cc, calls, tottime, cumtime, _callers) in table.items()
    ]


def _print_top(stats: pstats.Stats, entries: int, limit: int) -> None:
    rows = sorted(_rows(stats), key=lambda r: r[4], reverse=True)[:limit]
    print(f"  {'own':>7} {'cum':>7} {'calls':>6}  function")
    for path, line, name, calls, tottime, cumtime in rows:
        where = f"{_short(path)}:{line}({name})" if line else name
        print(
            f"  {tottime / entries * 1e3:7.3f} {cumtime / entries * 1e3:7.3f} {calls / entries:6.1f}  {where}"
        )


SELECTED = [
    ("ledger/services/entries.py", "journal_entry_create"),
    ("ledger/services/entries.py", "_prepare"),
    ("ledger/services/periods.py", "ledger_settings"),
    ("ledger/services/periods.py", "period_for"),
    ("ledger/services/entries.py", "_write"),
    ("django/db/models/query.py", "create"),
    ("ledger/services/entries.py", "_write_lines"),
    ("django/db/transaction.py", "__exit__"),
    ("django/db/models/base.py", "refresh_from_db"),
    ("django/db/models/base.py", "__init__"),
    ("django/db/models/sql/compiler.py", "as_sql"),
    ("django/db/backends/utils.py", "execute"),
    ("psycopg/client_cursor.py", "_execute_send"),
    ("psycopg/connection.py", "wait"),
]


def _print_selected(stats: pstats.Stats, entries: int) -> None:
    found: dict[tuple[str, str], list[float]] = {}  # [cumulative seconds, calls]
    for path, _line, name, calls, _tottime, cumtime in _rows(stats):
        for suffix, wanted in SELECTED:
            if path.endswith(suffix) and name == wanted:
                acc = found.setdefault((suffix, wanted), [0.0, 0.0])
                acc[0] += cumtime
                acc[1] += calls
    for suffix, wanted in SELECTED:
        if (suffix, wanted) in found:
            seconds, count = found[(suffix, wanted)]
            print(f"  {seconds / entries * 1e3:7.3f}  x{count / entries:4.1f}  {suffix}:{wanted}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=2000, help="timed entries per variant and round")
    parser.add_argument("--rounds", type=int, default=2, help="rounds per worker count (medians reported)")
    parser.add_argument(
        "--profile", type=int, default=500, help="entries of the one-process profile (0: skip)"
    )
    args = parser.parse_args()
    setup.configure()
    print(setup.server_facts())
    started = time.perf_counter()
    with ExitStack() as stack:
        for slug in (*COMPANIES, SLUG_NO_TRIGGERS):
            stack.enter_context(setup.bench_tenant(slug))
        compare(args.entries, args.rounds)
        if args.profile:
            profile(args.profile)
    print(f"\nTotal {time.perf_counter() - started:.0f} s; benchmark databases dropped.")


if __name__ == "__main__":
    main()
