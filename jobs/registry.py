"""Register company jobs, enqueue them, and fan periodic work out to every active company.

A company job is a plain function `func(job: JobHandle, **params)`: it never takes a company, it
runs inside the tenant context of the company its Job row names (runner.py). Each is a
procrastinate task of the same name whose only argument is the Job row's id.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.db.models import QuerySet
from procrastinate import exceptions as pq_exceptions
from procrastinate import manager
from procrastinate.contrib.django import app
from procrastinate.contrib.django.django_connector import DjangoConnector
from procrastinate.tasks import Task

from common.errors import DomainError
from common.models import Company
from tenants.errors import TenantArchived
from tenants.routing.context import get_company

from .errors import UnknownJob
from .models import Job
from .retry import JobRetry

F = TypeVar("F", bound=Callable[..., Any])


class JobAlreadyQueued(DomainError):
    code = "job_already_queued"
    status_code = 409
    default_message = "The same job is already waiting for this company."


@dataclass(frozen=True)
class JobSpec:
    name: str
    func: Callable[..., Any]
    retry: JobRetry
    task: Task[Any, Any, Any]


_specs: dict[str, JobSpec] = {}
# Defers go through Django's own connection, so a job enqueued inside a transaction on the common
# database is queued when (and only if) that transaction commits. The worker's app uses a pool.
_deferrer = manager.JobManager(DjangoConnector())


def company_job(
    name: str, *, max_attempts: int = 5, backoff: int = 2, queue: str = "default"
) -> Callable[[F], F]:
    """Register `func` as the company job `name`: retried up to `max_attempts` runs in all, the
    n-th retry after backoff * 2**(n-1) seconds (capped at 10 minutes)."""

    def decorate(func: F) -> F:
        from .runner import run_job

        retry = JobRetry(max_attempts=max_attempts, backoff=backoff)

        def run(context: Any, *, job: int) -> None:
            run_job(_specs[name], context, job_id=job)

        run.__name__ = run.__qualname__ = name.replace(".", "_")
        task = app.task(name=name, queue=queue, retry=retry, pass_context=True)(run)
        _specs[name] = JobSpec(name=name, func=func, retry=retry, task=task)
        return func

    return decorate


def job_spec(name: str) -> JobSpec:
    spec = _specs.get(name)
    if spec is None:
        raise UnknownJob(f"No job named '{name}'.")
    return spec


def enqueue(
    name: str,
    *,
    company: str | Company,
    params: dict[str, Any] | None = None,
    requested_by: AbstractBaseUser | AnonymousUser | None = None,
    lock: str | None = None,
) -> Job:
    """Queue the company job `name` for `company` and return its Job row.

    `params` must be JSON (they are stored on the row and passed to the function as keywords).
    `lock`, when given, is a queueing lock: while a job with the same lock waits, another raises
    JobAlreadyQueued. A suspended company's job is queued and waits; an archived one is refused.
    Inside a transaction on the common database the job is queued only if it commits.
    """
    spec = job_spec(name)
    company = get_company(company)
    if company.status == Company.Status.ARCHIVED:
        raise TenantArchived()
    params = params or {}
    json.dumps(params)  # a TypeError here, in the caller, rather than in the worker
    user_id = requested_by.pk if isinstance(requested_by, User) else None  # a lazy request.user too
    try:
        with transaction.atomic(using="default"):
            row = Job.objects.create(company=company, task=name, params=params, requested_by_id=user_id)
            deferrer = spec.task.configure(queueing_lock=lock)
            queued = _deferrer.defer_job(deferrer.make_new_job(job=row.pk))
            row.queue_job_id = queued.id
            row.save(update_fields=["queue_job_id"])
    except pq_exceptions.AlreadyEnqueued as exc:
        raise JobAlreadyQueued() from exc
    return row


def enqueue_for_active_companies(
    name: str, *, params: dict[str, Any] | None = None, among: QuerySet[Company] | None = None
) -> list[Job]:
    """Queue `name` once for every active company (the fan-out of a periodic task), or every active
    one `among` those given. A company whose previous such job still waits is skipped: the lock is
    the job's name and the slug."""
    queued = []
    companies = Company.objects.all() if among is None else among
    for company in companies.using("default").filter(status=Company.Status.ACTIVE).order_by("pk"):
        try:
            queued.append(enqueue(name, company=company, params=params, lock=f"{name}:{company.slug}"))
        except JobAlreadyQueued:
            continue
    return queued


def periodic(name: str, *, cron: str) -> Callable[[Callable[[int], Any]], Callable[[int], Any]]:
    """Run `func(timestamp)` on the `cron` schedule, once across all workers (procrastinate defers
    each tick once). It runs outside any company: fan out with enqueue_for_active_companies."""

    def decorate(func: Callable[[int], Any]) -> Callable[[int], Any]:
        def tick(timestamp: int) -> None:
            func(timestamp)

        tick.__name__ = tick.__qualname__ = name.replace(".", "_")
        app.periodic(cron=cron, periodic_id=name)(app.task(name=name, queue="periodic")(tick))
        return func

    return decorate
