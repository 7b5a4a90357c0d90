"""Shared set-up of the ledger benchmarks: a throwaway server, one bootstrapped tenant, raw SQL.

Call `configure()` before anything touches Django. It selects the test settings, which start an
embedded PostgreSQL in PYLEDGER_TEST_PGDATA (fsync off) unless TEST_DATABASE_URL is set. The
folder defaults to var/bench-pg; PYLEDGER_BENCH_PGDATA overrides it.

On its own server it rebuilds the tenant template from the current migrations each run.
`bench_tenant(slug)` registers and bootstraps a company (template clone, migrate, seed) and drops
its database and Company row on the way out, also after a crash of an earlier run.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg

    from common.models import Company

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PGDATA = PROJECT_DIR / "var" / "bench-pg"
BENCH_YEAR = 2025
CURRENCY = "USD"


def configure() -> None:
    """Select the test settings and the benchmark's own server folder, then start Django."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "pyledger_project.settings.test"
    if not os.environ.get("TEST_DATABASE_URL"):
        pgdata = Path(os.environ.get("PYLEDGER_BENCH_PGDATA") or DEFAULT_PGDATA).resolve()
        if pgdata == (PROJECT_DIR / "var" / "postgres").resolve():
            sys.exit("Refusing to benchmark in the development database folder var/postgres.")
        os.environ["PYLEDGER_TEST_PGDATA"] = str(pgdata)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # The test settings switch the reference-data cache off (test transactions roll back); the
    # benchmarks measure what production runs: the default setting.
    settings.PYLEDGER_LEDGER_CACHE_SECONDS = 5.0

    call_command("migrate", verbosity=0, interactive=False)
    if not os.environ.get("TEST_DATABASE_URL"):
        # The template is only migrated when a migration is missing; an edited migration (the
        # trigger SQL) would go unnoticed. On the benchmark's own server, rebuild it every run.
        from tenants.lifecycle.provisioning import drop_database, template_name
        from tenants.migrating.migrate import ensure_template

        drop_database(None, template_name())
        ensure_template(None)


def server_facts() -> str:
    """One line of what the figures depend on."""
    import django
    import psycopg
    from django.db import connections

    with connections["default"].cursor() as cursor:
        cursor.execute("SHOW server_version")
        (version,) = cursor.fetchone()
        cursor.execute(
            "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings "
            "WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'work_mem')"
        )
        (tuning,) = cursor.fetchone()
    where = "TEST_DATABASE_URL" if os.environ.get("TEST_DATABASE_URL") else os.environ["PYLEDGER_TEST_PGDATA"]
    return (
        f"PostgreSQL {version} ({where}; {tuning}); Python {platform.python_version()}, "
        f"Django {django.get_version()}, psycopg {psycopg.__version__} ({psycopg.pq.__impl__}); "
        f"{os.cpu_count()} CPUs"
    )


# --- tenants ---------------------------------------------------------------------------------


def drop_tenant(slug: str) -> bool:
    """Drop the company's database and registry row; return whether anything existed."""
    from django.db import connections

    from common.models import Company
    from tenants.lifecycle.provisioning import database_name, drop_database
    from tenants.routing.connections import alias_for, unregister

    unregister(alias_for(slug))
    connections.close_all()
    company = Company.objects.filter(slug=slug).select_related("server").first()
    dropped = drop_database(company.server if company else None, database_name(slug))
    if company is not None:
        Company.objects.filter(pk=company.pk).delete()
    return dropped or company is not None


@contextmanager
def bench_tenant(slug: str) -> Iterator[Company]:
    """A freshly bootstrapped company (USD books, small-business chart); dropped afterwards."""
    from tenants.lifecycle.services import tenant_bootstrap

    if drop_tenant(slug):
        print(f"(dropped the leftover tenant {slug!r} of an earlier run)")
    company = tenant_bootstrap(slug=slug, base_currency=CURRENCY).company
    try:
        yield company
    finally:
        drop_tenant(slug)


def raw_conninfo(company: Company) -> dict[str, Any]:
    """psycopg keyword arguments for the company's database (same server as Django uses)."""
    from tenants.routing.connections import database_settings

    s = database_settings(company.db_name, company.server)
    params = {
        "dbname": s["NAME"],
        "host": s.get("HOST") or None,
        "port": s.get("PORT") or None,
        "user": s.get("USER") or None,
        "password": s.get("PASSWORD") or None,
    }
    return {k: v for k, v in params.items() if v is not None}


