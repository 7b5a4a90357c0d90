"""How long writes keep landing after `suspend_tenant` returns, and how long it takes.

    .venv/bin/python -m benchmarks.suspend_latency [--rounds 5] [--threads 4] [--after 1.5]

A server process runs the project's WSGI application (Django's threaded server, as in
benchmarks.api_load) with production caches: the registry cache at 5 s and CONN_MAX_AGE=60, so
it holds the company's status and its database sessions the way a busy web process does. A poster
process sends POST journal-entries from `--threads` keep-alive connections back to back. Each
round, with writes flowing, this process runs `manage.py suspend_tenant` (call_command) and
notes the wall-clock time it returned; the posters go on for `--after` seconds, then the company
is reactivated for the next round.

Per round it prints:
- suspend: how long the command took;
- last accepted: the last `201` response's arrival relative to the return (negative: before);
  a response can arrive a little after a write committed before the return;
- committed after: entries in the database read the moment the command returned, against the
  count `--after` seconds later (the figure that matters; target 0);
- the answers the refused writes got (codes), and any 5xx (target none).

Databases: benchmarks._setup (bench_susp_*), embedded PostgreSQL in var/bench-susp-pg
(PYLEDGER_BENCH_PGDATA overrides; TEST_DATABASE_URL to use another server), dropped at the end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

SLUG = "lat"
PATH = f"/t/{SLUG}/api/v1/journal-entries/"
PROJECT_DIR = Path(__file__).resolve().parent.parent


def serve() -> None:
    """Run the server on a free port; print `ready <port>` when listening."""
    import logging
    import socketserver
    import warnings

    from benchmarks._setup import configure

    warnings.filterwarnings("ignore", message="No directory at")
    configure("susp")
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer

    settings.PYLEDGER_REGISTRY_CACHE_SECONDS = 5.0  # production defaults (the test settings
    settings.PYLEDGER_LEDGER_CACHE_SECONDS = 5.0  # switch both caches off)
    logging.getLogger("django.server").setLevel(logging.ERROR)
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # 503s are expected here
    server_cls = type("Threaded", (socketserver.ThreadingMixIn, WSGIServer), {"daemon_threads": True})
    httpd = server_cls(("127.0.0.1", 0), WSGIRequestHandler, ipv6=False)
    httpd.set_app(WSGIHandler())
    print(f"ready {httpd.server_address[1]}", flush=True)
    httpd.serve_forever()


def post_loop(port: int, token: str, accounts: list[str], threads: int, stop: Any, out: Any) -> None:
    """The poster process: `threads` connections posting until `stop` is set; then send back
    (arrival wall-clock time, HTTP status, error code) of every answer."""
    answers: list[tuple[float, int, str]] = []
    lock = threading.Lock()

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        while not stop.is_set():
            body = entry_body(accounts)
            try:
                conn.request("POST", PATH, body, {**headers, "Idempotency-Key": uuid.uuid4().hex})
                response = conn.getresponse()
                payload = response.read()
                arrived = time.time()
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            code = ""
            if response.status != 201:
                try:
                    code = json.loads(payload).get("code", "")
                except ValueError:
                    code = payload[:40].decode(errors="replace")
            with lock:
                answers.append((arrived, response.status, code))

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    out.put(answers)


def entry_body(accounts: list[str]) -> str:
    debit, credit = accounts
    lines = [{"account": debit, "debit": "1.00"}, {"account": credit, "credit": "1.00"}]
    return json.dumps({"date": "2025-06-15", "status": "posted", "memo": "race", "lines": lines})


def warm_up(port: int, token: str, accounts: list[str], n: int = 10) -> None:
    """A few posts before the rounds, so the first round does not time a cold server."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    for _ in range(n):
        conn.request("POST", PATH, entry_body(accounts), {**headers, "Idempotency-Key": uuid.uuid4().hex})
        response = conn.getresponse()
        response.read()
        if response.status != 201:
            raise SystemExit(f"warm-up post answered {response.status}")
    conn.close()


