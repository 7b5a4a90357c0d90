"""Company jobs used by the tests (imported by the test settings, so test workers know them)."""

from __future__ import annotations

import time
from typing import Any

from jobs.registry import company_job
from jobs.runner import JobHandle
from ledger.models import Account
from tenants.routing.context import current_tenant


@company_job("tests.write_account", max_attempts=3, backoff=1)
def write_account(
    job: JobHandle, *, code: str, fail_times: int = 0, sleep_first: float = 0
) -> dict[str, Any]:
    """Fail the first `fail_times` runs, sleep in the first, then write account `code` once."""
    if job.attempt <= fail_times:
        raise RuntimeError(f"failing on purpose (attempt {job.attempt})")
    if sleep_first and job.attempt == 1:
        time.sleep(sleep_first)
    _, created = Account.objects.get_or_create(code=code, defaults={"name": code, "type": Account.Type.ASSET})
    tenant = current_tenant()
    return {"company": tenant.slug if tenant else None, "created": created}


@company_job("tests.noop", max_attempts=1)
def noop(job: JobHandle) -> None:
    return None
