"""The queue's readiness answer and figures, and the job id on log records."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.db import connection
from django.utils import timezone

from jobs.health import JobLogFilter, queue_problem, queue_stats
from jobs.models import Job
from jobs.registry import enqueue
from jobs.runner import _job_scope

pytestmark = pytest.mark.django_db


def test_the_queue_is_ready_once_migrated():
    assert queue_problem() is None


def test_a_missing_queue_table_is_one_readable_line():
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE procrastinate_jobs RENAME TO procrastinate_jobs_away")
    assert queue_problem() == "job queue missing: run manage.py migrate"


def test_stats_count_due_and_scheduled_jobs_and_the_oldest_due_one_s_age(acme):
    import jobs.tests.tasks  # noqa: F401  (the no-op job)

    due = enqueue("tests.noop", company=acme)
    later = enqueue("tests.noop", company=acme)
    Job.objects.filter(pk=due.pk).update(created_at=timezone.now() - dt.timedelta(seconds=90))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET scheduled_at = now() + interval '1 hour' WHERE id = %s",
            [later.queue_job_id],
        )

    stats = queue_stats()

    assert (stats["due"], stats["scheduled"], stats["running"], stats["failed"]) == (1, 1, 0, 0)
    assert 80 < stats["oldest_due_seconds"] < 3600  # now() is when the test's transaction began


def test_log_records_carry_the_id_of_the_job_being_run():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", None, None)
    with _job_scope(41):
        JobLogFilter().filter(record)
    assert getattr(record, "job_id") == 41  # noqa: B009
    JobLogFilter().filter(record)
    assert getattr(record, "job_id") is None  # noqa: B009
