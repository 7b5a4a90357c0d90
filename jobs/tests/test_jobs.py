"""Company jobs on the real queue: the right company, suspended and archived companies, retries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from common.models import Company
from jobs.models import Job
from jobs.registry import JobAlreadyQueued, enqueue
from jobs.retry import MAX_WAIT, CompanyNotReady, JobRetry
from tenants.errors import TenantArchived, TenantReadOnly

from .conftest import account_codes, run_queue

pytestmark = pytest.mark.slow


def queue_row(job: Job) -> tuple[str, int, dt.datetime]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, attempts, scheduled_at FROM procrastinate_jobs WHERE id = %s", [job.queue_job_id]
        )
        status, attempts, scheduled_at = cursor.fetchone()
        return status, attempts, scheduled_at


def due_now(job: Job) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now() WHERE id = %s", [job.queue_job_id])


def test_a_job_runs_in_the_company_it_names_and_no_other(two_companies):
    acme, foo = two_companies

    job_a = enqueue("tests.write_account", company=acme, params={"code": "JOB-A"})
    job_f = enqueue("tests.write_account", company=foo.slug, params={"code": "JOB-F"})
    run_queue()

    job_a.refresh_from_db()
    job_f.refresh_from_db()
    assert (job_a.status, job_a.result) == (Job.Status.SUCCEEDED, {"company": "jb-acme", "created": True})
    assert (job_f.status, job_f.result) == (Job.Status.SUCCEEDED, {"company": "jb-foo", "created": True})
    assert account_codes(acme) == ["JOB-A"]
    assert account_codes(foo) == ["JOB-F"]


def test_a_suspended_company_s_job_waits_and_runs_once_it_is_active_again(two_companies):
    acme, foo = two_companies
    Company.objects.filter(pk=acme.pk).update(status=Company.Status.SUSPENDED)
    job = enqueue("tests.write_account", company=acme, params={"code": "JOB-S"})

    run_queue()

    job.refresh_from_db()
    assert (job.status, job.error_code) == (Job.Status.WAITING, "company_not_ready")
    assert job.retry_at is not None and job.retry_at > timezone.now()
    status, attempts, scheduled_at = queue_row(job)
    assert (status, attempts) == ("todo", 1)
    assert scheduled_at > timezone.now()
    assert account_codes(acme) == [] and account_codes(foo) == []

    Company.objects.filter(pk=acme.pk).update(status=Company.Status.ACTIVE)
    due_now(job)
    run_queue()

    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.SUCCEEDED, 2)
    assert account_codes(acme) == ["JOB-S"] and account_codes(foo) == []


def test_a_job_stops_waiting_for_a_company_suspended_too_long(two_companies):
    acme, _ = two_companies
    Company.objects.filter(pk=acme.pk).update(status=Company.Status.SUSPENDED)
    job = enqueue("tests.write_account", company=acme, params={"code": "JOB-W"})

    with override_settings(PYLEDGER_JOB_COMPANY_WAIT=0):
        run_queue()

    job.refresh_from_db()
    assert (job.status, job.error_code) == (Job.Status.FAILED, "company_unavailable")
    assert queue_row(job)[0] == "failed"
    assert account_codes(acme) == []


def test_an_archived_company_s_job_fails_without_running_and_new_ones_are_refused(two_companies):
    acme, _ = two_companies
    job = enqueue("tests.write_account", company=acme, params={"code": "JOB-X"})
    Company.objects.filter(pk=acme.pk).update(status=Company.Status.ARCHIVED)

    run_queue()

    job.refresh_from_db()
    assert (job.status, job.error_code) == (Job.Status.FAILED, "tenant_archived")
    assert account_codes(acme) == []
    with pytest.raises(TenantArchived):
        enqueue("tests.write_account", company=acme.slug, params={"code": "JOB-Y"})


def test_a_failing_job_is_retried_with_growing_waits_until_it_succeeds(two_companies):
    acme, _ = two_companies
    job = enqueue("tests.write_account", company=acme, params={"code": "JOB-R", "fail_times": 2})
    waits = []

    for expected in (1, 2):  # backoff 1 s, doubled each time
        before = timezone.now()
        run_queue()
        after = timezone.now()
        job.refresh_from_db()
        assert (job.status, job.error_code) == (Job.Status.WAITING, "job_error")
        status, _attempts, scheduled_at = queue_row(job)
        assert status == "todo"
        # The failure happened between `before` and `after`: the wait it set brackets `expected`.
        longest, shortest = (scheduled_at - before).total_seconds(), (scheduled_at - after).total_seconds()
        waits.append(expected if shortest - 0.05 <= expected <= longest + 0.05 else (shortest, longest))
        due_now(job)
    run_queue()

    job.refresh_from_db()
    assert (job.status, job.attempts, job.error_code) == (Job.Status.SUCCEEDED, 3, "")
    assert waits == [1, 2]
    assert account_codes(acme) == ["JOB-R"]


def test_a_job_failing_more_often_than_its_attempts_fails_with_the_error(two_companies):
    acme, _ = two_companies
    job = enqueue("tests.write_account", company=acme, params={"code": "JOB-F", "fail_times": 9})

    for _ in range(3):
        run_queue()
        due_now(job)

    job.refresh_from_db()
    assert (job.status, job.attempts, job.error_code) == (Job.Status.FAILED, 3, "job_error")
    assert job.error_message == "failing on purpose (attempt 3)"
    assert queue_row(job)[0] == "failed"


def test_a_queueing_lock_keeps_one_waiting_job_per_key(two_companies):
    acme, foo = two_companies
    enqueue("tests.noop", company=acme, lock="nightly:jb-acme")

    with pytest.raises(JobAlreadyQueued):
        enqueue("tests.noop", company=acme, lock="nightly:jb-acme")
    enqueue("tests.noop", company=foo, lock="nightly:jb-foo")
    assert Job.objects.count() == 2


def test_backoff_doubles_is_capped_and_skips_refusals_that_cannot_change():
    retry = JobRetry(max_attempts=5, backoff=3)

    assert [retry.wait_after(RuntimeError(), n) for n in range(5)] == [3, 6, 12, 24, None]
    assert retry.wait_after(TenantArchived(), 0) is None
    assert retry.wait_after(TenantReadOnly(), 0) == 3
    # A company that is not active is waited for past max_attempts, never longer than MAX_WAIT apart.
    not_ready = CompanyNotReady("suspended", timezone.now())
    assert retry.wait_after(not_ready, 0) == 2
    assert retry.wait_after(not_ready, 40) == MAX_WAIT
