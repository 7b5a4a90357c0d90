"""Pruning: job files past their download window, and jobs finished longer ago than the retention
(their rows, their files and the queue's rows), by the periodic job and by `prune_jobs`."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from pytest_django import Settings

from common.models import Company
from jobs import files
from jobs.models import Job
from jobs.registry import enqueue
from jobs.retention import prune_jobs
from jobs.tasks import prune

pytestmark = pytest.mark.django_db(databases="__all__")
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    settings.PYLEDGER_JOB_FILE_DAYS = 7
    settings.PYLEDGER_JOB_RETENTION_DAYS = 30
    return tmp_path


def finished(
    company: Company, *, ago: dt.timedelta, status: str = Job.Status.SUCCEEDED, file: bool = False
) -> Job:
    job = enqueue("tests.noop", company=company)
    if file:
        files.attach(job.pk, company.pk, "report.csv", b"a,b\n", content_type="text/csv", role="viewer")
        Job.objects.filter(pk=job.pk).update(file_expires_at=timezone.now() - ago + 7 * DAY)
    Job.objects.filter(pk=job.pk).update(status=status, finished_at=timezone.now() - ago)
    with connection.cursor() as cursor:  # as the queue leaves it: failed (a success is deleted)
        cursor.execute("UPDATE procrastinate_jobs SET status = 'failed' WHERE id = %s", [job.queue_job_id])
    job.refresh_from_db()
    return job


def queue_ids() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM procrastinate_jobs")
        return {row[0] for row in cursor.fetchall()}


def test_old_finished_jobs_go_with_their_files_and_queue_rows_recent_and_running_ones_stay(
    acme: Company, media: Path
) -> None:
    old_ok = finished(acme, ago=31 * DAY, file=True)
    old_failed = finished(acme, ago=40 * DAY, status=Job.Status.FAILED)
    recent = finished(acme, ago=29 * DAY)
    queued = enqueue("tests.noop", company=acme)
    Job.objects.filter(pk=queued.pk).update(created_at=timezone.now() - 90 * DAY)

    done = prune_jobs()

    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, queued.pk}
    assert done.jobs == 2 and done.files == 1  # old_ok's file had expired too
    assert not any(media.rglob("*.csv"))
    assert old_ok.queue_job_id not in queue_ids() and old_failed.queue_job_id not in queue_ids()
    assert queued.queue_job_id in queue_ids()


def test_an_expired_file_goes_and_its_job_stays_answering_410(acme: Company, media: Path) -> None:
    expired = finished(acme, ago=8 * DAY, file=True)
    fresh = finished(acme, ago=6 * DAY, file=True)

    prune(0)  # the periodic job's body

    expired.refresh_from_db()
    fresh.refresh_from_db()
    assert expired.file is None and fresh.file is not None
    assert [p.name for p in media.rglob("*.csv")] == ["report.csv"]
    with pytest.raises(files.DownloadExpired):
        files.downloadable(expired)
    assert files.downloadable(fresh)["filename"] == "report.csv"


def test_the_command_says_what_it_deleted_and_a_second_run_deletes_nothing(acme: Company) -> None:
    finished(acme, ago=31 * DAY, file=True)
    out = StringIO()

    call_command("prune_jobs", stdout=out)
    call_command("prune_jobs", stdout=out)

    assert out.getvalue().splitlines() == [
        "1 expired files deleted; 1 jobs finished over 30 days ago deleted",
        "0 expired files deleted; 0 jobs finished over 30 days ago deleted",
    ]
