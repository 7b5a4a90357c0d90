"""Shared set-up of the benchmarks: own throwaway PostgreSQL, own databases, figures helpers.

Each script calls `configure("<name>")` before touching Django, then runs inside
`bench_databases()`, which creates a fresh, migrated common database `bench_<name>_common` and,
on the way out, drops it and every database whose name starts with `bench_<name>_`.

Where the server comes from:
- TEST_DATABASE_URL set: that server (the benchmark creates and drops its own databases there);
- otherwise an embedded PostgreSQL in PYLEDGER_BENCH_PGDATA (default var/bench-postgres), tuned
  like the test server (fsync off) and stopped when the script ends.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PGDATA = PROJECT_DIR / "var" / "bench-postgres"
DEV_PGDATA = PROJECT_DIR / "var" / "postgres"


def configure(name: str) -> None:
    """Select the benchmark settings and names for script `name`, then start Django."""
    pgdata = Path(os.environ.get("PYLEDGER_BENCH_PGDATA") or DEFAULT_PGDATA).resolve()
    if pgdata == DEV_PGDATA.resolve():
        sys.exit("Refusing to benchmark on the development database folder var/postgres.")
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ["PYLEDGER_TEST_PGDATA"] = str(pgdata)
    os.environ["PYLEDGER_BENCH_COMMON_DB"] = f"bench_{name}_common"
    os.environ["PYLEDGER_BENCH_TENANT_PREFIX"] = f"bench_{name}_"

    import django

    django.setup()


def embedded() -> bool:
    """True when the benchmark runs on its own embedded server (not TEST_DATABASE_URL)."""
    return not os.environ.get("TEST_DATABASE_URL")


def database_url() -> str:
    """A URL for the benchmark's server that a `manage.py` subprocess can use as TEST_DATABASE_URL."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    from django.db import connections

    s = connections.settings["default"]
    return f"postgres://{s['USER']}@/{s['NAME']}?host={s['HOST']}"


def _drop_bench_databases() -> list[str]:
    from django.conf import settings
    from django.db import connections
    from psycopg import sql

    from tenants.lifecycle.provisioning import maintenance_connection

    prefix = settings.PYLEDGER_TENANT_DB_PREFIX
    common = os.environ["PYLEDGER_BENCH_COMMON_DB"]
    connections.close_all()
    with maintenance_connection(None) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE left(datname, %s) = %s OR datname = %s ORDER BY 1",
            [len(prefix), prefix, common],
        ).fetchall()
        names = [name for (name,) in rows]
        for name in names:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    return names


@contextmanager
def bench_databases() -> Iterator[None]:
    """A fresh, migrated common database (currencies loaded); everything dropped afterwards."""
    from django.core.management import call_command
    from django.db import connections
    from psycopg import sql

    from tenants.lifecycle.provisioning import maintenance_connection

    common = os.environ["PYLEDGER_BENCH_COMMON_DB"]
    leftovers = _drop_bench_databases()  # from a run that was killed
    if leftovers:
        print(f"(dropped {len(leftovers)} leftover benchmark databases)")
    with maintenance_connection(None) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(common)))
    try:
        call_command("migrate", verbosity=0, interactive=False)
        yield
    finally:
        for alias in list(connections.settings):
            if alias != "default":
                from tenants.routing.connections import unregister

                unregister(alias)
        dropped = _drop_bench_databases()
        print(f"\nCleaned up: dropped {len(dropped)} benchmark databases.")


def server_facts() -> dict[str, str]:
    """What the figures depend on: versions, CPU count and the durability settings."""
    import django
    from django.db import connections

    with connections["default"].cursor() as cursor:
        cursor.execute("SHOW server_version")
        (version,) = cursor.fetchone()
        cursor.execute(
            "SELECT name, setting FROM pg_settings "
            "WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers') "
            "ORDER BY name"
        )
        tuning = ", ".join(f"{k}={v}" for k, v in cursor.fetchall())
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": version,
        "server": "embedded (var/bench-postgres or PYLEDGER_BENCH_PGDATA)"
        if embedded()
        else "TEST_DATABASE_URL",
        "settings": tuning,
        "cpus": f"{os.cpu_count()}, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        "machine": platform.machine(),
    }


def print_header(title: str) -> None:
    print(title)
    print("=" * len(title))
    for key, value in server_facts().items():
        print(f"  {key:<11} {value}")
    print()


def timed(func: Callable[[], Any]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def p90(samples: Sequence[float]) -> float:
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=10, method="inclusive")[8]


def summary(samples: Sequence[float]) -> dict[str, float]:
    return {
        "median": statistics.median(samples),
        "p90": p90(samples),
        "min": min(samples),
        "max": max(samples),
    }


def fmt_seconds(value: float) -> str:
    if value < 1e-3:
        return f"{value * 1e6:7.0f} µs"
    if value < 1:
        return f"{value * 1e3:7.1f} ms"
    return f"{value:7.3f} s "


def stats_line(label: str, samples: Sequence[float], width: int = 44) -> str:
    s = summary(samples)
    cells = "  ".join(f"{k} {fmt_seconds(v)}" for k, v in s.items())
    return f"  {label:<{width}} n={len(samples):<3} {cells}"
