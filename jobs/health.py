"""What a readiness check and the metrics need from the job queue (cheap: one query each).

    from jobs.health import queue_problem, queue_stats

    queue_problem()  # None when the queue's tables answer, else one readable line
    queue_stats()    # {"due": 3, "scheduled": 1, "running": 2, "failed": 0, "oldest_due_seconds": 1.5}

`JobLogFilter` adds `job_id` to every log record (None outside a job) for structured logs.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connections

from common.errors import first_line

from .runner import current_job_id

# The queue's rows by state; the age of the oldest due job from its jobs_job row (the queue's own
# row has no creation time).
STATS = """
SELECT count(*) FILTER (WHERE status = 'todo' AND (scheduled_at IS NULL OR scheduled_at <= now())),
       count(*) FILTER (WHERE status = 'todo' AND scheduled_at > now()),
       count(*) FILTER (WHERE status = 'doing'),
       count(*) FILTER (WHERE status = 'failed'),
       (SELECT extract(epoch FROM now() - min(coalesce(retry_at, created_at)))
          FROM jobs_job
         WHERE status IN ('queued', 'waiting') AND coalesce(retry_at, created_at) <= now())
  FROM procrastinate_jobs
"""


def queue_problem() -> str | None:
    """None when the job queue in the common database answers; otherwise why not."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")
            row = cursor.fetchone()
    except DatabaseError as exc:
        return f"job queue unreachable: {first_line(exc)}"
    if not row or not row[0]:
        return "job queue missing: run manage.py migrate"
    return None


def queue_stats() -> dict[str, float | int]:
    """Depth of the queue by state, and the age of the oldest job that is due (0 when none)."""
    with connections["default"].cursor() as cursor:
        cursor.execute(STATS)
        due, scheduled, running, failed, oldest = cursor.fetchone()
    return {
        "due": due,
        "scheduled": scheduled,
        "running": running,
        "failed": failed,
        "oldest_due_seconds": float(oldest or 0),
    }


class JobLogFilter(logging.Filter):
    """Put the id of the job being run on each record (`%(job_id)s`); never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.job_id = current_job_id()
        return True
