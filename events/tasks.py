"""Webhook delivery and event pruning as background jobs (jobs/, docs/events.md).

Every minute a periodic tick queues `events.deliver_webhooks` for each active company (one
waiting job per company at most); the job sends what is due, for up to DELIVERY_BUDGET seconds,
and what is left waits for the next tick. For lower latency run `manage.py deliver_webhooks
--loop` beside the workers: both may run at once (deliveries are leased). Pruning runs daily.
"""

from __future__ import annotations

import time
from typing import Any

from jobs.registry import company_job, enqueue_for_active_companies, periodic
from jobs.runner import JobHandle

from .outbox import prune
from .webhooks.delivery import deliver

# Seconds one job keeps sending before it leaves the rest to the next tick.
DELIVERY_BUDGET = 50.0


@company_job("events.deliver_webhooks", max_attempts=3)
def deliver_webhooks(job: JobHandle, *, limit: int = 100) -> dict[str, Any]:
    """Passes of events.webhooks.delivery.deliver until nothing is due or the budget is spent."""
    started = time.monotonic()
    totals = {"sent": 0, "succeeded": 0, "failed": 0}
    while True:
        result = deliver(limit=limit)
        totals["sent"] += result.sent
        totals["succeeded"] += result.succeeded
        totals["failed"] += result.failed
        if result.sent < limit or time.monotonic() - started > DELIVERY_BUDGET:
            return totals


@company_job("events.prune", max_attempts=3)
def prune_events(job: JobHandle) -> dict[str, int]:
    return {"deleted": prune()}


@periodic("events.deliver_tick", cron="* * * * *")
def deliver_tick(timestamp: int) -> None:
    enqueue_for_active_companies("events.deliver_webhooks")


@periodic("events.prune_tick", cron="17 3 * * *")
def prune_tick(timestamp: int) -> None:
    enqueue_for_active_companies("events.prune")