def raw_connect(company: Company, *, triggers: bool = True) -> psycopg.Connection[Any]:
    """A plain psycopg connection (transactions on); `triggers=False` sets replica mode."""
    import psycopg

    conn = psycopg.connect(**raw_conninfo(company))
    if not triggers:
        # Replica mode skips ordinary triggers *and* the foreign-key triggers.
        conn.execute("SET session_replication_role = replica")
        conn.commit()
    return conn


# --- the books the entries post to -------------------------------------------------------------


@dataclass(frozen=True)
class Books:
    accounts: dict[str, int]  # code -> id, the ~30 postable (non-header) accounts
    periods: list[tuple[date, date, int, int]]  # start, end, period id, fiscal year id

    @property
    def codes(self) -> list[str]:
        return sorted(self.accounts)

    def period(self, day: date) -> tuple[int, int]:
        """(fiscal_year_id, period_id) of `day`."""
        for start, end, period_id, year_id in self.periods:
            if start <= day <= end:
                return year_id, period_id
        raise LookupError(day)


def books() -> Books:
    """Inside tenant_context: create the benchmark year's periods and read the ids raw SQL needs."""
    from ledger.actor import Actor
    from ledger.models import Account, FiscalPeriod
    from ledger.services.periods import period_for

    period_for(date(BENCH_YEAR, 1, 1), actor=Actor.system())
    accounts = dict(Account.objects.filter(parent__isnull=False).values_list("code", "id"))
    periods = [
        (p.start_date, p.end_date, p.pk, p.fiscal_year_id)
        for p in FiscalPeriod.objects.filter(start_date__year=BENCH_YEAR)
    ]
    return Books(accounts, periods)


# --- generated entries ----------------------------------------------------------------------


@dataclass(frozen=True)
class EntrySpec:
    day: date
    lines: tuple[tuple[str, str, Decimal], ...]  # (account code, "D"/"C", amount)

    def service_lines(self) -> list[dict[str, str]]:
        """The lines as a caller of journal_entry_create gives them."""
        return [
            {"account": code, "debit" if side == "D" else "credit": str(amount)}
            for code, side, amount in self.lines
        ]


def _money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def make_entries(count: int, codes: Sequence[str], *, seed: int) -> list[EntrySpec]:
    """Balanced entries of 2, 3 or 4 lines (evenly mixed) on distinct accounts, over the year."""
    rng = random.Random(seed)
    first = date(BENCH_YEAR, 1, 1)
    specs = []
    for _ in range(count):
        day = first + timedelta(days=rng.randrange(365))
        n = rng.choice((2, 3, 4))
        accounts = rng.sample(list(codes), n)
        a, b = rng.randint(100, 999_999), rng.randint(100, 999_999)
        if n == 2:
            cents = [("D", a), ("C", a)]
        elif n == 3:
            cents = [("D", a), ("D", b), ("C", a + b)]
        else:
            c = rng.randint(1, a + b - 1)
            cents = [("D", a), ("D", b), ("C", c), ("C", a + b - c)]
        specs.append(
            EntrySpec(
                day, tuple((acc, side, _money(v)) for acc, (side, v) in zip(accounts, cents, strict=True))
            )
        )
    return specs


# --- raw SQL of the same rows ---------------------------------------------------------------

ENTRY_COLUMNS = (
    "fiscal_year_id", "period_id", "date", "memo", "reference", "status", "request_hash", "created_at",
    "created_by_name", "posted_at", "posted_by_name", "prev_hash", "hash",
)  # fmt: skip
LINE_COLUMNS = (
    "entry_id", "line_no", "account_id", "side", "amount", "currency_id", "exchange_rate", "base_amount",
    "description",
)  # fmt: skip
# Built from the constant column lists above: no user input reaches these strings.
_ENTRY_INTO = f"INSERT INTO ledger_journalentry ({', '.join(ENTRY_COLUMNS)})"
_LINE_INTO = f"INSERT INTO ledger_journalline ({', '.join(LINE_COLUMNS)})"
_LINE_ROW = "(" + ", ".join(["%s"] * len(LINE_COLUMNS)) + ")"
ENTRY_SQL = (
    _ENTRY_INTO + " VALUES (%s, %s, %s, '', '', 'posted', '', now(), 'system', now(), 'system', '', '')"
    " RETURNING id"
)
ONE_LINE_SQL = _LINE_INTO + " VALUES " + _LINE_ROW


