"""API throughput under concurrent load through a real server, with and without tenancy, in one run.

    .venv/bin/python -m benchmarks.api_load [--threads 8] [--rounds 6] [--seconds 2.5]
                                            [--lines 1000000] [--report-requests 200]

Two server processes run the project's WSGI application on 127.0.0.1 (free ports), side by side
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

Server: Django's own threaded WSGI server (django.core.servers.basehttp: the standard library's
wsgiref + socketserver.ThreadingMixIn, with HTTP/1.1 keep-alive; one thread per client
connection, so each keeps its database connections). No package is installed for it; it is not
a production server, but both sides run under the same one, and the ratio is the figure asked for.

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
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def serve(variant: str) -> None:
    """Run one server on a free port; print `ready <port> <DEBUG> <CONN_MAX_AGE>` when listening."""
    import logging
    import socketserver
    import warnings

    from benchmarks._setup import configure

    warnings.filterwarnings("ignore", message="No directory at")  # no collected static files here
    configure("api")
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
    from django.db import connections

    settings.PYLEDGER_REGISTRY_CACHE_SECONDS = 5.0  # production defaults (the test settings
    settings.PYLEDGER_LEDGER_CACHE_SECONDS = 5.0  # switch both caches off)
    if variant == "baseline":
        from rest_framework.permissions import IsAuthenticated

        from ledger.api.base import CompanyViewMixin

        middleware = list(settings.MIDDLEWARE)
        middleware[middleware.index(TENANT_MIDDLEWARE)] = BASELINE_MIDDLEWARE
        settings.MIDDLEWARE = middleware
        CompanyViewMixin.permission_classes = (IsAuthenticated,)  # type: ignore[assignment]
    logging.getLogger("django.server").setLevel(logging.ERROR)  # no access log on either side
    handler = WSGIHandler()
    server_cls = type(
        "ThreadedWSGIServer", (socketserver.ThreadingMixIn, WSGIServer), {"daemon_threads": True}
    )
    httpd = server_cls(("127.0.0.1", 0), WSGIRequestHandler, ipv6=False)
    httpd.set_app(handler)
    age = connections.settings["default"]["CONN_MAX_AGE"]
    print(f"ready {httpd.server_address[1]} {settings.DEBUG} {age}", flush=True)
    httpd.serve_forever()


class Server:
    def __init__(self, variant: str, env: dict[str, str]) -> None:
        self.variant = variant
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.api_load", "--serve", variant],
            cwd=PROJECT_DIR,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().split()
        if not line or line[0] != "ready":
            self.stop()
            raise SystemExit(f"The {variant} server did not start.")
        self.port, self.debug, self.conn_max_age = int(line[1]), line[2], line[3]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


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
    """Each connection's thread sends requests back to back for `seconds`."""
    counts = [0] * len(conns)
    errors: list[str] = []
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
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
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
    return {"requests": sum(counts), "seconds": time.perf_counter() - start, "errors": errors}


def generate(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Run the schedule: per item, `threads` threads hit one endpoint of one server for `seconds`."""
    auth = f"Token {spec['token']}"
    conns = {
        variant: [http.client.HTTPConnection("127.0.0.1", port, timeout=60) for _ in range(spec["threads"])]
        for variant, port in spec["ports"].items()
    }
    body = entry_body(spec)
    results = []
    for endpoint, variant, seconds in spec["schedule"]:
        method, path = ENDPOINTS[endpoint]
        result = one_round(conns[variant], method, path, body if method == "POST" else None, auth, seconds)
        results.append({"endpoint": endpoint, "variant": variant, **result})
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
    parser.add_argument("--serve", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--load", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    if args.load:
        print(json.dumps(generate(json.load(sys.stdin))))
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
                servers[variant] = Server(variant, env)
            ports = {v: s.port for v, s in servers.items()}
            s0 = servers["tenancy"]
            print(
                f"  servers: Django threaded WSGI (basehttp), ports {ports}, DEBUG={s0.debug}, "
                f"CONN_MAX_AGE={s0.conn_max_age}; load: {args.threads} threads, keep-alive, knox token"
            )
            spec: dict[str, Any] = {
                "ports": ports,
                "token": token,
                "threads": args.threads,
                "accounts": codes[:2],
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
            for endpoint in ENDPOINTS:
                timed = [r for r in results if r["endpoint"] == endpoint][2:]
                errors = [e for r in timed for e in r["errors"]]
                rps = {}
                for v in VARIANTS:
                    rows = [r for r in timed if r["variant"] == v]
                    rps[v] = sum(r["requests"] for r in rows) / sum(r["seconds"] for r in rows)
                t_rounds = [r["requests"] / r["seconds"] for r in timed if r["variant"] == "tenancy"]
                b_rounds = [r["requests"] / r["seconds"] for r in timed if r["variant"] == "baseline"]
                ratios = [t / b for t, b in zip(t_rounds, b_rounds, strict=True)]
                overhead = rps["baseline"] / rps["tenancy"] - 1  # extra time per request
                summary.append((endpoint, overhead))
                print(
                    f"  {endpoint:<21} {rps['tenancy']:7.1f}/s {rps['baseline']:7.1f}/s  "
                    f"{100 * overhead:+6.1f} %  "
                    + " ".join(f"{x:.2f}" for x in ratios)
                    + (f"  ERRORS {len(errors)}: {sorted(set(errors))}" if errors else "")
                )
            print(
                "  (overhead = baseline req/s / tenancy req/s - 1: the extra time tenancy costs per request)"
            )

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
        finally:
            for server in servers.values():
                server.stop()

        print("\nSummary (target: tenancy costs under 10 %)")
        for endpoint, overhead in summary:
            verdict = "meets" if overhead < 0.10 else "MISSES"
            print(f"  {endpoint:<21} tenancy overhead {100 * overhead:+.1f} % -> {verdict} the target")
    print(f"Total benchmark time: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
