"""Run one company job: inside its company's tenant context, its Job row kept up to date.

The company comes from the Job row, read afresh at each run, never from the worker's last job.
A company that is not active is never entered: archived fails the job, any other status makes
it wait (retried with backoff) until PYLEDGER_JOB_COMPANY_WAIT seconds after it was queued.
"""

from __future__ import annotations

import datetime as dt
import logging
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from common.errors import DomainError, first_line
from common.models import Company, DatabaseServer
from pyledger_project import log_context
from tenants.errors import TenantArchived
from tenants.routing.connections import close_tenant_connections
from tenants.routing.context import tenant_context

from .errors import CompanyWaitExpired
from .files import attach
from .models import Job
from .retry import CompanyNotReady, JobRetry

if TYPE_CHECKING:
    from .registry import JobSpec

logger = logging.getLogger("pyledger.jobs")
M = TypeVar("M", Company, DatabaseServer)

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
    retry: JobRetry

    def is_last_attempt(self, error: BaseException) -> bool:
        """Whether the runner gives up on the job if this run fails with `error` (no retry comes):
        for work that must record its own end, as the runner records the job's."""
        return self.retry.wait_after(error, self.attempt - 1) is None

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


@cache
def _claim_sql() -> str:
    # Column names from the models, no input: nothing here comes from outside.
    company = ", ".join(f"c.{f.column}" for f in Company._meta.concrete_fields)
    server = ", ".join(f"s.{f.column}" for f in DatabaseServer._meta.concrete_fields)
    return f"""
WITH claimed AS (
  UPDATE jobs_job
     SET status = 'running', attempts = %s, started_at = statement_timestamp(), retry_at = NULL
   WHERE id = %s AND status <> 'succeeded'
  RETURNING id, params, created_at, company_id)
SELECT claimed.id, claimed.params, claimed.created_at, {company}, {server}
  FROM claimed JOIN common_company c ON c.id = claimed.company_id
  LEFT JOIN common_databaseserver s ON s.id = c.server_id
"""  # noqa: S608


def _from_row(model: type[M], values: Sequence[Any], connection: BaseDatabaseWrapper) -> M:
    """An instance of `model` from its concrete columns' raw values, converted as the ORM would."""
    fields = model._meta.concrete_fields
    converted = [_convert(field, value, connection) for field, value in zip(fields, values, strict=True)]
    return model.from_db(connection.alias, [f.attname for f in fields], converted)


def _convert(field: Any, value: Any, connection: BaseDatabaseWrapper) -> Any:
    for converter in field.get_db_converters(connection):
        value = converter(value, None, connection)
    return value


def claim(job_id: int, attempt: int) -> Job | None:
    """Mark the Job row running (attempt `attempt`) and read it with its company and server, in one
    statement without the ORM's query building (its read and update took a quarter of a no-op
    job's time, benchmarks/jobs.py). None when the row is gone or has succeeded already."""
    connection = connections["default"]
    with connection.cursor() as cursor:
        cursor.execute(_claim_sql(), [attempt, job_id])
        found = cursor.fetchone()
    if found is None:
        return None
    job_id, params, created_at, *rest = found
    ncompany = len(Company._meta.concrete_fields)
    company = _from_row(Company, rest[:ncompany], connection)
    if company.server_id is not None:
        company.server = _from_row(DatabaseServer, rest[ncompany:], connection)
    params = _convert(Job._meta.get_field("params"), params, connection)
    row = Job(id=job_id, company=company, params=params, created_at=created_at, status=Job.Status.RUNNING)
    row._state.adding, row._state.db = False, "default"
    return row


def run_job(spec: JobSpec, context: Any, *, job_id: int) -> None:
    attempts = context.job.attempts  # earlier runs
    row = claim(job_id, attempts + 1)
    if row is None:
        if not Job.objects.using("default").filter(pk=job_id).exists():
            logger.warning("job %s: no Job row (deleted?); nothing to run", job_id)
        return  # or finished before its worker died: the queue ran it again, the work is done
    with _job_scope(job_id):
        try:
            if row.company.status != Company.Status.ACTIVE:
                raise _refusal(row)
            handle = JobHandle(id=job_id, company=row.company, attempt=attempts + 1, retry=spec.retry)
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
