from __future__ import annotations

from common.errors import DomainError


class UnknownJob(DomainError):
    code = "unknown_job"
    status_code = 400


class JobFailed(DomainError):
    """Raised by a job to fail for good, without retries (the input cannot succeed)."""

    code = "job_failed"
    status_code = 422


class CompanyWaitExpired(DomainError):
    code = "company_unavailable"
    status_code = 503
    default_message = "The company stayed unavailable longer than a job waits; enqueue it again."
