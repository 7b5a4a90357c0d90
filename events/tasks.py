"""Webhook delivery and event pruning as background jobs (jobs/, docs/events.md).

Every minute a periodic tick queues `events.deliver_webhooks` for each active company with an
active webhook endpoint (the common database's list, events.webhooks.registry; one waiting job
per company at most); the job sends what is due, for up to DELIVERY_BUDGET seconds,
and what is left waits for the next tick. For lower latency run `manage.py deliver_webhooks
--loop` beside the workers: both may run at once (deliveries are leased). Pruning runs daily.
"""

from __future__ import annotations

import time
from typing import Any

from common.models import Company
from jobs.registry import company_job, enqueue_for_active_companies, periodic
from jobs.runner import JobHandle

from .outbox import prune
from .webhooks import registry
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
            registry.sync()  # the counts /metrics shows (failing, disabled), and the listing
            return totals


@company_job("events.prune", max_attempts=3)
def prune_events(job: JobHandle) -> dict[str, int]:
    registry.sync()  # the daily repair of the company's listing
    return {"deleted": prune()}


@periodic("events.deliver_tick", cron="* * * * *")
def deliver_tick(timestamp: int) -> None:
    enqueue_for_active_companies(
        "events.deliver_webhooks", among=Company.objects.filter(webhooks__active_endpoints__gt=0)
    )


@periodic("events.prune_tick", cron="17 3 * * *")
def prune_tick(timestamp: int) -> None:
    enqueue_for_active_companies("events.prune")
