"""The ledger's background jobs: CSV exports of reports (ledger/exports.py).

Workers import this module at start-up (procrastinate's autodiscovery of `tasks` modules).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from jobs.registry import company_job
from jobs.runner import JobHandle

from .exports import TASK, render_csv


@company_job(TASK, max_attempts=3)
def export_csv(
    job: JobHandle, *, view: str, query: dict[str, list[str]], role: str, user: int | None = None
) -> dict[str, Any]:
    """Make the report's CSV and keep it as the job's file. Writes nothing in the books, so a run
    again (its worker died) makes the file again and replaces the first one."""
    member = get_user_model().objects.filter(pk=user).first() if user else None
    filename, data = render_csv(view, query, member)
    job.attach_file(filename, data, content_type="text/csv; charset=utf-8", role=role)
    return {"filename": filename, "size": len(data), "lines": data.count(b"\n")}
