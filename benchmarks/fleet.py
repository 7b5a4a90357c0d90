"""A fleet of tenants: creating them, checking and migrating them all, serving them round-robin.

    .venv/bin/python -m benchmarks.fleet [--tenants 1000] [--subset 200] [--budget 240]

Runs on its own throwaway embedded PostgreSQL in var/bench-fleet-pg (PYLEDGER_BENCH_PGDATA to
move it; TEST_DATABASE_URL to use a server of your own) and prints (never asserts):
1. creating the tenants with `tenants.lifecycle.services.tenant_bootstrap` in-process: total time and
   per-tenant median / p90 (target: 1,000 in under 3 minutes); stops once --budget seconds are
   spent and prints the projection for the full count, clearly labelled;
2. `manage.py migrate_all_tenants` when all are up to date, over --subset of them and over all of
   them, as a subprocess, and over all in-process with call_command (target: 1,000 checked in
   under 10 s);
3. one additive migration (an AddField on ledger.Account, from a generated migration package
   swapped in with MIGRATION_MODULES) pending on --subset tenants, then on all of them:
   `--jobs 1` vs `--jobs 2` wall time, the command's own time, the speed-up, and the most this
   machine allows (its cores over those `--jobs 1` kept busy: PostgreSQL shares them);
4. serving every tenant round-robin in one process, twice over: `Account.objects.count()` inside
   `tenant_context`, with the peak of open tenant connections (this process's and the server's
   pg_stat_activity) against PYLEDGER_MAX_TENANT_CONNECTIONS, and the process RSS before/after.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks._setup import (
    PROJECT_DIR,
    bench_databases,
    configure,
    database_url,
    fmt_seconds,
    print_header,
    stats_line,
    summary,
)

DEFAULT_PGDATA = PROJECT_DIR / "var" / "bench-fleet-pg"
PROBE_PACKAGE = "bench_fleet_probe"
PROBE_SETTINGS = "bench_fleet_settings"
PROBE_MIGRATION = "0900_bench_fleet_add"
PROBE_COLUMN = "bench_fleet_note"


def rss_kib(field: str = "VmRSS") -> int:
    """A memory figure of this process from /proc/self/status, in KiB (VmRSS, VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def mib(kib: int) -> str:
    return f"{kib / 1024:.1f} MiB"


def slug_for(i: int) -> str:
    return f"fleet-{i:04d}"


# --- 1. creating the tenants ---------------------------------------------------------------------


def bench_create(count: int, budget: float) -> int:
    from tenants.lifecycle.services import tenant_bootstrap
    from tenants.migrating.migrate import ensure_template

    print(f"1. Creating {count} tenants with tenant_bootstrap() in-process (budget {budget:.0f} s)")
    start = time.perf_counter()
    ensure_template(None)
    template = time.perf_counter() - start
    print(f"  template database built and migrated: {fmt_seconds(template).strip()}")
    rss_before = rss_kib()
    samples: list[float] = []
    started = time.perf_counter()
    for i in range(count):
        t0 = time.perf_counter()
        result = tenant_bootstrap(slug=slug_for(i))
        samples.append(time.perf_counter() - t0)
        if result.company.status != "active":
            raise SystemExit(f"tenant {slug_for(i)} not active: {result}")
        if time.perf_counter() - started > budget and i + 1 < count:
            break
    total = time.perf_counter() - started
    made = len(samples)
    print(f"  created {made} tenants in {total:.1f} s ({made / total:.1f} tenants/s)")
    print(stats_line("tenant_bootstrap per tenant", samples))
    first, last = samples[: min(100, made)], samples[-min(100, made) :]
    print(
        f"    first {len(first)}: median {fmt_seconds(summary(first)['median']).strip()}; "
        f"last {len(last)}: median {fmt_seconds(summary(last)['median']).strip()}"
    )
    if made < count:
        projected = total / made * count
        print(
            f"  STOPPED at {made} of {count} (budget {budget:.0f} s spent). PROJECTION, not measured: "
            f"{count} tenants would take ~{projected:.0f} s at the measured rate"
        )
    else:
        projected = total
    if count >= 1000 or made < count:
        per_1000 = total / made * 1000
        label = "measured" if made >= 1000 else "projected from the measured rate"
        verdict = "meets" if per_1000 < 180 else "MISSES"
        print(f"  -> 1,000 tenants: {per_1000:.0f} s ({label}); {verdict} the 3-minute target")
    print(f"  process RSS {mib(rss_before)} before, {mib(rss_kib())} after\n")
    return made


# --- 2. migrate_all_tenants, all up to date -------------------------------------------------------


def subprocess_env(settings_module: str | None = None, pythonpath: str | None = None) -> dict[str, str]:
    env = {**os.environ, "TEST_DATABASE_URL": database_url()}
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(PROJECT_DIR / "var" / "bench-pycache")  # as production's .pyc
    if settings_module:
        env["DJANGO_SETTINGS_MODULE"] = settings_module
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join([pythonpath, str(PROJECT_DIR)])
    return env


def busy_cpu_seconds() -> float:
    """CPU seconds spent by the whole machine so far, idle and I/O wait excluded (/proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    """CPU seconds of this process's finished children (their own children included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class CpuUse:
    """Where the cores went during a run: the command's processes, and everything else (in a
    quiet benchmark that is PostgreSQL)."""

    wall: float
    command: float
    machine: float

    def line(self) -> str:
        other = max(self.machine - self.command, 0.0)
        return (
            f"cores busy {self.machine / self.wall:.2f} of {os.cpu_count()} "
            f"(command {self.command / self.wall:.2f}, PostgreSQL and the rest {other / self.wall:.2f})"
        )


LAST_CPU: list[CpuUse] = []


def run_manage(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    busy, mine = busy_cpu_seconds(), children_cpu_seconds()
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(PROJECT_DIR / "manage.py"), *args],
        env=env,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    LAST_CPU[:] = [CpuUse(elapsed, children_cpu_seconds() - mine, busy_cpu_seconds() - busy)]
    if proc.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args[:2])} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    return elapsed, (lines[-1] if lines else "")


