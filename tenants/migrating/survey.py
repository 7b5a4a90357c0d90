"""Read every tenant's applied migrations at once: the fast path of a fleet run.

Whether a tenant is up to date is one connection and two short queries; the time goes to
connection set-up and round trips, not to Python, so threads overlap it well (a process pool would
cost more to start than it saves). Plain psycopg connections, opened and closed per tenant, keep
Django's per-thread connections (and their cap) out of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg
from django.conf import settings

from common.models import Company

from ..lifecycle.provisioning import conninfo, server_label
from .migrate import Migration, TenantResult, error_line, inspected

THREADS = 8  # enough to hide the round trips; each is one short-lived session on the server


def read_applied(params: dict[str, Any]) -> frozenset[Migration]:
    """The tenant apps' migrations recorded in one database (empty when it has no table yet).

    One plain query, filtered here: on a new session each catalog lookup (to_regclass, ANY's
    operator) costs the server more than reading the few rows.
    """
    tenant_apps = set(settings.PYLEDGER_TENANT_APPS)
    with psycopg.connect(**params, autocommit=True) as conn:
        try:
            rows = conn.execute("SELECT app, name FROM django_migrations").fetchall()
        except psycopg.errors.UndefinedTable:
            return frozenset()
    return frozenset((app, name) for app, name in rows if app in tenant_apps)


def survey(
    companies: Iterable[Company],
    *,
    threads: int = THREADS,
    on_result: Callable[[TenantResult], None] | None = None,
) -> list[TenantResult]:
    """Each company's migration state, in the companies' order: "up-to-date", "pending" (with
    the plan) or "failed" (its database could not be read). Changes nothing, takes no lock."""
    companies = list(companies)
    servers: dict[int | None, dict[str, Any]] = {}
    for company in companies:
        if company.server_id not in servers:
            servers[company.server_id] = conninfo(company.server)

    def one(company: Company) -> TenantResult:
        params = {**servers[company.server_id], "dbname": company.db_name}
        try:
            return inspected(company, read_applied(params))
        except Exception as exc:  # a row of the report, not a crash
            return TenantResult(company.slug, "failed", error_line(exc), server=server_label(company.server))

    results = []
    with ThreadPoolExecutor(max_workers=max(1, min(threads, len(companies)))) as pool:
        for result in pool.map(one, companies):  # in order; reported from this thread only
            results.append(result)
            if on_result:
                on_result(result)
    return results
