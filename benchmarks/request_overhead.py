"""Per-request cost of tenancy: GET /t/acme/api/v1/accounts/ with and without it, in one run.

    .venv/bin/python -m benchmarks.request_overhead [--requests 2000] [--rounds 8]
                                                    [--conn-max-age 0,60]

Both sides are the full WSGI stack (Django's WSGIHandler called directly, as a WSGI server
would, without the test client's extras), the same logged-in member's session cookie, the same
URL shape and the same rows from the same database (acme's):
- tenancy:  the project's MIDDLEWARE and URLconf; TenantMiddleware resolves `acme` from the path,
            checks the membership, activates the company; the router sends the query to acme;
- baseline: MIDDLEWARE without TenantMiddleware and a view running the endpoint's own selector
            with acme's tenant prepared once and set directly (benchmarks/_baseline.py);
  With the project's registry cache (PYLEDGER_REGISTRY_CACHE_SECONDS, 5 s by default) on;
- "tenancy, no cache": the same with the registry cache switched off (two common-DB queries
            more per request), to show what the cache buys.

Requests run in alternating rounds (ABBA order) so drift hits both sides alike. Printed, never
asserted: req/s of each side, the overhead ratio (target: under 10 %), per CONN_MAX_AGE given
(the same value on every alias, so connection set-up costs both sides alike), plus a breakdown of
the tenancy steps called on their own.
"""

from __future__ import annotations

import argparse
import gc
import io
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from benchmarks._setup import bench_databases, configure, fmt_seconds, print_header

TENANT_MIDDLEWARE = "tenants.routing.middleware.TenantMiddleware"
SLUG = "acme"
PATH = f"/t/{SLUG}/api/v1/accounts/"


def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
    return None


