"""When a failed job runs again: exponential backoff, no retry for a refusal that cannot change."""

from __future__ import annotations

import datetime as dt

import attr
from procrastinate.jobs import Job as QueueJob
from procrastinate.retry import BaseRetryStrategy, RetryDecision

from common.errors import DomainError
from tenants.errors import ServerUnavailable, TenantBusy, TenantMaintenance, TenantReadOnly, TenantSuspended

MAX_WAIT = 600  # seconds: a retry is never further away than this

# Domain errors that say "not now" rather than "never": the company is frozen or busy for a while.
TRANSIENT = (ServerUnavailable, TenantBusy, TenantMaintenance, TenantReadOnly, TenantSuspended)


class CompanyNotReady(DomainError):
    """The job's company is not active (suspended, provisioning, moving): the job waits."""

    code = "company_not_ready"
    status_code = 503

    def __init__(self, status: str, wait_until: dt.datetime) -> None:
        super().__init__(
            f"The company is {status}; the job waits until it is active "
            f"(at most until {wait_until:%Y-%m-%d %H:%M} UTC)."
        )
        self.status = status


@attr.dataclass(kw_only=True)
class JobRetry(BaseRetryStrategy):
    max_attempts: int
    backoff: int

    def wait_after(self, exception: BaseException, attempts: int) -> int | None:
        """Seconds before the next run after a failed one (`attempts` earlier runs), or None."""
        if isinstance(exception, CompanyNotReady):
            return int(min(MAX_WAIT, 2 ** min(attempts + 1, 10)))
        if isinstance(exception, DomainError) and not isinstance(exception, TRANSIENT):
            return None
        if attempts + 1 >= self.max_attempts:
            return None
        return int(min(MAX_WAIT, self.backoff * 2**attempts))

    def get_retry_decision(self, *, exception: BaseException, job: QueueJob) -> RetryDecision | None:
        wait = self.wait_after(exception, job.attempts)
        return None if wait is None else RetryDecision(retry_in={"seconds": wait})
