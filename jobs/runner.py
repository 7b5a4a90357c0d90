"""Run one company job: inside its company's tenant context, its Job row kept up to date.

The company comes from the Job row, read afresh at each run, never from the worker's last job.
A company that is not active is never entered: archived fails the job, any other status makes
it wait (retried with backoff) until PYLEDGER_JOB_COMPANY_WAIT seconds after it was queued.
"""

from __future__ import annotations

import datetime as dt
import logging
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from common.errors import DomainError, first_line
from common.models import Company
from pyledger_project import log_context
from tenants.errors import TenantArchived
from tenants.routing.connections import close_tenant_connections
from tenants.routing.context import tenant_context

from .errors import CompanyWaitExpired
from .files import attach
from .models import Job
from .retry import CompanyNotReady

if TYPE_CHECKING:
    from .registry import JobSpec

logger = logging.getLogger("pyledger.jobs")

# The id of the job this thread runs, for log records (None outside a job).
_current_job: ContextVar[int | None] = ContextVar("pyledger_job", default=None)
# The common-database connections job threads keep between jobs, closed when the worker stops.
_kept: weakref.WeakSet[BaseDatabaseWrapper] = weakref.WeakSet()


def current_job_id() -> int | None:
    return _current_job.get()


@dataclass(frozen=True)
class JobHandle:
    """What a job function gets: its id, its attempt (1, 2, ...) and a way to report progress."""

    id: int
    company: Company
    attempt: int

    @property
    def idempotency_key(self) -> str:
        """The same on every attempt: writes keyed on it happen once however often the job runs."""
        return f"job-{self.id}"

    def attach_file(self, filename: str, data: bytes, *, content_type: str, role: str) -> dict[str, Any]:
        """Keep `data` as the job's file, downloadable at jobs/<id>/download/ by members with
        `role` or above (jobs.files); a later attempt's file replaces an earlier one's."""
        return attach(self.id, self.company.pk, filename, data, content_type=content_type, role=role)

    def progress(self, done: int, total: int | None = None) -> None:
        """Record progress on the Job row (the common database, committed at once)."""
        Job.objects.using("default").filter(pk=self.id).update(progress_done=done, progress_total=total)


def _update(job_id: int, **fields: Any) -> None:
    Job.objects.using("default").filter(pk=job_id).update(**fields)


def _refusal(row: Job) -> DomainError:
    """The error for a job whose company is not active: wait, or fail once waited long enough."""
    status = row.company.status
    if status == Company.Status.ARCHIVED:
        return TenantArchived("The company is archived; its jobs do not run.")
    wait_until = row.created_at + dt.timedelta(seconds=settings.PYLEDGER_JOB_COMPANY_WAIT)
    if timezone.now() >= wait_until:
        return CompanyWaitExpired(f"The company stayed {status} until the job stopped waiting.")
    return CompanyNotReady(status, wait_until)


@contextmanager
def _job_scope(job_id: int) -> Iterator[None]:
    token = _current_job.set(job_id)
    log_token = log_context.job_id.set(str(job_id))  # on every log line of the job
    try:
        yield
    finally:
        log_context.job_id.reset(log_token)
        _current_job.reset(token)
        # Worker threads are reused: leave no tenant connection and no broken common one behind.
        close_tenant_connections()
        common = connections["default"]
        if not common.in_atomic_block:  # a caller's transaction (jobs.testing) is not ours to end
            common.close_if_unusable_or_obsolete()
            _kept.add(common)


def close_kept_connections() -> None:
    """Close the common-database connections of job threads (from the worker's own thread)."""
    for wrapper in list(_kept):
        wrapper.inc_thread_sharing()
        try:
            wrapper.close()
        finally:
            wrapper.dec_thread_sharing()
    _kept.clear()


def run_job(spec: JobSpec, context: Any, *, job_id: int) -> None:
    row = Job.objects.using("default").select_related("company", "company__server").filter(pk=job_id).first()
    if row is None:
        logger.warning("job %s: no Job row (deleted?); nothing to run", job_id)
        return
    if row.status == Job.Status.SUCCEEDED:
        return  # finished before its worker died: the queue ran it again, the work is done
    attempts = context.job.attempts  # earlier runs
    _update(
        job_id, status=Job.Status.RUNNING, attempts=attempts + 1, started_at=timezone.now(), retry_at=None
    )
    with _job_scope(job_id):
        try:
            if row.company.status != Company.Status.ACTIVE:
                raise _refusal(row)
            handle = JobHandle(id=job_id, company=row.company, attempt=attempts + 1)
            with tenant_context(row.company):
                result = spec.func(handle, **row.params)
        except BaseException as exc:
            wait = spec.retry.wait_after(exc, attempts)
            code = exc.code if isinstance(exc, DomainError) else "job_error"
            now = timezone.now()
            if wait is None:
                _update(
                    job_id,
                    status=Job.Status.FAILED,
                    error_code=code,
                    error_message=first_line(exc),
                    finished_at=now,
                )
                logger.warning("job %s (%s) failed: %s", job_id, spec.name, first_line(exc))
            else:
                retry_at = now + dt.timedelta(seconds=wait)
                _update(
                    job_id,
                    status=Job.Status.WAITING,
                    error_code=code,
                    error_message=first_line(exc),
                    retry_at=retry_at,
                )
            raise
        _update(
            job_id,
            status=Job.Status.SUCCEEDED,
            result=result,
            error_code="",
            error_message="",
            finished_at=timezone.now(),
        )
