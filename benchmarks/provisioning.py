"""How long it takes to provision a tenant, with and without the template database.

    .venv/bin/python -m benchmarks.provisioning [--runs 20] [--no-template-runs 8]
                                                [--command-runs 8] [--clone-runs 12]

Prints (never asserts) median, p90, min and max of:
1. `tenants.lifecycle.services.tenant_bootstrap` called in one process (register, clone the template,
   migrate check, seed, activate), with the time of each step; target: median under 0.15 s;
2. the same database built without the template: CREATE DATABASE + `tenants.migrating.migrate.migrate_alias`;
3. `manage.py bootstrap_tenant <slug>` as a subprocess (Python start-up included), next to
   `manage.py version` (start-up alone);
4. the clone step alone, CREATE DATABASE ... TEMPLATE with STRATEGY WAL_LOG (the default) vs
   FILE_COPY, timed with psycopg; on the embedded server both with fsync off (the test tuning)
   and fsync on (as in production).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections import defaultdict

from benchmarks._setup import (
    PROJECT_DIR,
    bench_databases,
    configure,
    database_url,
    embedded,
    fmt_seconds,
    print_header,
    stats_line,
    summary,
    timed,
)


def warm_server(n: int = 8) -> list[float]:
    """Clone the template `n` times and drop the clones; return the clone times.

    On this machine the first ~6 CREATE DATABASE calls after the server starts take 2-5 times
    longer than later ones, whatever the template; the benchmark's server starts with the script.
    """
    from tenants.lifecycle.provisioning import create_database, database_name, drop_database, template_name

    times = []
    for i in range(n):
        name = database_name(f"warm-{i}")
        times.append(timed(lambda: create_database(None, name, template=template_name())))  # noqa: B023
        drop_database(None, name)
    return times


def bench_bootstrap(runs: int) -> tuple[list[float], list[float]]:
    from tenants.lifecycle.services import BOOTSTRAP_STEPS, tenant_bootstrap
    from tenants.migrating.migrate import ensure_template

    print("1. tenant_bootstrap() in-process (template database)")
    print(f"  template database built and migrated once: {fmt_seconds(timed(lambda: ensure_template(None)))}")
    warm = warm_server()
    print(
        f"  server warm-up, {len(warm)} clones (dropped; the first CREATE DATABASE calls after a server "
        f"start are slower): first {fmt_seconds(warm[0]).strip()}, last {fmt_seconds(warm[-1]).strip()}"
    )

    steps: dict[str, list[float]] = defaultdict(list)

    def one(slug: str) -> float:
        marks: list[tuple[str, float]] = []
        start = time.perf_counter()
        result = tenant_bootstrap(slug=slug, on_step=lambda s: marks.append((s, time.perf_counter())))
        end = time.perf_counter()
        assert result.company.status == "active", result
        assert "create_database" in result.done, result  # really cloned, not skipped
        for (label, t0), (_, t1) in zip(marks, [*marks[1:], ("end", end)], strict=True):
            steps[label].append(t1 - t0)
        return end - start

    first = one("bench-warm")
    steps.clear()
    print(f"  first call in the process (migration loader, imports): {fmt_seconds(first)}")
    samples = [one(f"bench-{i:03d}") for i in range(runs)]
    print(stats_line("tenant_bootstrap (whole)", samples))
    for label in BOOTSTRAP_STEPS:
        print(stats_line(f"  step {label}", steps[label]))
    median = summary(samples)["median"]
    verdict = "meets" if median < 0.15 else "MISSES"
    print(f"  -> median {fmt_seconds(median).strip()} {verdict} the 0.15 s target\n")
    # The database part of the bootstrap: template check + clone, then the clone's migration check.
    db_part = [c + m for c, m in zip(steps["create_database"], steps["migrate"], strict=True)]
    return samples, db_part


def bench_template_parts(runs: int) -> None:
    """Split the create_database step: the template check vs the clone itself.

    ensure_template() opens and closes a session on the template just before the clone; a
    backend still exiting makes CREATE DATABASE wait (PostgreSQL re-checks every 100 ms).
    """
    from tenants.lifecycle.provisioning import (
        create_database,
        database_name,
        maintenance_connection,
        template_name,
    )
    from tenants.migrating.migrate import ensure_template

    print("   create_database step, split (same calls as tenant_create_database):")
    check = [timed(lambda: ensure_template(None)) for _ in range(runs)]
    print(stats_line("  ensure_template(None), template up to date", check))

    def clone(slug: str) -> float:
        return timed(lambda: create_database(None, database_name(slug), template=template_name()))

    after_check, idle, lingering = [], [], 0
    with maintenance_connection(None) as watcher:
        for i in range(runs):
            ensure_template(None)
            row = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [template_name()]
            ).fetchone()
            lingering += bool(row and row[0])
            after_check.append(clone(f"split-a-{i}"))
            time.sleep(0.3)
            idle.append(clone(f"split-b-{i}"))
    print(stats_line("  clone right after ensure_template", after_check))
    print(stats_line("  clone with the template idle for 0.3 s", idle))
    print(f"    template session still open right after ensure_template: {lingering} of {runs} times")
    print()


def bench_no_template(runs: int) -> list[float]:
    from tenants.lifecycle.provisioning import create_database, database_name
    from tenants.migrating.migrate import migrate_alias
    from tenants.routing.connections import register, unregister

    print("2. Without the template: CREATE DATABASE (empty) + migrate_alias()")
    create, migrate, total = [], [], []
    for i in range(runs):
        slug = f"nt-{i:03d}"
        name = database_name(slug)
        alias = register(f"tenant_{slug}", name, None)
        try:
            t0 = time.perf_counter()
            create_database(None, name)
            t1 = time.perf_counter()
            migrate_alias(alias)
            t2 = time.perf_counter()
        finally:
            unregister(alias)
        create.append(t1 - t0)
        migrate.append(t2 - t1)
        total.append(t2 - t0)
    print(stats_line("create + migrate (whole)", total))
    print(stats_line("  CREATE DATABASE (from template1)", create))
    print(stats_line("  migrate_alias", migrate))
    print()
    return total


def bench_command(runs: int) -> None:
    print("3. `manage.py bootstrap_tenant <slug>` as a subprocess (Python start-up included)")
    inherited = {**os.environ, "TEST_DATABASE_URL": database_url()}
    # Production runs with compiled bytecode; a private cache folder gives it without writing
    # .pyc files into the source tree or the virtualenv.
    cached = {k: v for k, v in inherited.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cached["PYTHONPYCACHEPREFIX"] = str(PROJECT_DIR / "var" / "bench-pycache")
    modes = {"bytecode cache (var/bench-pycache)": cached}
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        modes["PYTHONDONTWRITEBYTECODE set (as here): no .pyc"] = inherited
    base = [sys.executable, str(PROJECT_DIR / "manage.py")]

    def run(args: list[str], env: dict[str, str]) -> float:
        start = time.perf_counter()
        proc = subprocess.run([*base, *args], env=env, cwd=PROJECT_DIR, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
        return elapsed

    for m, (label, env) in enumerate(modes.items()):
        run(["version"], env)  # warm the OS file cache (and fill the bytecode cache)
        run(["bootstrap_tenant", f"cmd-warm-{m}", "--verbosity", "0"], env)
        startup, command = [], []
        for i in range(runs):  # alternate, so drift hits both alike
            startup.append(run(["version"], env))
            command.append(run(["bootstrap_tenant", f"cmd-{m}-{i:03d}", "--verbosity", "0"], env))
        print(f"  {label}:")
        print(stats_line("  manage.py bootstrap_tenant <slug> (wall)", command))
        print(stats_line("  manage.py version (start-up only)", startup))
        diff = summary(command)["median"] - summary(startup)["median"]
        print(f"    -> the command's own work, median difference: {fmt_seconds(diff).strip()}")
    print()


def _set_durability(on: bool) -> str:
    from tenants.lifecycle.provisioning import maintenance_connection

    value = "on" if on else "off"
    with maintenance_connection(None) as conn:
        for name in ("fsync", "full_page_writes"):
            conn.execute(f"ALTER SYSTEM SET {name} = {value}")
        conn.execute("SELECT pg_reload_conf()")
    time.sleep(0.5)  # let the checkpointer and the other processes reload
    with maintenance_connection(None) as conn:
        row = conn.execute("SELECT current_setting('fsync'), current_setting('full_page_writes')").fetchone()
    assert row is not None
    return f"fsync={row[0]}, full_page_writes={row[1]}"


def bench_clone_strategies(runs: int) -> dict[str, dict[str, float]]:
    from psycopg import sql

    from tenants.lifecycle.provisioning import database_name, maintenance_connection, template_name
    from tenants.migrating.migrate import ensure_template

    print("4. Clone step alone: CREATE DATABASE ... TEMPLATE ... STRATEGY (psycopg, autocommit)")
    ensure_template(None)
    template = template_name()
    with maintenance_connection(None) as conn:
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(%s))", [template]).fetchone()
    print(f"  template {template}: {size[0] if size else '?'}")

    modes: list[bool | None] = [False, True] if embedded() else [None]
    medians: dict[str, dict[str, float]] = {}
    try:
        for mode in modes:
            label = _set_durability(mode) if mode is not None else "server as configured"
            results: dict[str, list[float]] = {"WAL_LOG": [], "FILE_COPY": []}
            with maintenance_connection(None) as conn:
                for i in range(runs):
                    order = ["WAL_LOG", "FILE_COPY"] if i % 2 == 0 else ["FILE_COPY", "WAL_LOG"]
                    for strategy in order:
                        name = database_name(f"clone-{strategy.lower().replace('_', '-')}-{i:03d}")
                        statement = sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY {}").format(
                            sql.Identifier(name), sql.Identifier(template), sql.SQL(strategy)
                        )
                        start = time.perf_counter()
                        conn.execute(statement)
                        results[strategy].append(time.perf_counter() - start)
                        conn.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
            print(f"  {label}:")
            for strategy, samples in results.items():
                print(stats_line(f"  STRATEGY {strategy}", samples))
            wal, copy = summary(results["WAL_LOG"])["median"], summary(results["FILE_COPY"])["median"]
            faster = "FILE_COPY" if copy < wal else "WAL_LOG"
            print(f"    -> {faster} is faster here: WAL_LOG/FILE_COPY median ratio {wal / copy:.2f}")
            medians[label] = {"WAL_LOG": wal, "FILE_COPY": copy}
    finally:
        if embedded():
            _set_durability(False)  # back to the test tuning
    print()
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=20, help="tenant_bootstrap calls timed (default 20)")
    parser.add_argument("--no-template-runs", type=int, default=8, help="create+migrate runs (default 8)")
    parser.add_argument("--command-runs", type=int, default=8, help="subprocess runs (default 8)")
    parser.add_argument(
        "--clone-runs", type=int, default=12, help="clones per strategy and mode (default 12)"
    )
    args = parser.parse_args()

    configure("prov")
    started = time.perf_counter()
    with bench_databases():
        print_header("Tenant provisioning benchmark")
        with_template, db_part = bench_bootstrap(args.runs)
        bench_template_parts(10)
        without = bench_no_template(args.no_template_runs)
        bench_command(args.command_runs)
        bench_clone_strategies(args.clone_runs)

        n = summary(without)["median"]
        print("Summary (medians)")
        print(f"  create + migrate, no template                       {fmt_seconds(n)}")
        for label, samples in (
            ("tenant_bootstrap with template (whole)", with_template),
            ("  its create_database + migrate steps", db_part),
        ):
            t = summary(samples)["median"]
            print(f"  {label:<50} {fmt_seconds(t)}  ratio template / no-template {t / n:.2f}")
    print(f"Total benchmark time: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
