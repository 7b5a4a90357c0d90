"""The job queue in /readyz and /metrics (registered by JobsConfig.ready()).

- readiness `jobs`: the queue's tables answer in the common database;
- `pyledger_jobs` (gauge, by status): jobs queued, waiting (backing off or for their company)
  and running; `pyledger_jobs_oldest_queued_age_seconds`: how long the oldest queued job has
  waited. No company label: with thousands of companies it would not stay bounded.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import Count, Min
from django.utils import timezone

from pyledger_project.health import register_check
from pyledger_project.metrics import register_gauge

from .models import Job

OPEN = (Job.Status.QUEUED, Job.Status.WAITING, Job.Status.RUNNING)


def queue_reachable() -> str | None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")
        (present,) = cursor.fetchone()
    return None if present else "the queue's tables are missing"


def open_jobs() -> dict[tuple[str, ...], int]:
    counts: dict[str, int] = dict.fromkeys((str(status) for status in OPEN), 0)
    rows = Job.objects.using("default").filter(status__in=OPEN).values("status").annotate(n=Count("id"))
    for row in rows:
        counts[row["status"]] = row["n"]
    return {(status,): n for status, n in counts.items()}


def oldest_queued_age() -> float:
    oldest = Job.objects.using("default").filter(status=Job.Status.QUEUED).aggregate(t=Min("created_at"))["t"]
    return 0.0 if oldest is None else max(0.0, (timezone.now() - oldest).total_seconds())


def register() -> None:
    register_check("jobs", queue_reachable)
    register_gauge("pyledger_jobs", "Jobs not finished, by status.", open_jobs, ["status"])
    register_gauge(
        "pyledger_jobs_oldest_queued_age_seconds",
        "Age of the oldest queued job (0: none).",
        oldest_queued_age,
    )
