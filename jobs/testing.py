"""Run queued jobs in the test's own thread and transaction, as a worker would run them."""

from __future__ import annotations

import contextlib
from types import SimpleNamespace

from .models import Job
from .registry import job_spec
from .runner import run_job


def run_pending() -> list[Job]:
    """Run every job that is queued or waiting, once, oldest first; return them refreshed.
    An error a worker would retry or record is recorded on the row, not raised."""
    rows = list(Job.objects.filter(status__in=[Job.Status.QUEUED, Job.Status.WAITING]).order_by("pk"))
    for row in rows:
        context = SimpleNamespace(job=SimpleNamespace(attempts=row.attempts))
        with contextlib.suppress(Exception):  # the row says what happened
            run_job(job_spec(row.task), context, job_id=row.pk)
        row.refresh_from_db()
    return rows
