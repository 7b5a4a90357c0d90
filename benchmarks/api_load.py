"""API throughput under concurrent load through a real server, with and without tenancy, in one run.

    .venv/bin/python -m benchmarks.api_load [--server production] [--workers 2] [--server-threads 4]
                                            [--threads 8] [--rounds 6] [--seconds 2.5]
                                            [--lines 1000000] [--report-requests 200]

Two server instances run the project's WSGI (or ASGI) application on 127.0.0.1 (free ports), side by side
on the same throwaway databases, with CONN_MAX_AGE=60 (persistent connections, as in production),
DEBUG off and the registry / reference-data caches at their production defaults (5 s):

- tenancy:  the project as deployed: TenantMiddleware resolves `acme` from /t/acme/, the router
            picks the company's alias, CompanyRolePermission checks the membership and role;
- baseline: the same URLs and DRF views, but TenantMiddleware is replaced by a middleware that
            activates the fixed company (looked up once at start-up; per request it only sets
            the tenant ContextVar to a prepared value, no lookup, no registration, no membership
            query) and CompanyRolePermission is replaced by IsAuthenticated. The views' querysets
            still consult the router (a ContextVar read): what is bypassed is resolution +
            membership + context set-up, i.e. what tenancy adds per request.

Server (--server): `production` is gunicorn started with pyledger_project/gunicorn_conf.py as the
image starts it (benchmarks/_api_app.py applies the benchmark's settings and the variant, then
imports the project's entry points); gunicorn-gthread, gunicorn-sync, uvicorn (ASGI workers) and
granian (WSGI) compare servers (uvicorn and granian are not dependencies: install them to try);
basehttp is Django's threaded development server (wsgiref + ThreadingMixIn, keep-alive). Both
sides always run under the same server.

In-process posting: with the baseline server stopped, `--threads` threads in one process call
the posting service (journal_entry_create, post=True) as acme's owner; the summary prints the
HTTP posting rate as a ratio to it (target >= 0.5).

Load: a separate load-generator process with `--threads` threads, each with its own keep-alive
http.client connection per server, token authentication (a knox token of an acme owner), rounds
of `--seconds` alternating tenancy / baseline (ABBA order) to cancel drift. Endpoints:
GET accounts (chart with balances), GET journal-entries (first page, 50 entries with lines),
POST journal-entries (a balanced 2-line posted entry, a fresh Idempotency-Key each time).

Then `--lines` journal lines are loaded by raw SQL (benchmarks.ledger_reports' loader: triggers
off, kept totals rebuilt, VACUUM ANALYZE) and GET reports/trial-balance/?as_of=... is timed over
`--report-requests` sequential requests per server (p50/p99).

Figures are printed, never asserted. Databases: benchmarks._setup (bench_api_*), on an embedded
PostgreSQL in var/bench-api-pg (PYLEDGER_BENCH_PGDATA overrides; TEST_DATABASE_URL to use another
server), all dropped at the end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks._ledger_setup import TICKS, proc_stat

SLUG = "acme"
PREFIX = f"/t/{SLUG}/api/v1"
ENDPOINTS: dict[str, tuple[str, str]] = {
    "GET accounts": ("GET", f"{PREFIX}/accounts/"),
    "GET journal-entries": ("GET", f"{PREFIX}/journal-entries/"),
    "POST journal-entries": ("POST", f"{PREFIX}/journal-entries/"),
}
VARIANTS = ("tenancy", "baseline")
TENANT_MIDDLEWARE = "tenants.routing.middleware.TenantMiddleware"
BASELINE_MIDDLEWARE = "benchmarks.api_load.FixedTenantMiddleware"
ENTRY_DATE = "2025-06-15"
AS_OF = "2025-12-31"
PROJECT_DIR = Path(__file__).resolve().parent.parent


SERVERS = ("production", "basehttp", "gunicorn-sync", "gunicorn-gthread", "uvicorn", "granian")


class _SkipReport(Exception):
    """--lines 0: no trial-balance part."""


# --- the baseline's middleware (loaded by the baseline server) -----------------------------------


class FixedTenantMiddleware:
    """Activate `acme` without resolving it: a prepared ActiveTenant set in the ContextVar."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response
        self.target: tuple[Any, Any] | None = None

    def prepared(self) -> tuple[Any, Any]:
        if self.target is None:
            from tenants.routing.connections import register_company
            from tenants.routing.context import ActiveTenant, get_company

            company = get_company(SLUG)
            alias = register_company(company)
            self.target = (company, ActiveTenant(company_id=company.pk, slug=company.slug, alias=alias))
        return self.target

    def __call__(self, request: Any) -> Any:
        from tenants.routing import context

        company, tenant = self.prepared()
        request.company = company
        token = context._current.set(tenant)
        try:
            return self.get_response(request)
        finally:
            context._current.reset(token)

    def process_view(self, request: Any, view_func: Any, view_args: Any, view_kwargs: dict[str, Any]) -> None:
        view_kwargs.pop("tenant_slug", None)


