"""Run one action over many tenants: migrate them, or inspect them (plan, check), in parallel.

Inspecting is I/O (survey.py reads every tenant's migrations over threads). A fleet migration in
this process starts with that survey too, so only the tenants that are behind reach
`migrate_company`; worker processes instead check each tenant on the connection that migrates it.
Migrating is CPU-bound Python (Django's migration state), so threads do not help: with
`jobs` > 1 those tenants fan out over worker processes, each with its own database connections.
Nothing open may cross a fork: the parent closes every Django connection before the pool starts,
and a forked worker forgets (never closes: that would end the parent's session) whatever it
inherited. Workers close their tenant connections after each tenant and die with the parent, as do
the pg_dump snapshots they start (tenants/lifetime.py), so a killed run leaves no orphan behind;
its half-migrated tenant was rolled back by PostgreSQL and is finished by running again.

One fleet run at a time: `migrate_fleet` holds the advisory lock `fleet:migrate` on a connection of
its own, so a second run stops at once with FleetBusy; each tenant keeps its `tenant:<slug>` lock.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Literal

from django.db import connections

from common.models import Company

from ..errors import FleetBusy
from ..lifecycle.provisioning import server_label
from ..locks import session_lock
from ..routing.connections import close_tenant_connections
from .fleet_worker import init_worker, work
from .migrate import (
    TenantResult,
    ensure_template,
    error_line,
    migrate_company,
    template_label,
    up_to_date_result,
)
from .rollback import Target, migrate_company_to
from .survey import survey

FLEET_LOCK = "fleet:migrate"
Action = Literal["migrate", "inspect"]
OnResult = Callable[[TenantResult], None]


@dataclass(frozen=True)
class Job:
    """How each tenant of a run is migrated (picklable: workers receive it with each tenant)."""

    snapshot: bool = True  # pg_dump first when the plan is destructive
    # Read the tenant's migrations before taking its lock and stop there when it is up to date,
    # as the survey would (for workers, which get tenants the survey has not seen).
    check_first: bool = False
    target: Target | None = None  # move to this migration instead of the code's head


def run_one(company: Company, job: Job = Job()) -> TenantResult:
    """Migrate one tenant; any error becomes a "failed" result, never an exception."""
    try:
        if job.target is not None:
            return migrate_company_to(company, job.target, snapshot=job.snapshot)
        if job.check_first and (result := up_to_date_result(company)) is not None:
            return result
        return migrate_company(company, snapshot=job.snapshot)
    except Exception as exc:  # reported in the summary, never hidden
        return TenantResult(company.slug, "failed", error_line(exc), server=server_label(company.server))


def start_method() -> str:
    """fork where the platform has it (workers inherit the configured Django), else spawn."""
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def run_fleet(
    companies: Iterable[Company],
    *,
    action: Action,
    jobs: int = 1,
    fail_fast: bool = False,
    job: Job = Job(),
    on_result: OnResult | None = None,
    method: str | None = None,
) -> list[TenantResult]:
    """Run `action` on each company, `jobs` at a time; return the results in the companies' order.

    With `fail_fast`, the first failure stops the run: tenants not started yet are returned as
    "skipped"; the ones already running finish. `job` says how each tenant is migrated.
    """
    companies = list(companies)
    if action == "inspect":
        return survey(companies, on_result=on_result)
    if jobs <= 1 or len(companies) <= 1:
        return _run_here(companies, fail_fast=fail_fast, job=job, on_result=on_result)
    method = method or start_method()
    default_settings = dict(connections["default"].settings_dict) if method != "fork" else None
    connections.close_all()  # nothing open may cross into a worker
    results: dict[str, TenantResult] = {}
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(companies)),
        mp_context=multiprocessing.get_context(method),
        initializer=init_worker,
        initargs=(os.getpid(), default_settings),
    ) as pool:
        futures: dict[Future[TenantResult], Company] = {
            pool.submit(work, company, job): company for company in companies
        }
        stopping = False
        for future in as_completed(futures):
            company = futures[future]
            try:
                result = future.result()
            except CancelledError:
                result = _skipped(company)
            except Exception as exc:  # a worker died (BrokenProcessPool): the tenant's state is unknown
                result = TenantResult(
                    company.slug, "failed", error_line(exc), server=server_label(company.server)
                )
            results[company.slug] = result
            if on_result:
                on_result(result)
            if fail_fast and result.outcome == "failed" and not stopping:
                stopping = True
                for other in futures:
                    other.cancel()
    return [results[c.slug] for c in companies]


def _run_here(
    companies: list[Company], *, fail_fast: bool, job: Job, on_result: OnResult | None
) -> list[TenantResult]:
    results = []
    stopping = False
    for company in companies:
        if stopping:
            result = _skipped(company)
        else:
            try:
                result = run_one(company, job)
            finally:
                close_tenant_connections()
            stopping = fail_fast and result.outcome == "failed"
        results.append(result)
        if on_result:
            on_result(result)
    return results


def _skipped(company: Company) -> TenantResult:
    return TenantResult(
        company.slug, "skipped", "not attempted (--fail-fast)", server=server_label(company.server)
    )


def refresh_templates(
    companies: Iterable[Company], *, on_result: OnResult | None = None
) -> list[TenantResult]:
    """Bring each server's template to head; a server whose template fails is a failed result
    (its tenants are still tried: the template only matters for new companies)."""
    results = []
    for server in {c.server_id: c.server for c in companies}.values():
        try:
            ensure_template(server)
        except Exception as exc:  # reported in the summary, never hidden
            result = TenantResult(
                template_label(server), "failed", error_line(exc), template=True, server=server_label(server)
            )
            results.append(result)
            if on_result:
                on_result(result)
    return results


def migrate_fleet(
    companies: Iterable[Company],
    *,
    jobs: int = 1,
    fail_fast: bool = False,
    snapshot: bool = True,
    to: Target | None = None,
    on_result: OnResult | None = None,
    on_templates_done: Callable[[], None] | None = None,
) -> list[TenantResult]:
    """Migrate the companies under the fleet lock: each server's template first, then the tenants.

    With `to`, move each tenant to that migration instead (a release being rolled back): the
    templates are left alone, and the next run without `to` brings them to the code deployed by
    then. FleetBusy if another fleet run holds the lock. Failures never stop the run unless
    `fail_fast`; they are results.
    """
    companies = list(companies)

    def fan_out(targets: list[Company], job: Job) -> list[TenantResult]:
        return run_fleet(
            targets, action="migrate", jobs=jobs, fail_fast=fail_fast, job=job, on_result=on_result
        )

    with session_lock(FLEET_LOCK, busy=FleetBusy):
        if to is not None:
            return fan_out(companies, Job(snapshot, target=to))
        results = refresh_templates(companies, on_result=on_result)
        if on_templates_done:
            on_templates_done()
        if fail_fast and results:  # a template failed: stop before the tenants
            skipped = [_skipped(c) for c in companies]
            for result in skipped:
                if on_result:
                    on_result(result)
            return results + skipped
        if jobs > 1:
            # The workers read each tenant's migrations on the connection that migrates it: a
            # survey first would open a second session on every tenant that is behind, and
            # the workers check up-to-date tenants about as fast as its threads.
            return results + fan_out(companies, Job(snapshot, check_first=True))
        # Up-to-date tenants are done after the survey; the rest (behind, or unreadable: they
        # fail again with the real error) are migrated under their own lock.
        surveyed = survey(companies)
        done = {r.slug: r for r in surveyed if r.outcome == "up-to-date"}
        if on_result:
            for result in done.values():
                on_result(result)
        behind = [c for c in companies if c.slug not in done]
        done.update((r.slug, r) for r in fan_out(behind, Job(snapshot)))
    return results + [done[c.slug] for c in companies]