def bench_check_all(made: int, subset: int, runs: int) -> None:
    from django.core.management import call_command

    from tenants.routing.connections import registered_tenant_aliases, unregister

    print(f"2. migrate_all_tenants over all {made} tenants, all up to date")
    env = subprocess_env()
    run_manage(["version"], env)  # OS file cache and bytecode cache
    startup = [run_manage(["version"], env)[0] for _ in range(3)]
    print(stats_line("manage.py version (start-up only)", startup))
    if subset < made:
        few = ",".join(slug_for(i) for i in range(subset))
        walls = [run_manage(["migrate_all_tenants", "--tenants", few], env)[0] for _ in range(runs)]
        print(stats_line(f"migrate_all_tenants --tenants <{subset}>", walls))
    walls, last_line = [], ""
    for _ in range(runs):
        wall, last_line = run_manage(["migrate_all_tenants"], env)
        walls.append(wall)
    print(stats_line("manage.py migrate_all_tenants (subprocess)", walls))
    print(f"    command says: {last_line}")
    in_process = []
    for _ in range(runs):
        start = time.perf_counter()
        call_command("migrate_all_tenants", verbosity=0)
        in_process.append(time.perf_counter() - start)
    print(stats_line("call_command('migrate_all_tenants')", in_process))
    for alias in registered_tenant_aliases():
        unregister(alias)
    median = summary(walls)["median"]
    # Start-up is paid once whatever the count: only the rest scales with the tenants.
    start_up = summary(startup)["median"]
    per_1000 = median if made == 1000 else start_up + (median - start_up) / made * 1000
    verdict = "meets" if per_1000 < 10 else "MISSES"
    scaled = "" if made == 1000 else f" (PROJECTED to 1,000: {per_1000:.2f} s, start-up once)"
    print(f"  -> subprocess median {median:.2f} s for {made} tenants{scaled}; {verdict} the 10 s target\n")


# --- 3. one additive migration pending: --jobs 1 vs --jobs 2 ------------------------------------


def write_probe(folder: Path) -> None:
    """A ledger migration package (the real migrations plus one AddField) and settings using it."""
    from tenants.migrating.migrate import code_order

    leaf = [name for app, name in code_order() if app == "ledger"][-1]
    package = folder / PROBE_PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text(
        textwrap.dedent(
            """\
            from pathlib import Path

            import ledger.migrations

            __path__.append(str(Path(ledger.migrations.__file__).parent))
            """
        )
    )
    (package / f"{PROBE_MIGRATION}.py").write_text(
        textwrap.dedent(
            f"""\
            from django.db import migrations, models


            class Migration(migrations.Migration):
                dependencies = [("ledger", {leaf!r})]

                operations = [
                    migrations.AddField(
                        model_name="account",
                        name={PROBE_COLUMN!r},
                        field=models.CharField(max_length=20, null=True, blank=True),
                    ),
                ]
            """
        )
    )
    (folder / f"{PROBE_SETTINGS}.py").write_text(
        "from benchmarks.settings import *  # noqa: F403\n\n"
        f"MIGRATION_MODULES = {{'ledger': {PROBE_PACKAGE!r}}}\n"
    )


@contextmanager
def probe_migrations(folder: Path) -> Iterator[None]:
    """Read the ledger migrations from the generated probe package for the block (in-process)."""
    from django.test import override_settings

    from tenants.migrating.migrate import clear_code_caches

    sys.path.insert(0, str(folder))
    clear_code_caches()
    try:
        with override_settings(MIGRATION_MODULES={"ledger": PROBE_PACKAGE}):
            yield
    finally:
        clear_code_caches()
        sys.path.remove(str(folder))


