"""The worker process: procrastinate's worker plus the recovery of jobs whose worker died.

A worker killed with SIGKILL leaves its jobs `doing` and its heartbeat ageing. Every live worker
looks for such jobs (heartbeat older than PYLEDGER_JOBS_STALLED_SECONDS) and puts them back in the
queue, where they run again with their attempt counted.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Iterable

from django.conf import settings
from django.db import connections
from procrastinate import exceptions as pq_exceptions
from procrastinate.app import WorkerOptions
from procrastinate.contrib.django import app

from .runner import close_kept_connections

logger = logging.getLogger("pyledger.jobs")


async def requeue_stalled_jobs(stalled_seconds: float) -> int:
    """Put the running jobs of dead workers back in the queue; return how many."""
    count = 0
    for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_seconds):
        try:
            await app.job_manager.retry_job(job)
        except pq_exceptions.ProcrastinateException:
            continue  # another worker requeued it first
        logger.warning("job %s (%s) of a dead worker queued again", job.id, job.task_name)
        count += 1
    return count


async def _recover(stalled_seconds: float) -> None:
    while True:
        await requeue_stalled_jobs(stalled_seconds)
        await asyncio.sleep(max(stalled_seconds / 2, 0.2))


async def _watch_parent(pid: int) -> None:
    """End this worker when process `pid` is gone (`make run` starts one beside the server)."""
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(0)
        await asyncio.sleep(1)


async def run_worker(
    *, queues: Iterable[str] | None, concurrency: int, wait: bool = True, exit_with: int | None = None
) -> None:
    stalled = settings.PYLEDGER_JOBS_STALLED_SECONDS
    # Each job thread keeps its connection to the common database between jobs (a new session per
    # job would cost more than a small job); a broken one is replaced after the job (runner.py).
    common = connections.settings["default"]
    conn_max_age = common["CONN_MAX_AGE"]
    common["CONN_MAX_AGE"] = settings.PYLEDGER_JOBS_CONN_MAX_AGE
    helpers = [asyncio.create_task(_recover(stalled))]
    if exit_with:
        helpers.append(asyncio.create_task(_watch_parent(exit_with)))
    options: WorkerOptions = {
        "concurrency": concurrency,
        "wait": wait,
        "name": f"{socket.gethostname()}-{os.getpid()}",
        "update_heartbeat_interval": settings.PYLEDGER_JOBS_HEARTBEAT_SECONDS,
        "stalled_worker_timeout": stalled,
        # The Job row keeps the outcome; the queue table keeps only what is still to do.
        "delete_jobs": "successful",
        "install_signal_handlers": wait,
    }
    if queues:  # none given: every queue
        options["queues"] = list(queues)
    try:
        await app.run_worker_async(**options)
    finally:
        common["CONN_MAX_AGE"] = conn_max_age
        await asyncio.to_thread(close_kept_connections)
        for helper in helpers:
            helper.cancel()
