"""Scheduled work of sales and purchases on the job queue (jobs/): shortly after midnight a tick
queues `invoicing.keep_aging` for each active company, which computes and keeps the new day's aged
receivables and payables (invoicing.reports). Without it the day's first reader pays for that:
0.8 s at 100,000 open documents instead of under 0.1 s (benchmarks/README.md, aging.py). A late,
repeated or retried run only finds the day kept and reads it. The queue's workers import this
module at start-up (procrastinate's `tasks` autodiscovery).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from jobs.registry import company_job, enqueue_for_active_companies, periodic
from jobs.runner import JobHandle

from .reports import SIDES, aging

KEEP_AGING, TICK = "invoicing.keep_aging", "invoicing.aging_tick"


@company_job(KEEP_AGING, max_attempts=3)
def keep_aging(job: JobHandle) -> dict[str, Any]:
    """Keep today's aging of both sides; the contacts and currencies each has."""
    today = timezone.localdate()
    return {"day": today.isoformat(), **{side: len(aging(side, today).rows) for side in SIDES}}


@periodic(TICK, cron="1 0 * * *")
def tick(timestamp: int) -> None:
    enqueue_for_active_companies(KEEP_AGING)
