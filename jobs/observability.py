"""The job queue in /readyz and /metrics (registered by JobsConfig.ready()), from jobs.health.

- readiness `jobs`: jobs.health.queue_problem (the queue's tables answer);
- `pyledger_jobs` (gauge, by state): jobs due, scheduled for later, running and failed in the
  queue; `pyledger_jobs_oldest_due_seconds`: how long the oldest due job has waited. No company
  label: with thousands of companies it would not stay bounded.
"""

from __future__ import annotations

from pyledger_project.health import register_check
from pyledger_project.metrics import register_gauge

from .health import queue_problem, queue_stats

STATES = ("due", "scheduled", "running", "failed")


def jobs_by_state() -> dict[tuple[str, ...], float]:
    stats = queue_stats()
    return {(state,): float(stats[state]) for state in STATES}


def oldest_due_seconds() -> float:
    return float(queue_stats()["oldest_due_seconds"])


def register() -> None:
    register_check("jobs", queue_problem)
    register_gauge("pyledger_jobs", "Jobs in the queue, by state.", jobs_by_state, ["state"])
    age = "Seconds the oldest due job has waited (0: none due)."
    register_gauge("pyledger_jobs_oldest_due_seconds", age, oldest_due_seconds)
