"""prune_jobs: delete expired job files and jobs finished more than PYLEDGER_JOB_RETENTION_DAYS ago."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jobs.retention import prune_jobs


class Command(BaseCommand):
    help = (
        "Delete the files of jobs past PYLEDGER_JOB_FILE_DAYS, and the jobs (with their files and queue "
        "rows) that finished more than PYLEDGER_JOB_RETENTION_DAYS ago. The workers do it daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(prune_jobs().summary)
