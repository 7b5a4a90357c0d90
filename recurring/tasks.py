"""The scheduled run of recurring entries on the job queue (jobs/): every hour a tick queues one
`recurring.run` job per active company, which books what is due there. Booking is idempotent per
template and date (recurring.services), so a late, repeated or retried job books nothing twice.
The queue's workers import this module at start-up (procrastinate's `tasks` autodiscovery).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from jobs.registry import company_job, enqueue_for_active_companies, periodic
from jobs.runner import JobHandle
from ledger.actor import Actor

from .services import recurring_run_due

RUN, TICK = "recurring.run", "recurring.tick"


@company_job(RUN, max_attempts=3)
def run_due(job: JobHandle) -> dict[str, Any]:
    """Book the company's due dates; the dates that failed are recorded on their templates."""
    results = recurring_run_due(actor=Actor.system("recurring"), today=timezone.localdate())
    failed = [f"{r.template.name} {o.date}: {o.error}" for r in results for o in r.failed]
    return {"booked": sum(len(r.booked) for r in results), "failed": failed}


@periodic(TICK, cron="7 * * * *")
def tick(timestamp: int) -> None:
    enqueue_for_active_companies(RUN)