def undo_probe(slugs: list[str]) -> None:
    """Take the probe migration back off the tenants with plain SQL (faster than a Django migrate)."""
    import psycopg
    from psycopg import sql

    from common.models import Company
    from tenants.lifecycle.provisioning import conninfo

    for company in Company.objects.filter(slug__in=slugs):
        info: dict[str, Any] = {**conninfo(None), "dbname": company.db_name}
        with psycopg.connect(**info, autocommit=True) as conn:
            conn.execute(
                sql.SQL("ALTER TABLE ledger_account DROP COLUMN IF EXISTS {}").format(
                    sql.Identifier(PROBE_COLUMN)
                )
            )
            conn.execute(
                "DELETE FROM django_migrations WHERE app = 'ledger' AND name = %s", [PROBE_MIGRATION]
            )


def count_pending(slugs: list[str]) -> int:
    from common.models import Company
    from tenants.migrating.migrate import migration_state
    from tenants.routing.connections import register_company, unregister

    pending = 0
    for company in Company.objects.filter(slug__in=slugs):
        alias = register_company(company)
        try:
            pending += not migration_state(alias).up_to_date
        finally:
            unregister(alias)
    return pending


def bench_jobs(made: int, subset: int, rounds: int) -> None:
    from tenants.migrating.migrate import ensure_template

    slugs = [slug_for(i) for i in range(min(subset, made))]
    print(
        f"3. One additive migration (AddField ledger.Account.{PROBE_COLUMN}) pending on {len(slugs)} tenants"
    )
    with tempfile.TemporaryDirectory(prefix="bench-fleet-") as tmp:
        folder = Path(tmp)
        write_probe(folder)
        env = subprocess_env(PROBE_SETTINGS, str(folder))
        tenants_arg = ",".join(slugs)
        with probe_migrations(folder):
            # The template follows the code first (rebuilt: the fingerprint changed), outside the timing.
            start = time.perf_counter()
            ensure_template(None)
            took = time.perf_counter() - start
            print(f"  template brought to the probe migrations first (untimed): {took:.1f} s")
            print(f"  tenants pending before the first run: {count_pending(slugs)} of {len(slugs)}")
            results: dict[int, list[float]] = {1: [], 2: []}
            inside: dict[int, list[float]] = {1: [], 2: []}  # the time the command reports itself
            busy_one: list[float] = []  # cores kept busy by the --jobs 1 runs
            for r in range(rounds):
                for jobs in (1, 2) if r % 2 == 0 else (2, 1):
                    wall, line = run_manage(
                        ["migrate_all_tenants", "--tenants", tenants_arg, "--jobs", str(jobs)], env
                    )
                    still = count_pending(slugs)
                    results[jobs].append(wall)
                    inside[jobs].append(float(line.rsplit(" in ", 1)[1].split()[0]))
                    print(f"  --jobs {jobs}: wall {wall:.1f} s; command says: {line}; still pending: {still}")
                    print(f"    {LAST_CPU[0].line()}")
                    if jobs == 1:
                        busy_one.append(LAST_CPU[0].machine / LAST_CPU[0].wall)
                    undo_probe(slugs)
        for jobs, walls in results.items():
            print(stats_line(f"manage.py migrate_all_tenants --jobs {jobs}", walls))
        one, two = summary(results[1])["median"], summary(results[2])["median"]
        print(
            f"  -> speed-up --jobs 2 over --jobs 1: {one / two:.2f}x (2.00x would be linear); "
            f"per tenant {one / len(slugs) * 1e3:.1f} ms vs {two / len(slugs) * 1e3:.1f} ms wall"
        )
        inside_one, inside_two = summary(inside[1])["median"], summary(inside[2])["median"]
        print(
            f"  -> the command's own time (its 'in N s', Python start-up excluded): {inside_one:.1f} s vs "
            f"{inside_two:.1f} s, {inside_one / inside_two:.2f}x"
        )
        # PostgreSQL shares this machine's cores: --jobs 2 cannot beat cores / what --jobs 1 used.
        busy = summary(busy_one)["median"]
        cores = os.cpu_count() or 1
        print(
            f"  -> --jobs 1 kept {busy:.2f} of {cores} cores busy (the command and PostgreSQL), so this "
            f"machine allows at most {cores / busy:.2f}x; measured {one / two:.2f}x = "
            f"{one / two / (cores / busy):.0%} of that (above 100 %: --jobs 2 also does less work, "
            "opening one session per tenant where --jobs 1 surveys first)"
        )
    ensure_template(None)  # back to the real migrations
    print()


# --- 4. serving every tenant round-robin -----------------------------------------------------------


