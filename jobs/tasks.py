"""The jobs app's own periodic work: pruning old jobs and expired files (jobs/retention.py).

Workers import this module at start-up (procrastinate's autodiscovery of `tasks` modules).
"""

from __future__ import annotations

import logging

from .registry import periodic
from .retention import prune_jobs

logger = logging.getLogger("pyledger.jobs")


@periodic("jobs.prune", cron="29 3 * * *")
def prune(timestamp: int) -> None:
    logger.info("jobs.prune: %s", prune_jobs().summary)