def make_environ(path: str, cookie: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "testserver",
        "HTTP_ACCEPT": "application/json",
        "HTTP_COOKIE": cookie,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def call(handler: Callable[..., Any], base: dict[str, Any], capture: list[str] | None = None) -> bytes:
    environ = dict(base)
    environ["wsgi.input"] = io.BytesIO(b"")

    def respond(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        if capture is not None:
            capture.append(status)

    response = handler(environ, respond if capture is not None else start_response)
    try:
        return b"".join(response)
    finally:
        response.close()  # request_finished: closes connections past CONN_MAX_AGE, as servers do


def loop(handler: Callable[..., Any], base: dict[str, Any], n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        environ = dict(base)
        environ["wsgi.input"] = io.BytesIO(b"")
        response = handler(environ, start_response)
        for _chunk in response:
            pass
        response.close()
    return time.perf_counter() - start


def set_conn_max_age(value: int | None, aliases: Iterable[str]) -> None:
    from django.db import connections

    for alias in aliases:
        connections.settings[alias]["CONN_MAX_AGE"] = value
    connections.close_all()


def count_queries(handler: Callable[..., Any], base: dict[str, Any], aliases: list[str]) -> Counter[str]:
    from django.db import connections

    counts: Counter[str] = Counter()

    def counter(alias: str) -> Callable[..., Any]:
        def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
            counts[alias] += 1
            return execute(sql, params, many, context)

        return wrapper

    wrappers = [(connections[a], counter(a)) for a in aliases]
    for conn, w in wrappers:
        conn.execute_wrappers.append(w)
    try:
        call(handler, base)
    finally:
        for conn, w in wrappers:
            conn.execute_wrappers.remove(w)
    return counts


def count_round_trips(
    handler: Callable[..., Any], base: dict[str, Any], aliases: list[str]
) -> dict[str, int]:
    """Round trips of one request on kept connections, from libpq's protocol trace (each ends
    with the server's ReadyForQuery): unlike the query log, it sees Django's health check too."""
    import tempfile
    from contextlib import ExitStack

    from django.db import connections
    from psycopg import pq

    with ExitStack() as stack:
        traces = []
        for alias in aliases:
            connections[alias].ensure_connection()
            pgconn = connections[alias].connection.pgconn
            trace = stack.enter_context(tempfile.TemporaryFile())
            pgconn.trace(trace.fileno())
            stack.callback(pgconn.untrace)
            pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
            traces.append((alias, pgconn, trace))
        call(handler, base)
        counts = {}
        for alias, pgconn, trace in traces:
            pgconn.untrace()  # flushes libpq's buffered trace
            trace.seek(0)
            counts[alias] = trace.read().decode(errors="replace").count("ReadyForQuery")
    return counts


def per_call(func: Callable[[], Any], n: int) -> float:
    func()
    start = time.perf_counter()
    for _ in range(n):
        func()
    return (time.perf_counter() - start) / n


def breakdown(company: Any, user: Any, n: int = 2000) -> None:
    """Each tenancy step alone, connections kept open (no request cycle)."""
    from django.db import connections
    from django.test import RequestFactory

    from benchmarks import _baseline
    from tenants.routing.access import membership_role
    from tenants.routing.connections import database_settings, server_settings
    from tenants.routing.context import tenant_context
    from tenants.routing.resolver import resolve

    request = RequestFactory().get(PATH)

    def enter_exit() -> None:
        with tenant_context(company):
            pass

    def select_1() -> None:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    def reconnect() -> None:
        conn = connections["default"]
        conn.close()
        conn.ensure_connection()

    rows = [
        ("resolver.resolve(request)  [1 query, default]", per_call(lambda: resolve(request), n)),
        (
            "access.membership_role(user, company)  [1 query]",
            per_call(lambda: membership_role(user, company), n),
        ),
        ("with tenant_context(company): pass  [no query]", per_call(enter_exit, n)),
        ("  of which connections.database_settings()", per_call(lambda: database_settings("x", None), n)),
        ("  of which its copy.deepcopy(default settings)", per_call(lambda: server_settings(None), n)),
        ("for scale: the view's own query (_baseline.accounts)", per_call(_baseline.accounts, n)),
        ("for scale: SELECT 1 through a Django cursor", per_call(select_1, n)),
        ("for scale: a new connection (close + connect)", per_call(reconnect, n // 10)),
    ]
    print("  Tenancy steps called alone (mean per call, connections already open):")
    for label, seconds in rows:
        print(f"    {label:<52} {fmt_seconds(seconds)}")


@dataclass
class Variant:
    handler: Callable[..., Any]
    # Entered around each round (not each request): a what-if patch, or nothing.
    around: Callable[[], AbstractContextManager[Any]] = nullcontext


def measure(
    variants: dict[str, Variant], base: dict[str, Any], requests: int, rounds: int, warmup: int
) -> Any:
    per_round = max(1, requests // rounds)
    for v in variants.values():
        with v.around():
            loop(v.handler, base, warmup)
    times: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for r in range(rounds):
        k = r % len(names)
        order = names[k:] + names[:k]  # every side goes first in turn, forwards then backwards
        if (r // len(names)) % 2:
            order.reverse()
        for name in order:
            gc.collect()
            with variants[name].around():
                times[name].append(loop(variants[name].handler, base, per_round))
    return per_round, times


def report(per_round: int, times: dict[str, list[float]]) -> dict[str, float]:
    n, baseline = per_round, times["baseline"]
    for name, samples in times.items():
        total = sum(samples)
        rps = n * len(samples) / total
        rounds = " ".join(f"{n / t:5.0f}" for t in samples)
        print(f"    {name:<16} {rps:6.0f} req/s  mean {fmt_seconds(total / (n * len(samples)))}/req")
        print(f"    {'':<16} rounds (req/s): {rounds}")
    overheads = {}
    for name, samples in times.items():
        if name == "baseline":
            continue
        ratios = [t / b for t, b in zip(samples, baseline, strict=True)]
        overall = sum(samples) / sum(baseline)
        extra = (sum(samples) - sum(baseline)) / (n * len(samples))
        verdict = "meets" if overall < 1.10 else "MISSES"
        print(
            f"    {name} vs baseline: {100 * (overall - 1):+.1f} % (totals; median of per-round ratios "
            f"{100 * (statistics.median(ratios) - 1):+.1f} %, range {100 * (min(ratios) - 1):+.1f} .. "
            f"{100 * (max(ratios) - 1):+.1f} %), {fmt_seconds(extra).strip()} extra per request "
            f"-> {verdict} the < 10 % target"
        )
        overheads[name] = overall
    return overheads


@contextmanager
def registry_cache(seconds: float) -> Iterator[None]:
    """Run with the registry cache set to `seconds` (0 switches it off)."""
    from django.test import override_settings

    from tenants.routing import registry_cache as cache

    cache.clear()
    with override_settings(PYLEDGER_REGISTRY_CACHE_SECONDS=seconds):
        yield
    cache.clear()


def cache_on() -> Any:
    return registry_cache(5.0)


def cache_off() -> Any:
    return registry_cache(0.0)


def parse_ages(text: str) -> list[int | None]:
    return [None if part.strip().lower() == "none" else int(part) for part in text.split(",")]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--requests", type=int, default=2000, help="timed requests per variant (default 2000)"
    )
    parser.add_argument("--rounds", type=int, default=8, help="alternating rounds (default 8)")
    parser.add_argument("--warmup", type=int, default=100, help="untimed requests per variant first")
    parser.add_argument(
        "--conn-max-age", default="0,60", help="comma-separated CONN_MAX_AGE values (default 0,60; 'none')"
    )
    args = parser.parse_args()

    configure("req")
    started = time.perf_counter()
    with bench_databases():
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.core.handlers.wsgi import WSGIHandler
        from django.test import Client, override_settings

        from benchmarks import _baseline
        from common.models import Membership
        from ledger.models import Account
        from tenants.errors import NoTenantActive
        from tenants.lifecycle.services import tenant_bootstrap
        from tenants.routing.connections import alias_for
        from tenants.routing.context import ActiveTenant

        print_header("Per-request tenancy overhead benchmark")

        company = tenant_bootstrap(slug=SLUG).company
        alias = alias_for(SLUG)
        assert alias == _baseline.ALIAS, (alias, _baseline.ALIAS)
        _baseline.TENANT = ActiveTenant(company_id=company.pk, slug=company.slug, alias=alias)
        user = get_user_model().objects.create_user("bench-member")
        Membership.objects.create(user=user, company=company, role=Membership.Role.VIEWER)
        client = Client()
        client.force_login(user)
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        base = make_environ(PATH, cookie)

        # The baseline needs no resolution: with no tenant active a routed query raises, and the
        # baseline's view answers all the same from the tenant it was handed.
        try:
            Account.objects.count()
        except NoTenantActive:
            pass
        else:
            raise SystemExit("Expected NoTenantActive outside a tenant: the router changed.")
        rows = len(_baseline.accounts())
        print(f"  baseline outside any tenant: {rows} rows from {alias!r}, nothing resolved")

        class BaselineHandler(WSGIHandler):
            def get_response(self, request: Any) -> Any:
                request.urlconf = "benchmarks._baseline"
                return super().get_response(request)

        tenancy = WSGIHandler()
        without = [m for m in settings.MIDDLEWARE if m != TENANT_MIDDLEWARE]
        assert len(without) == len(settings.MIDDLEWARE) - 1, "TenantMiddleware not in MIDDLEWARE"
        with override_settings(MIDDLEWARE=without):
            baseline = BaselineHandler()
        handlers: dict[str, Callable[..., Any]] = {"baseline": baseline, "tenancy": tenancy}
        variants = {
            "baseline": Variant(baseline),
            "tenancy": Variant(tenancy, cache_on),
            "tenancy, no cache": Variant(tenancy, cache_off),
        }

        statuses: list[str] = []
        with cache_on():
            bodies = {name: call(h, base, statuses) for name, h in handlers.items()}
        if statuses != ["200 OK", "200 OK"] or bodies["tenancy"] != bodies["baseline"]:
            raise SystemExit(f"The two sides answer differently: {statuses} {bodies}")
        aliases = ["default", alias]
        with cache_off():
            bodies["tenancy, no cache"] = call(tenancy, base, statuses)
        if statuses[-1] != "200 OK" or bodies["tenancy, no cache"] != bodies["baseline"]:
            raise SystemExit(f"The uncached variant answers differently: {statuses} {bodies}")
        for name, v in variants.items():
            with v.around():
                call(v.handler, base)  # warm: the registry cache starts empty in each variant
                counts = count_queries(v.handler, base, aliases)
            print(f"  queries per request, {name:<16}: " + ", ".join(f"{a} {counts[a]}" for a in aliases))
        set_conn_max_age(60, aliases)  # kept connections, each checked at the request's first query
        for name, v in variants.items():
            with v.around():
                call(v.handler, base)
                trips = count_round_trips(v.handler, base, aliases)
            print(f"  round trips per request, kept connections, {name:<16}: " + ", ".join(
                f"{a} {trips[a]}" for a in aliases))  # fmt: skip
        set_conn_max_age(0, aliases)
        print(f"  GET {PATH}: 200, {len(bodies['tenancy'])} bytes, identical on every side")
        print(
            f"  DEBUG={settings.DEBUG}; {args.requests} timed requests per variant in {args.rounds} rounds\n"
        )

        summary = []
        for age in parse_ages(args.conn_max_age):
            set_conn_max_age(age, aliases)
            print(f"  CONN_MAX_AGE={age} (default and {alias}), CONN_HEALTH_CHECKS=True:")
            per_round, times = measure(variants, base, args.requests, args.rounds, args.warmup)
            summary.append((age, report(per_round, times)))
            print()
        set_conn_max_age(0, aliases)

        breakdown(company, user)
        print("\nSummary")
        for age, overheads in summary:
            for name, ratio in overheads.items():
                print(
                    f"  CONN_MAX_AGE={age!s:<5} {name + '/baseline':<25} time ratio {ratio:.3f} "
                    f"({100 * (ratio - 1):+.1f} %)"
                )
    print(f"Total benchmark time: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