def server_sessions(conn: Any, prefix: str, common: str) -> int:
    """Sessions on tenant (and template) databases: the prefix matches, the common DB excluded."""
    row = conn.execute(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname LIKE %s AND datname <> %s AND pid <> pg_backend_pid()",
        [prefix.replace("_", r"\_") + "%", common],
    ).fetchone()
    return int(row[0]) if row else 0


def bench_round_robin(made: int, loops: int) -> None:
    from django.conf import settings
    from django.db import connections

    from common.models import Company
    from ledger.models import Account
    from tenants.lifecycle.provisioning import maintenance_connection
    from tenants.routing.connections import (
        close_tenant_connections,
        open_tenant_connections,
        registered_tenant_aliases,
    )
    from tenants.routing.context import tenant_context

    cap = settings.PYLEDGER_MAX_TENANT_CONNECTIONS
    max_age = connections["default"].settings_dict["CONN_MAX_AGE"]
    common = connections["default"].settings_dict["NAME"]
    prefix = settings.PYLEDGER_TENANT_DB_PREFIX
    companies = list(Company.objects.select_related("server").filter(status="active").order_by("slug"))
    print(
        f"4. Serving {len(companies)} tenants round-robin, {loops} loops, in one process "
        f"(PYLEDGER_MAX_TENANT_CONNECTIONS={cap}, CONN_MAX_AGE={max_age})"
    )
    close_tenant_connections()
    rss_before, hwm_before = rss_kib(), rss_kib("VmHWM")
    peak_open, peak_server, peak_raw, rows = 0, 0, 0, 0
    loop_times = []
    with maintenance_connection(None) as watcher:
        for _ in range(loops):
            start = time.perf_counter()
            for i, company in enumerate(companies):
                with tenant_context(company):
                    rows += Account.objects.count()
                peak_open = max(peak_open, len(open_tenant_connections()))
                if i % 10 == 0 or i == len(companies) - 1:
                    seen = server_sessions(watcher, prefix, common)
                    peak_raw = max(peak_raw, seen)
                    if seen > cap:  # a closed session's backend may not have exited yet: look again
                        time.sleep(0.05)
                        seen = server_sessions(watcher, prefix, common)
                    peak_server = max(peak_server, seen)
            loop_times.append(time.perf_counter() - start)
        open_at_end = len(open_tenant_connections())
        server_at_end = server_sessions(watcher, prefix, common)
    rss_after, hwm_after = rss_kib(), rss_kib("VmHWM")
    for n, t in enumerate(loop_times, 1):
        print(f"  loop {n}: {t:.2f} s ({t / len(companies) * 1e3:.2f} ms per tenant)")
    print(f"  Account rows counted: {rows}")
    print(f"  peak open tenant connections (open_tenant_connections()): {peak_open} (cap {cap})")
    print(
        f"  peak sessions on tenant databases (pg_stat_activity, sampled every 10): {peak_server} "
        f"(cap {cap}); {peak_raw} before backends of just-closed sessions had exited"
    )
    print(f"  at the end: {open_at_end} open here, {server_at_end} in pg_stat_activity")
    print(f"  registered tenant aliases in connections.settings: {len(registered_tenant_aliases())}")
    print(
        f"  RSS before {mib(rss_before)}, after {mib(rss_after)} (+{mib(rss_after - rss_before)}); "
        f"VmHWM {mib(hwm_before)} -> {mib(hwm_after)}"
    )
    verdict = "within" if max(peak_open, peak_server) <= cap else "OVER"
    print(f"  -> peak connections {max(peak_open, peak_server)} {verdict} the cap of {cap}\n")
    close_tenant_connections()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tenants", type=int, default=1000, help="tenants to create (default 1000)")
    parser.add_argument(
        "--subset", type=int, default=200, help="tenants with a pending migration (default 200)"
    )
    parser.add_argument(
        "--budget", type=float, default=240, help="seconds allowed for creating (default 240)"
    )
    parser.add_argument("--check-runs", type=int, default=3, help="runs of the up-to-date check (default 3)")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of --jobs 1 / --jobs 2 (default 1)")
    parser.add_argument("--loops", type=int, default=2, help="round-robin loops over the tenants (default 2)")
    args = parser.parse_args()

    os.environ.setdefault("PYLEDGER_BENCH_PGDATA", str(DEFAULT_PGDATA))
    configure("fleet")
    started = time.perf_counter()
    with bench_databases():
        print_header(f"Tenant fleet benchmark ({args.tenants} tenants)")
        print(f"  pgdata      {os.environ['PYLEDGER_TEST_PGDATA']}\n")
        made = bench_create(args.tenants, args.budget)
        bench_check_all(made, args.subset, args.check_runs)
        for size in sorted({min(args.subset, made), made}):
            bench_jobs(made, size, args.rounds)
        bench_round_robin(made, args.loops)
    print(f"Total benchmark time: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
