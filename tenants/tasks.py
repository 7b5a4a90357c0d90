"""Fleet work started from the admin as background jobs: a backup and a migration per company.

Each runs like any company job (jobs/): for an active company, inside its context, retried with
backoff; the admin's Background jobs page shows each company's job and outcome. Workers import this
module at start-up (procrastinate's `tasks` autodiscovery).
"""

from __future__ import annotations

from typing import Any

from jobs.registry import company_job
from jobs.runner import JobHandle

from .lifecycle import services
from .lifecycle.backups import backup_company


@company_job("tenants.backup", max_attempts=3)
def backup_job(job: JobHandle, *, reason: str = "admin") -> dict[str, Any]:
    """pg_dump the company's database with its manifest. A second run (its worker died) writes a
    second, equally valid backup file: nothing in the books changes."""
    backup = backup_company(job.company, reason=reason)
    rows = sum(backup.manifest["tables"].values())
    return {"path": str(backup.path), "size": backup.manifest["size"], "rows": rows}


@company_job("tenants.migrate", max_attempts=3)
def migrate_job(job: JobHandle) -> dict[str, Any]:
    """Migrate the company's database to the code's head (a second run finds it up to date)."""
    result = services.tenant_migrate(job.company)
    return {"outcome": result.outcome, "detail": result.detail, "snapshot": str(result.snapshot or "")}
