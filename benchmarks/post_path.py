"""CPU per POST journal-entries through the whole Django stack, in process, beside the posting
service alone, and what each of a few pieces of the request path costs.

    .venv/bin/python -m benchmarks.post_path [--requests 300] [--rounds 6]

No server and no load generator: the project's WSGI application (pyledger_project.wsgi, the one
gunicorn serves: input guard, health, observability with its request log line and metrics,
sessions, CSRF, authentication, tenancy, DRF with knox token authentication) is called in a loop
in this one thread, as a WSGI server would call it, with an acme owner's token, a balanced 2-line
posted entry and a fresh Idempotency-Key per request; CONN_MAX_AGE=60, DEBUG off, the registry
and reference-data caches at their production default (5 s); request log lines go to a discarded
stream, as in benchmarks.api_load. The service side calls journal_entry_create(post=True) with the
same entry inside acme's tenant context.

Rows, in rounds alternated (ABBA) so that drift hits them alike, medians of process CPU per
request (time.process_time, this process only: PostgreSQL's work is not in it):
- `http`: the whole stack; `service`: the posting service alone;
- attribution, each with one piece switched off for its rounds only (never a way to run):
  `http, no registry revalidation` (the one common-database query per request that sees another
  process's change to members or companies), `http, no request log line`, `http, no request log
  line or metrics`.

Printed, never asserted. Databases: benchmarks._setup (bench_post_path_*), dropped at the end.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import date
from typing import Any

from benchmarks._setup import bench_databases, configure, print_header

PATH = "/t/acme/api/v1/journal-entries/"
DAY = date(2025, 6, 15)


@contextmanager
def _patched(target: Any, name: str, value: Any) -> Any:
    saved = getattr(target, name)
    setattr(target, name, value)
    try:
        yield
    finally:
        setattr(target, name, saved)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=300, help="requests per round (default 300)")
    parser.add_argument("--rounds", type=int, default=6, help="rounds per row (default 6)")
    args = parser.parse_args()
    os.environ["CONN_MAX_AGE"] = "60"
    os.environ["DJANGO_DEBUG"] = "0"
    configure("post_path")
    with bench_databases():
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from knox.models import AuthToken

        from benchmarks import _ledger_setup as lsetup
        from common.models import Membership
        from ledger.actor import Actor
        from ledger.services.entries import journal_entry_create
        from pyledger_project import observability
        from tenants.lifecycle.services import tenant_bootstrap
        from tenants.routing import middleware
        from tenants.routing.context import tenant_context

        settings.PYLEDGER_REGISTRY_CACHE_SECONDS = 5.0
        settings.PYLEDGER_LEDGER_CACHE_SECONDS = 5.0
        print_header("CPU per POST journal-entries: the whole stack in process vs the service")
        company = tenant_bootstrap(slug="acme", base_currency=lsetup.CURRENCY).company
        user = get_user_model().objects.create_user("bench-owner")
        Membership.objects.create(user=user, company=company, role=Membership.Role.OWNER)
        _, token = AuthToken.objects.create(user)
        with tenant_context(company):
            debit, credit = lsetup.books().codes[:2]
        lines = [{"account": debit, "debit": "12.34"}, {"account": credit, "credit": "12.34"}]
        body = json.dumps(
            {"date": DAY.isoformat(), "status": "posted", "memo": "load", "lines": lines}
        ).encode()

        from pyledger_project.wsgi import application

        for handler in logging.getLogger().handlers:  # as the load benchmark's servers: discarded
            if isinstance(handler, logging.StreamHandler):
                handler.setStream(open(os.devnull, "w"))  # noqa: SIM115  (for the process's life)
        statuses: dict[str, int] = {}

        def start_response(status: str, headers: Any, exc_info: Any = None) -> None:
            statuses[status] = statuses.get(status, 0) + 1

        def environ() -> dict[str, Any]:
            return {
                "REQUEST_METHOD": "POST", "PATH_INFO": PATH, "SCRIPT_NAME": "", "QUERY_STRING": "",
                "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
                "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1:8000", "HTTP_ACCEPT": "application/json",
                "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)),
                "HTTP_AUTHORIZATION": f"Token {token}", "HTTP_IDEMPOTENCY_KEY": uuid.uuid4().hex,
                "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
                "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False,
                "wsgi.version": (1, 0),
            }  # fmt: skip

        def http() -> None:
            result = application(environ(), start_response)
            for _chunk in result:
                pass
            result.close()

        actor = Actor.from_user(user)

        def service() -> None:
            with tenant_context(company):
                journal_entry_create(
                    date=DAY,
                    lines=lines,
                    actor=actor,
                    memo="load",
                    post=True,
                    idempotency_key=uuid.uuid4().hex,
                )

        request_log = logging.getLogger("pyledger.request")
        rows: dict[str, tuple[Callable[[], None], Callable[[], AbstractContextManager[Any]]]] = {
            "http": (http, nullcontext),
            "service": (service, nullcontext),
            "http, no registry revalidation": (
                http,
                lambda: _patched(middleware, "revalidate", lambda: None),
            ),
            "http, no request log line": (http, lambda: _patched(request_log, "disabled", True)),
            "http, no request log line or metrics": (
                http,
                lambda: _patched(observability, "_record", lambda *args, **kwargs: None),
            ),
        }
        for call, _ in rows.values():  # warm-up
            for _ in range(100):
                call()
        samples: dict[str, list[float]] = {name: [] for name in rows}
        for r in range(args.rounds):
            for name in list(rows) if r % 2 == 0 else list(rows)[::-1]:
                call, switch = rows[name]
                with switch():
                    started = time.process_time()
                    for _ in range(args.requests):
                        call()
                    samples[name].append((time.process_time() - started) / args.requests * 1000)
        if set(statuses) != {"201 Created"}:
            raise SystemExit(f"unexpected answers: {statuses}")
        print(f"  {args.rounds} rounds x {args.requests} requests per row, alternated; CPU of this process\n")
        http_ms, service_ms = statistics.median(samples["http"]), statistics.median(samples["service"])
        for name, values in samples.items():
            median = statistics.median(values)
            delta = f"  ({median - http_ms:+.3f} against http)" if name.startswith("http,") else ""
            print(f"  {name:<38} {median:6.3f} ms{delta}   rounds {' '.join(f'{v:.3f}' for v in values)}")
        print(f"\n  http / service: {http_ms / service_ms:.2f}x; the request path around the service: "
              f"{http_ms - service_ms:.3f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