def lines_sql(n: int) -> str:
    """A multi-row INSERT of `n` lines."""
    return _LINE_INTO + " VALUES " + ", ".join([_LINE_ROW] * n)


def entry_params(spec: EntrySpec, bks: Books) -> tuple[int, int, date]:
    year_id, period_id = bks.period(spec.day)
    return year_id, period_id, spec.day


def line_rows(spec: EntrySpec, entry_id: int, bks: Books) -> list[tuple[Any, ...]]:
    return [
        (entry_id, i, bks.accounts[code], side, amount, CURRENCY, 1, amount, "")
        for i, (code, side, amount) in enumerate(spec.lines, 1)
    ]


def raw_post(conn: psycopg.Connection[Any], spec: EntrySpec, bks: Books) -> None:
    """One posted entry: INSERT ... RETURNING id, one multi-row INSERT of its lines, COMMIT."""
    with conn.cursor() as cur:
        cur.execute(ENTRY_SQL, entry_params(spec, bks))
        row = cur.fetchone()
        assert row is not None
        params = [value for line in line_rows(spec, row[0], bks) for value in line]
        cur.execute(lines_sql(len(spec.lines)), params)
    conn.commit()


class SketchPoster:
    """A sketch of a leaner posting path, to price proposals; not used by the project.

    Reference data is read once per process (settings, accounts, periods): the triggers check
    period status, active accounts, account currency and precision again in the database, so a
    stale cache can only turn a readable error into a trigger error (SQLSTATE PLxxx, which
    ledger.errors.from_database_error maps back). The Python checks are those of _prepare for
    base-currency lines. The entry and its lines go in one statement; outside a transaction
    that statement is its own transaction, so the commit-time checks run before it returns: one
    round trip per entry. Number and hash are not read back (a caller that needs them reads
    them lazily).
    """

    def __init__(self) -> None:
        from django.db import connections

        from tenants.routing.context import current_alias

        self.alias = current_alias()
        with connections[self.alias].cursor() as cur:
            cur.execute("SELECT base_currency_id FROM ledger_ledgersettings WHERE id = 1")
            (self.base,) = cur.fetchone()
            cur.execute("SELECT code, id, is_active, currency_id FROM ledger_account")
            self.accounts = {code: (pk, active, cur_) for code, pk, active, cur_ in cur.fetchall()}
            cur.execute("SELECT start_date, end_date, id, fiscal_year_id, status FROM ledger_fiscalperiod")
            self.periods = cur.fetchall()
        self._sql: dict[int, str] = {}

    def sql(self, n: int) -> str:
        if n not in self._sql:
            typed = (
                "(%s::smallint, %s::bigint, %s::text, %s::numeric, %s::text, %s::numeric, %s::numeric, %s)"
            )
            rows = ", ".join([typed] + ["(%s, %s, %s, %s, %s, %s, %s, %s)"] * (n - 1))
            statement = " ".join(
                ["WITH e AS (", ENTRY_SQL, ")", _LINE_INTO, "SELECT e.id, v.* FROM e, (VALUES"]
            )
            self._sql[n] = f"{statement} {rows}) v RETURNING entry_id"
        return self._sql[n]

    def check(self, day: date, lines: Sequence[dict[str, str]]) -> list[Any]:
        """Validate like _prepare does for base-currency lines; return the statement's parameters."""
        from ledger.money import to_money

        if len(lines) < 2:
            raise ValueError("too few lines")
        period = next((p for p in self.periods if p[0] <= day <= p[1]), None)
        if period is None or period[4] != "open":
            raise ValueError("no open period")
        params: list[Any] = [period[3], period[2], day]
        balance = Decimal(0)
        for i, line in enumerate(lines, 1):
            found = self.accounts.get(line["account"])
            if found is None or not found[1]:
                raise ValueError("unknown or inactive account")
            debit, credit = line.get("debit"), line.get("credit")
            if (debit is None) == (credit is None):
                raise ValueError("one of debit or credit")
            currency = found[2] or self.base
            amount = to_money(debit if debit is not None else credit, currency)
            if amount <= 0:
                raise ValueError("amounts are positive")
            side = "D" if debit is not None else "C"
            balance += amount if side == "D" else -amount
            params += [i, found[0], side, amount, currency, 1, amount, ""]
        if balance:
            raise ValueError("unbalanced")
        return params

    def post(self, day: date, lines: Sequence[dict[str, str]]) -> int:
        from django.db import connections

        params = self.check(day, lines)
        with connections[self.alias].cursor() as cur:
            cur.execute(self.sql(len(lines)), params)
            return int(cur.fetchone()[0])