# --- server process ---------------------------------------------------------------------------------


def apply_baseline() -> None:
    """Swap tenancy out of the settings and the views (before the handler loads its middleware)."""
    from django.conf import settings
    from rest_framework.permissions import IsAuthenticated

    from ledger.api.base import CompanyViewMixin

    middleware = list(settings.MIDDLEWARE)
    middleware[middleware.index(TENANT_MIDDLEWARE)] = BASELINE_MIDDLEWARE
    settings.MIDDLEWARE = middleware
    CompanyViewMixin.permission_classes = (IsAuthenticated,)


def serve(variant: str) -> None:
    """Run one basehttp server on a free port; print `ready <port>` when listening."""
    import logging
    import socketserver
    import warnings

    from benchmarks._setup import configure

    warnings.filterwarnings("ignore", message="No directory at")  # no collected static files here
    configure("api")
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer

    settings.PYLEDGER_REGISTRY_CACHE_SECONDS = 5.0  # production defaults (the test settings
    settings.PYLEDGER_LEDGER_CACHE_SECONDS = 5.0  # switch both caches off)
    if variant == "baseline":
        apply_baseline()
    logging.getLogger("django.server").setLevel(logging.ERROR)  # no access log on either side
    handler = WSGIHandler()
    server_cls = type(
        "ThreadedWSGIServer", (socketserver.ThreadingMixIn, WSGIServer), {"daemon_threads": True}
    )
    httpd = server_cls(("127.0.0.1", 0), WSGIRequestHandler, ipv6=False)
    httpd.set_app(handler)
    print(f"ready {httpd.server_address[1]}", flush=True)
    httpd.serve_forever()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def server_command(kind: str, port: int, workers: int, threads: int) -> list[str]:
    """The command line of a production server running benchmarks._api_app on `port`."""
    bind = f"127.0.0.1:{port}"
    bin_dir = Path(sys.executable).parent
    if kind == "production":  # gunicorn as the project configures it, from PYLEDGER_* variables
        return [
            str(bin_dir / "gunicorn"),
            "-c",
            "python:pyledger_project.gunicorn_conf",
            "benchmarks._api_app:wsgi",
        ]
    if kind.startswith("gunicorn-"):
        worker = kind.removeprefix("gunicorn-")
        cmd = [str(bin_dir / "gunicorn"), "benchmarks._api_app:wsgi", "-b", bind, "-w", str(workers)]
        cmd += ["-k", worker] + (["--threads", str(threads)] if worker == "gthread" else [])
        return [*cmd, "--log-level", "warning", "--keep-alive", "30"]
    if kind == "uvicorn":
        return [
            str(bin_dir / "uvicorn"),
            "benchmarks._api_app:asgi",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-access-log",
            "--log-level",
            "warning",
            "--timeout-keep-alive",
            "30",
        ]
    if kind == "granian":
        return [
            str(bin_dir / "granian"),
            "--interface",
            "wsgi",
            "benchmarks._api_app:wsgi",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--blocking-threads",
            str(threads),
            "--log-level",
            "warning",
            "--no-ws",
        ]
    raise SystemExit(f"unknown server {kind}")


