"""Liveness and readiness for load balancers and orchestrators: `/healthz` and `/readyz`.

- `/healthz`: the process answers. No database, no session, no host check (a container's health
  check calls it as `localhost`, which ALLOWED_HOSTS need not list).
- `/readyz`: it can serve: every registered check passes. Built in: the common database answers
  and has no unapplied migration (that answer kept PYLEDGER_READY_MIGRATIONS_SECONDS, so polling
  every second costs one `SELECT 1`). Other apps add theirs from `AppConfig.ready()`:

      from pyledger_project.health import register_check
      register_check("jobs", jobs_queue_reachable)   # returns None when fine, else one line

The answer is 200 `{"status": "ok", "checks": {...}}`, or 503 in the project's error shape
(`not_ready`) with every check's line under `checks`. A check that raises counts as failed with
its exception's class name only: messages of drivers may carry hosts or values.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, sync_to_async
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.decorators import sync_and_async_middleware

Check = Callable[[], str | None]
_checks: dict[str, Check] = {}


def register_check(name: str, check: Check) -> None:
    """Add (or replace) readiness check `name`: `check()` returns None when ready, else why not."""
    _checks[name] = check


def registered_checks() -> dict[str, Check]:
    return dict(_checks)


def database() -> str | None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return None


class _Migrations:
    """The common database's unapplied migrations, asked at most every PYLEDGER_READY_MIGRATIONS_SECONDS."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.checked_at = -float("inf")
        self.answer: str | None = None

    def __call__(self) -> str | None:
        ttl = float(getattr(settings, "PYLEDGER_READY_MIGRATIONS_SECONDS", 30))
        with self.lock:
            if time.monotonic() - self.checked_at < ttl:
                return self.answer
            executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
            self.answer = f"{len(plan)} unapplied migrations" if plan else None
            self.checked_at = time.monotonic()
            return self.answer

    def forget(self) -> None:
        with self.lock:
            self.checked_at = -float("inf")


migrations = _Migrations()
register_check("database", database)
register_check("migrations", migrations)


def run_checks() -> dict[str, str]:
    """Every check's result ("ok" or its problem); stops at none, a failed database fails the rest."""
    results = {}
    for name, check in registered_checks().items():
        try:
            results[name] = check() or "ok"
        except Exception as exc:
            results[name] = f"failed: {type(exc).__name__}"
    return results


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    results = run_checks()
    failed = sorted(name for name, result in results.items() if result != "ok")
    if not failed:
        return JsonResponse({"status": "ok", "checks": results})
    body: dict[str, Any] = {
        "code": "not_ready",
        "message": f"Not ready: {', '.join(failed)}.",
        "fields": {},
        "checks": results,
    }
    return JsonResponse(body, status=503)


PROBES = {"/healthz": healthz, "/readyz": readyz}


@sync_and_async_middleware
def health_middleware(get_response: Callable[[HttpRequest], Any]) -> Callable[[HttpRequest], Any]:
    """Answer the probes before the host check, sessions, authentication and tenancy. Under ASGI
    it stays async, so that it never serialises other requests through one thread."""

    def answer(request: HttpRequest) -> HttpResponse | None:
        probe = PROBES.get(request.path_info)
        if probe is None or request.method not in ("GET", "HEAD"):
            return None
        response = probe(request)
        response["Cache-Control"] = "no-store"
        return response

    if iscoroutinefunction(get_response):

        async def middleware_async(request: HttpRequest) -> Any:
            if request.path_info in PROBES:
                response = await sync_to_async(answer)(request)
                if response is not None:
                    return response
            return await get_response(request)

        return middleware_async

    def middleware(request: HttpRequest) -> Any:
        response = answer(request) if request.path_info in PROBES else None
        return response if response is not None else get_response(request)

    return middleware