def books_check(conn: psycopg.Connection[Any]) -> str:
    """What the triggers did: entries numbered and hashed, kept totals equal to the lines."""
    row = conn.execute(
        "SELECT count(*), count(*) FILTER (WHERE number IS NULL), count(*) FILTER (WHERE hash = ''),"
        " (SELECT count(*) FROM ledger_journalline),"
        " (SELECT coalesce(sum(base_amount) FILTER (WHERE side = 'D'), 0) FROM ledger_journalline),"
        " (SELECT coalesce(sum(base_debit), 0) FROM ledger_accountbalance),"
        " (SELECT count(*) FROM ledger_accountbalance)"
        " FROM ledger_journalentry WHERE status = 'posted'"
    ).fetchone()
    conn.rollback()
    assert row is not None
    entries, unnumbered, unhashed, lines, debits, kept, kept_rows = row
    return (
        f"{entries} posted entries ({unnumbered} unnumbered, {unhashed} unhashed), {lines} lines, "
        f"debits {debits} vs kept totals {kept} in {kept_rows} rows"
    )


# --- measuring ------------------------------------------------------------------------------


class RoundTrips:
    """Count client/server round trips on a psycopg connection with libpq's protocol trace.

    Every round trip ends with the server's ReadyForQuery message; BEGIN and COMMIT, which no
    Django query log shows, count like any statement. The trace slows the client down: measure
    counts with it, never timings.
    """

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn
        self.messages: dict[str, int] = {}

    def __enter__(self) -> RoundTrips:
        from psycopg import pq

        self._file = tempfile.TemporaryFile(mode="w+b")
        self.conn.pgconn.trace(self._file.fileno())
        self.conn.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.pgconn.untrace()
        self._file.seek(0)
        counts: dict[str, int] = {}
        for raw in self._file.read().decode(errors="replace").splitlines():
            parts = raw.split("\t")
            if len(parts) >= 3:
                key = f"{parts[0]} {parts[2].split(' ')[0]}"
                counts[key] = counts.get(key, 0) + 1
        self._file.close()
        self.messages = counts

    @property
    def round_trips(self) -> int:
        return self.messages.get("B ReadyForQuery", 0)

    @property
    def statements(self) -> int:
        """Statements executed: simple-protocol queries plus extended-protocol executes."""
        return self.messages.get("F Query", 0) + self.messages.get("F Execute", 0)


class WaitTimer:
    """Time spent inside psycopg's Connection.wait (sending, server work, receiving)."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn
        self.seconds = 0.0
        self.calls = 0

    def __enter__(self) -> WaitTimer:
        original = type(self.conn).wait
        conn = self.conn

        def wait(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return original(conn, *args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - t0
                self.calls += 1

        conn.wait = wait  # type: ignore[method-assign]  # patched on this connection only
        return self

    def __exit__(self, *exc: object) -> None:
        del self.conn.wait


TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def proc_stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name ([1] parent, [2] process group,
    [11]/[12] user/system ticks, [13]/[14] those of ended children), or None when /proc cannot
    tell (another host, not allowed, or the process ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def backend_cpu(pid: int) -> float | None:
    """CPU seconds a server backend has used (user + system), or None when /proc cannot tell
    (another host, or not allowed). Unlike wall time this ignores what else runs on the box."""
    fields = proc_stat(pid)
    if fields is None:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS


class CpuMeter:
    """Client CPU (this process) and server CPU (one backend) between start() and stop()."""

    def __init__(self, backend_pid: int) -> None:
        self.pid = backend_pid
        self.client = 0.0
        self.server: float | None = None

    def start(self) -> None:
        self._c0 = time.process_time()
        self._s0 = backend_cpu(self.pid)

    def stop(self) -> None:
        self.client = time.process_time() - self._c0
        s1 = backend_cpu(self.pid)
        self.server = s1 - self._s0 if s1 is not None and self._s0 is not None else None


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def median_p90(samples: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return statistics.median(ordered), p90


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"