class Server:
    def __init__(self, variant: str, env: dict[str, str], kind: str, workers: int, threads: int) -> None:
        self.variant = variant
        if kind == "basehttp":
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "benchmarks.api_load", "--serve", variant],
                cwd=PROJECT_DIR,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
            assert self.proc.stdout is not None
            line = self.proc.stdout.readline().split()
            if not line or line[0] != "ready":
                self.stop()
                raise SystemExit(f"The {variant} server did not start.")
            self.port = int(line[1])
            return
        self.port = free_port()
        env = {
            **env,
            "PYLEDGER_BENCH_VARIANT": variant,
            "PYLEDGER_BIND": f"127.0.0.1:{self.port}",
            "PYLEDGER_WORKERS": str(workers),
            "PYLEDGER_THREADS": str(threads),
        }
        self.proc = subprocess.Popen(
            server_command(kind, self.port, workers, threads),
            cwd=PROJECT_DIR,
            env=env,
            start_new_session=True,
            text=True,
            stderr=subprocess.DEVNULL,  # the log lines are written (their cost counts), not shown
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except OSError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"The {variant} server ({kind}) did not start.")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


# --- CPU per request, by process: server, load generator, PostgreSQL (Linux /proc) -------------


def cpu_by_pid(pgid: int | None = None, ppid: int | None = None) -> dict[int, float]:
    """CPU seconds (user + system) of each live process in process group `pgid` or with parent
    `ppid` (and `ppid` itself, counting its children that ended): a server's workers, or
    PostgreSQL's postmaster and backends."""
    found: dict[int, float] = {}
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        fields = proc_stat(int(entry.name))
        if fields is None:
            continue
        pid = int(entry.name)
        in_group = pgid is not None and int(fields[2]) == pgid
        if in_group or (ppid is not None and ppid in (pid, int(fields[1]))):
            found[pid] = (int(fields[11]) + int(fields[12])) / TICKS
            if pid == ppid:  # with its children that ended (backends closed in between)
                found[pid] += (int(fields[13]) + int(fields[14])) / TICKS
    return found


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds between two cpu_by_pid() readings (a server worker that ended between them
    would be lost; a backend is counted by its postmaster)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def postmaster_pid() -> int | None:
    """The benchmark's embedded PostgreSQL (its data folder's postmaster.pid), or None."""
    folder = os.environ.get("PYLEDGER_BENCH_PGDATA")
    if not folder or os.environ.get("TEST_DATABASE_URL"):
        return None
    try:
        return int((Path(folder) / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


# --- load generator process ---------------------------------------------------------------------


def entry_body(spec: dict[str, Any]) -> bytes:
    debit, credit = spec["accounts"]
    return json.dumps(
        {
            "date": ENTRY_DATE,
            "status": "posted",
            "memo": "load",
            "lines": [{"account": debit, "debit": "12.34"}, {"account": credit, "credit": "12.34"}],
        }
    ).encode()


def one_round(
    conns: list[http.client.HTTPConnection],
    method: str,
    path: str,
    body: bytes | None,
    auth: str,
    seconds: float,
) -> dict[str, Any]:
    """Each connection's thread sends requests back to back for `seconds`. A connection the server
    closed (idle longer than its keep-alive while the other side's rounds ran, or its worker
    recycled) is opened again, as a client would, and counted: unhandled, the error ended the
    thread, and rounds after a long idle counted no request at all."""
    counts = [0] * len(conns)
    errors: list[str] = []
    reconnects: list[str] = []
    barrier = threading.Barrier(len(conns) + 1)
    deadline = [0.0]

    def worker(i: int) -> None:
        conn = conns[i]
        headers = {"Authorization": auth, "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        barrier.wait()
        n = 0
        while time.perf_counter() < deadline[0]:
            if body is not None:
                headers["Idempotency-Key"] = uuid.uuid4().hex
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
            except (http.client.HTTPException, ConnectionError) as exc:
                conn.close()
                reconnects.append(type(exc).__name__)
                continue
            if response.status >= 300:
                errors.append(str(response.status))
            n += 1
        counts[i] = n

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(len(conns))]
    for t in pool:
        t.start()
    start = time.perf_counter()
    deadline[0] = start + seconds
    barrier.wait()
    for t in pool:
        t.join()
    seconds_taken = time.perf_counter() - start
    return {"requests": sum(counts), "seconds": seconds_taken, "errors": errors, "reconnects": reconnects}


def generate(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Run the schedule: per item, `threads` threads hit one endpoint of one server for `seconds`."""
    auth = f"Token {spec['token']}"
    conns = {
        variant: [http.client.HTTPConnection("127.0.0.1", port, timeout=60) for _ in range(spec["threads"])]
        for variant, port in spec["ports"].items()
    }
    body = entry_body(spec)
    results = []
    postmaster = spec.get("postmaster")
    for endpoint, variant, seconds in spec["schedule"]:
        method, path = ENDPOINTS[endpoint]
        server_pgid = spec["server_pgids"][variant]
        before = (cpu_by_pid(pgid=server_pgid), cpu_by_pid(ppid=postmaster) if postmaster else {},
                  time.process_time())  # fmt: skip
        result = one_round(conns[variant], method, path, body if method == "POST" else None, auth, seconds)
        after = (cpu_by_pid(pgid=server_pgid), cpu_by_pid(ppid=postmaster) if postmaster else {},
                 time.process_time())  # fmt: skip
        cpu = {
            "server": cpu_used(before[0], after[0]),
            "load": after[2] - before[2],
            "postgres": cpu_used(before[1], after[1]) if postmaster else None,
        }
        results.append({"endpoint": endpoint, "variant": variant, "cpu": cpu, **result})
    return results


def run_load(spec: dict[str, Any]) -> list[dict[str, Any]]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.api_load", "--load"],
        cwd=PROJECT_DIR,
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=True,
    )
    results: list[dict[str, Any]] = json.loads(out.stdout)
    return results


def post_in_process(spec: dict[str, Any]) -> dict[str, Any]:
    """The posting service called directly by `threads` threads, rounds of `seconds`: the same
    entry, idempotency key and user as the HTTP posts, no HTTP, no middleware, no serializer."""
    from benchmarks._setup import configure

    configure("api")
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connections

    from ledger.actor import Actor
    from ledger.services.entries import journal_entry_create
    from tenants.routing.context import get_company, tenant_context

    settings.PYLEDGER_REGISTRY_CACHE_SECONDS = 5.0
    settings.PYLEDGER_LEDGER_CACHE_SECONDS = 5.0
    company = get_company(SLUG)
    actor = Actor.from_user(get_user_model().objects.get(username="bench-owner"))
    debit, credit = spec["accounts"]
    lines = [{"account": debit, "debit": "12.34"}, {"account": credit, "credit": "12.34"}]
    day = date.fromisoformat(ENTRY_DATE)
    total = {"requests": 0, "seconds": 0.0, "cpu_process": 0.0, "cpu_postgres": 0.0}
    for r, seconds in enumerate([1.0] + [spec["seconds"]] * spec["rounds"]):
        counts = [0] * spec["threads"]
        barrier = threading.Barrier(spec["threads"] + 1)
        deadline = [0.0]

        def worker(i: int, barrier: threading.Barrier, deadline: list[float], counts: list[int]) -> None:
            with tenant_context(company):
                barrier.wait()
                n = 0
                while time.perf_counter() < deadline[0]:
                    journal_entry_create(
                        date=day,
                        lines=lines,
                        actor=actor,
                        memo="load",
                        post=True,
                        idempotency_key=uuid.uuid4().hex,
                    )
                    n += 1
                counts[i] = n
            connections.close_all()

        shared = (barrier, deadline, counts)
        pool = [threading.Thread(target=worker, args=(i, *shared)) for i in range(spec["threads"])]
        for t in pool:
            t.start()
        postmaster = spec.get("postmaster")
        db_before, own_before = cpu_by_pid(ppid=postmaster) if postmaster else {}, time.process_time()
        start = time.perf_counter()
        deadline[0] = start + seconds
        barrier.wait()
        for t in pool:
            t.join()
        if r:  # the first round warms up
            total["requests"] += sum(counts)
            total["seconds"] += time.perf_counter() - start
            total["cpu_process"] += time.process_time() - own_before
            if postmaster:
                total["cpu_postgres"] += cpu_used(db_before, cpu_by_pid(ppid=postmaster))
    return total


def run_in_process(spec: dict[str, Any]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.api_load", "--in-process"],
        cwd=PROJECT_DIR,
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


# --- helpers ------------------------------------------------------------------------------------------


def fetch(port: int, token: str, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
        headers["Idempotency-Key"] = uuid.uuid4().hex
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    keep = response.getheader("Connection") or "keep-alive"
    conn.close()
    return response.status, data, keep


def percentile(samples: list[float], pct: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[pct - 1]


def report_latency(port: int, token: str, path: str, n: int) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    samples = []
    for i in range(n + 5):
        start = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        elapsed = time.perf_counter() - start
        if response.status != 200:
            raise SystemExit(f"trial balance answered {response.status}")
        if i >= 5:  # 5 warm-up requests first
            samples.append(elapsed)
    conn.close()
    return samples


# --- main ---------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--threads", type=int, default=8, help="load-generator threads (default 8)")
    parser.add_argument("--rounds", type=int, default=6, help="rounds per endpoint and side (default 6)")
    parser.add_argument("--seconds", type=float, default=2.5, help="seconds per round (default 2.5)")
    parser.add_argument("--lines", type=int, default=1_000_000, help="journal lines for the report")
    parser.add_argument("--report-requests", type=int, default=200, help="sequential report requests")
    parser.add_argument(
        "--server",
        choices=SERVERS,
        default="production",
        help="the server both sides run under (default: production, the project's own manage.py serve)",
    )
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (not basehttp)")
    parser.add_argument("--server-threads", type=int, default=4, help="threads per worker (gthread, granian)")
    parser.add_argument("--serve", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--load", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    if args.load:
        print(json.dumps(generate(json.load(sys.stdin))))
        return
    if args.in_process:
        print(json.dumps(post_in_process(json.load(sys.stdin))))
        return

    os.environ.setdefault("PYLEDGER_BENCH_PGDATA", str(PROJECT_DIR / "var" / "bench-api-pg"))
    from benchmarks._setup import bench_databases, configure, database_url, print_header

    configure("api")
    started = time.perf_counter()
    with bench_databases():
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from knox.models import AuthToken

        from benchmarks import _ledger_setup as lsetup
        from benchmarks import ledger_reports
        from common.models import Membership
        from tenants.lifecycle.services import tenant_bootstrap
        from tenants.routing.context import tenant_context

        settings.PYLEDGER_LEDGER_CACHE_SECONDS = 5.0
        print_header("API load benchmark: tenancy vs bypassed, through a server")
        if not os.environ.get("TEST_DATABASE_URL"):
            print(f"  (embedded server in {os.environ['PYLEDGER_BENCH_PGDATA']})")
        company = tenant_bootstrap(slug=SLUG, base_currency=lsetup.CURRENCY).company
        user = get_user_model().objects.create_user("bench-owner")
        Membership.objects.create(user=user, company=company, role=Membership.Role.OWNER)
        _, token = AuthToken.objects.create(user)
        with tenant_context(company):
            bks = lsetup.books()
        ledger_reports.load(company, bks, 100, triggers=True, per_transaction=100)
        codes = bks.codes

        env = {
            **os.environ,
            "TEST_DATABASE_URL": database_url(),
            "CONN_MAX_AGE": "60",
            "DJANGO_DEBUG": "0",
        }
        servers: dict[str, Server] = {}
        try:
            for variant in VARIANTS:
                servers[variant] = Server(variant, env, args.server, args.workers, args.server_threads)
            ports = {v: s.port for v, s in servers.items()}
            shape = (
                ""
                if args.server == "basehttp"
                else f", {args.workers} workers x {args.server_threads} threads"
            )
            print(
                f"  servers: {args.server}{shape}, ports {ports}, DEBUG off, CONN_MAX_AGE=60; "
                f"load: {args.threads} threads, keep-alive, knox token"
            )
            postmaster = postmaster_pid()
            spec: dict[str, Any] = {
                "ports": ports,
                "token": token,
                "threads": args.threads,
                "accounts": codes[:2],
                "server_pgids": {v: s.proc.pid for v, s in servers.items()},  # their own sessions
                "postmaster": postmaster,
            }
            body = entry_body(spec)
            for endpoint, (method, path) in ENDPOINTS.items():
                answers = {
                    v: fetch(ports[v], token, method, path, body if method == "POST" else None)
                    for v in VARIANTS
                }
                statuses = {v: a[0] for v, a in answers.items()}
                # Pagination links are absolute: they name each server's own port.
                same = answers["tenancy"][1].replace(str(ports["tenancy"]).encode(), b"PORT") == answers[
                    "baseline"
                ][1].replace(str(ports["baseline"]).encode(), b"PORT")
                print(
                    f"  {endpoint:<21} status {statuses}, {len(answers['tenancy'][1])} bytes, "
                    f"connection {answers['tenancy'][2]}"
                    + (f", bodies identical: {same}" if method == "GET" else "")
                )
                if any(s >= 300 for s in statuses.values()):
                    raise SystemExit(f"{endpoint}: {answers}")

            schedule: list[tuple[str, str, float]] = []
            for endpoint in ENDPOINTS:
                schedule += [(endpoint, v, 1.0) for v in VARIANTS]  # warm-up, discarded
                for r in range(args.rounds):
                    order = VARIANTS if r % 2 == 0 else VARIANTS[::-1]
                    schedule += [(endpoint, v, args.seconds) for v in order]
            spec["schedule"] = schedule
            print(
                f"  {args.rounds} rounds x {args.seconds} s per endpoint and side, alternating (ABBA)...\n",
                flush=True,
            )
            results = run_load(spec)

            print(
                f"  {'endpoint':<21} {'tenancy':>10} {'baseline':>10}  overhead  per-round tenancy/baseline"
            )
            summary = []
            http_rates: list[tuple[str, float]] = []
            for endpoint in ENDPOINTS:
                timed = [r for r in results if r["endpoint"] == endpoint][2:]
                errors = [e for r in timed for e in r["errors"]]
                reconnects = sum(len(r["reconnects"]) for r in timed)
                rps = {}
                for v in VARIANTS:
                    rows = [r for r in timed if r["variant"] == v]
                    rps[v] = sum(r["requests"] for r in rows) / sum(r["seconds"] for r in rows)
                t_rounds = [r["requests"] / r["seconds"] for r in timed if r["variant"] == "tenancy"]
                b_rounds = [r["requests"] / r["seconds"] for r in timed if r["variant"] == "baseline"]
                ratios = [t / b for t, b in zip(t_rounds, b_rounds, strict=True)]
                overhead = rps["baseline"] / rps["tenancy"] - 1  # extra time per request
                summary.append((endpoint, overhead))
                http_rates.append((endpoint, rps["tenancy"]))
                print(
                    f"  {endpoint:<21} {rps['tenancy']:7.1f}/s {rps['baseline']:7.1f}/s  "
                    f"{100 * overhead:+6.1f} %  "
                    + " ".join(f"{x:.2f}" for x in ratios)
                    + (f"  ERRORS {len(errors)}: {sorted(set(errors))}" if errors else "")
                    + (
                        f"  ({reconnects} connections closed by the server, opened again)"
                        if reconnects
                        else ""
                    )
                )
            print(
                "  (overhead = baseline req/s / tenancy req/s - 1: the extra time tenancy costs per request)"
            )
            print("\n  CPU per request, tenancy side (ms): server processes + load generator + PostgreSQL")
            for endpoint in ENDPOINTS:
                rows = [r for r in results if r["endpoint"] == endpoint and r["variant"] == "tenancy"][1:]
                n = sum(r["requests"] for r in rows)
                server, load = (sum(r["cpu"][k] for r in rows) * 1e3 / n for k in ("server", "load"))
                db = sum(r["cpu"]["postgres"] for r in rows) * 1e3 / n if postmaster else None
                print(
                    f"  {endpoint:<21} {server:5.2f} + {load:4.2f} + "
                    + (f"{db:4.2f} = {server + load + db:5.2f}" if db is not None else "n/a (another server)")
                )

            servers[
                "baseline"
            ].stop()  # the in-process run has the machine to itself with the tenancy one idle
            posting_http = next(rps for endpoint, rps in http_rates if endpoint == "POST journal-entries")
            measured = run_in_process(
                {
                    "threads": args.threads,
                    "seconds": args.seconds,
                    "rounds": args.rounds,
                    "accounts": codes[:2],
                    "postmaster": postmaster,
                }
            )
            in_process = measured["requests"] / measured["seconds"]
            own, db = (measured[k] * 1e3 / measured["requests"] for k in ("cpu_process", "cpu_postgres"))
            print(
                f"\n  POST journal-entries through HTTP {posting_http:.1f}/s, the posting service in one "
                f"process with {args.threads} threads {in_process:.1f}/s: "
                f"ratio {posting_http / in_process:.2f}"
            )
            if postmaster:
                print(
                    f"  CPU per posting in process (ms): the process {own:.2f} + PostgreSQL {db:.2f}"
                    f" = {own + db:.2f}"
                )
            if args.lines <= 0:
                raise _SkipReport
            with lsetup.raw_connect(company) as conn:
                entries, lines, _ = ledger_reports.counts(conn)
            rest = max(0, (args.lines - lines) // ledger_reports.LINES_PER_ENTRY)
            print(
                f"\n  Loading {rest * ledger_reports.LINES_PER_ENTRY} more journal lines (raw SQL)...",
                flush=True,
            )
            seconds = ledger_reports.load(company, bks, rest, triggers=False, per_transaction=rest)
            vac = ledger_reports.vacuum(company)
            with lsetup.raw_connect(company) as conn:
                entries, lines, balances = ledger_reports.counts(conn)
            print(
                f"  {entries} entries, {lines} lines, {balances} kept daily totals "
                f"(load {seconds:.1f} s, VACUUM ANALYZE {vac:.1f} s)"
            )
            path = f"{PREFIX}/reports/trial-balance/?as_of={AS_OF}"
            n = args.report_requests
            print(f"  GET {path}: {n} sequential requests per server (after 5 warm-up)")
            for v in VARIANTS:
                samples = report_latency(ports[v], token, path, n)
                print(
                    f"    {v:<9} p50 {1e3 * statistics.median(samples):7.2f} ms  "
                    f"p99 {1e3 * percentile(samples, 99):7.2f} ms  "
                    f"min {1e3 * min(samples):6.2f} ms  max {1e3 * max(samples):7.2f} ms"
                )
        except _SkipReport:
            pass
        finally:
            for server in servers.values():
                server.stop()

        print(
            f"\nSummary ({args.server}; targets: tenancy costs under 10 %, HTTP posting >= 0.5 x in-process)"
        )
        for endpoint, rate in http_rates:
            print(f"  {endpoint:<21} {rate:7.1f} req/s with tenancy")
        for endpoint, overhead in summary:
            verdict = "meets" if overhead < 0.10 else "MISSES"
            print(f"  {endpoint:<21} tenancy overhead {100 * overhead:+.1f} % -> {verdict} the target")
        ratio = posting_http / in_process
        verdict = "meets" if ratio >= 0.5 else "MISSES"
        print(f"  POST through HTTP / in-process service: {ratio:.2f} -> {verdict} the target")
    print(f"Total benchmark time: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