def count_entries(conninfo: dict[str, Any]) -> int:
    import psycopg

    with psycopg.connect(**conninfo, autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM ledger_journalentry").fetchone()
    assert row is not None
    return int(row[0])


def one_round(
    args: argparse.Namespace, port: int, token: str, accounts: list[str], conninfo: dict[str, Any]
) -> dict[str, Any]:
    """Start the posters, suspend while they post, let them go on, and sum up what got through."""
    from django.core.management import call_command

    spawn = multiprocessing.get_context("spawn")
    stop, out = spawn.Event(), spawn.Queue()
    poster = spawn.Process(target=post_loop, args=(port, token, accounts, args.threads, stop, out))
    poster.start()
    time.sleep(args.warm)
    started = time.time()
    with open(os.devnull, "w") as quiet:
        call_command("suspend_tenant", SLUG, stdout=quiet)
    returned = time.time()
    at_return = count_entries(conninfo)
    time.sleep(args.after)
    stop.set()
    answers: list[tuple[float, int, str]] = out.get(timeout=60)
    poster.join(30)
    accepted = [t for t, status, _ in answers if status == 201]
    return {
        "took": returned - started,
        "last": (max(accepted) - returned) * 1000 if accepted else float("nan"),
        "accepted": len(accepted),
        "late_201": sum(1 for t in accepted if t > returned),
        "committed_after": count_entries(conninfo) - at_return,
        "refusals": Counter(f"{s} {c}" for t, s, c in answers if s != 201 and t > started),
        "5xx": sum(1 for _, s, _ in answers if s >= 500 and s != 503),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=4, help="posting connections")
    parser.add_argument("--warm", type=float, default=2.0, help="seconds of posting before suspending")
    parser.add_argument("--after", type=float, default=1.5, help="seconds of posting after it returned")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve()
        return

    os.environ.setdefault("PYLEDGER_BENCH_PGDATA", str(PROJECT_DIR / "var" / "bench-susp-pg"))
    from benchmarks._setup import bench_databases, configure, database_url, print_header

    configure("susp")
    with bench_databases():
        from django.contrib.auth import get_user_model
        from knox.models import AuthToken

        from benchmarks import _ledger_setup as lsetup
        from common.models import Membership
        from tenants.lifecycle.services import tenant_bootstrap, tenant_reactivate
        from tenants.routing.context import tenant_context

        print_header("Suspension: writes accepted after suspend_tenant returns")
        company = tenant_bootstrap(slug=SLUG, base_currency=lsetup.CURRENCY).company
        user = get_user_model().objects.create_user("bench-owner")
        Membership.objects.create(user=user, company=company, role=Membership.Role.OWNER)
        _, token = AuthToken.objects.create(user)
        with tenant_context(company):
            accounts = list(lsetup.books().codes[:2])
        conninfo = lsetup.raw_conninfo(company)
        env = {**os.environ, "TEST_DATABASE_URL": database_url(), "CONN_MAX_AGE": "60", "DJANGO_DEBUG": "0"}
        server = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.suspend_latency", "--serve"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stdout is not None
            line = server.stdout.readline().split()
            if not line or line[0] != "ready":
                raise SystemExit("The server did not start.")
            port = int(line[1])
            print(
                f"  server: threaded WSGI, registry cache 5 s, CONN_MAX_AGE=60; posters: {args.threads} "
                f"keep-alive connections in another process; {args.rounds} rounds\n"
            )
            header = f"{'round':>5} {'suspend':>9} {'last 201':>10} {'201 after':>9} {'committed after':>15}"
            print(f"  {header}  refusals")
            warm_up(port, token, accounts)
            totals = {"committed_after": 0, "late_201": 0, "5xx": 0}
            durations: list[float] = []
            for number in range(1, args.rounds + 1):
                tenant_reactivate(company=SLUG)
                row = one_round(args, port, token, accounts, conninfo)
                durations.append(row["took"])
                for key in totals:
                    totals[key] += row[key]
                shown = ", ".join(f"{k} x{v}" for k, v in row["refusals"].most_common())
                print(
                    f"  {number:>5} {row['took'] * 1000:>7.1f}ms {row['last']:>+8.1f}ms {row['late_201']:>9} "
                    f"{row['committed_after']:>15}  {row['accepted']} accepted; {shown}",
                    flush=True,
                )
            durations.sort()
            print(
                f"\n  suspend_tenant took {durations[len(durations) // 2] * 1000:.1f} ms (median; "
                f"min {durations[0] * 1000:.1f}, max {durations[-1] * 1000:.1f}); entries committed "
                f"after it returned: {totals['committed_after']}; 201s arriving after it returned: "
                f"{totals['late_201']}; 5xx other than 503: {totals['5xx']}"
            )
        finally:
            server.terminate()
            server.wait(10)
            tenant_reactivate(company=SLUG)


if __name__ == "__main__":
    main()
