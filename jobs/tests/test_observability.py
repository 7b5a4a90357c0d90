"""The job queue in /readyz, /metrics and the log lines of a job."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

import jobs.tests.tasks  # noqa: F401  (registers tests.noop)
from common.models import Company
from jobs import runner
from jobs.models import Job
from jobs.registry import enqueue
from pyledger_project import health, log_context, metrics


@pytest.mark.django_db
def test_readyz_checks_the_job_queue(client: Client) -> None:
    health.migrations.forget()
    body = client.get("/readyz").json()
    assert body["checks"]["jobs"] == "ok"


@pytest.mark.django_db
def test_readyz_fails_when_the_queue_tables_are_gone(client: Client) -> None:
    from django.db import connection

    health.migrations.forget()
    with connection.cursor() as cursor:  # rolled back with the test
        cursor.execute("ALTER TABLE procrastinate_jobs RENAME TO procrastinate_jobs_gone")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["jobs"] == "job queue missing: run manage.py migrate"


@pytest.mark.django_db
def test_queue_depth_and_oldest_age_are_metrics(
    acme: Company, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # queued when the transaction commits
        old = enqueue("tests.noop", company=acme)
        enqueue("tests.noop", company=acme)
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    text = metrics.exposition().decode()
    assert 'pyledger_jobs{state="due"} 2.0' in text
    assert 'pyledger_jobs{state="running"} 0.0' in text
    age = next(line for line in text.splitlines() if line.startswith("pyledger_jobs_oldest_due_seconds "))
    assert 240 <= float(age.split()[1]) < 400  # the database counts from its transaction's start
    assert "acme" not in text


@pytest.mark.django_db
def test_a_job_s_log_lines_carry_its_id():
    with runner._job_scope(41):
        assert log_context.current()["job_id"] == "41"
    assert "job_id" not in log_context.current()
