"""Pruning what jobs leave behind: files past their download window, and finished jobs (their rows
and the queue's) older than PYLEDGER_JOB_RETENTION_DAYS. Daily as the periodic `jobs.prune` and by
hand with `manage.py prune_jobs`; safe to run again after a crash half-way (each step re-reads)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from .files import delete_file
from .models import Job

BATCH = 1000


@dataclass
class Pruned:
    files: int = 0
    jobs: int = 0

    @property
    def summary(self) -> str:
        days = settings.PYLEDGER_JOB_RETENTION_DAYS
        return f"{self.files} expired files deleted; {self.jobs} jobs finished over {days} days ago deleted"


def prune_jobs(*, now: dt.datetime | None = None) -> Pruned:
    now = now or timezone.now()
    done = Pruned()
    jobs = Job.objects.using("default")
    # Files first: a file's record goes only once the file is gone (a crash leaves it to retry).
    expired = jobs.filter(file__isnull=False, file_expires_at__lte=now).values_list("pk", "file")
    for pk, record in expired.iterator():
        delete_file(record or {})
        jobs.filter(pk=pk).update(file=None)
        done.files += 1
    cutoff = now - dt.timedelta(days=settings.PYLEDGER_JOB_RETENTION_DAYS)
    while True:
        with transaction.atomic(using="default"):
            old = jobs.filter(status__in=Job.FINISHED, finished_at__lt=cutoff).order_by("pk")[:BATCH]
            rows = list(old.values_list("pk", "file", "queue_job_id"))
            if not rows:
                return done
            for _, record, _ in rows:
                if record:
                    delete_file(record)
            queue_ids = [queue_id for _, _, queue_id in rows if queue_id is not None]
            with connections["default"].cursor() as cursor:
                # The queue's own rows of those jobs (failed ones stay there until now).
                cursor.execute(
                    "DELETE FROM procrastinate_jobs WHERE id = ANY(%s) AND status <> 'doing' "
                    "AND status <> 'todo'",
                    [queue_ids],
                )
            deleted, _ = jobs.filter(pk__in=[pk for pk, _, _ in rows]).delete()
            done.jobs += deleted
