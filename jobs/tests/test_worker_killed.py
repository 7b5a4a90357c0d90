"""A worker killed with SIGKILL mid-job loses nothing: another worker runs the job again, once."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator

import pytest

from jobs.models import Job
from jobs.registry import enqueue
from tenants.tests.migration_support import manage_py

from .conftest import account_codes

pytestmark = pytest.mark.slow

# A dead worker's jobs are queued again one second after its last heartbeat.
FAST_RECOVERY = {"PYLEDGER_JOBS_HEARTBEAT_SECONDS": "0.2", "PYLEDGER_JOBS_STALLED_SECONDS": "1"}


def wait_for(predicate: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.fixture
def workers() -> Iterator[Callable[[], object]]:
    started = []

    def start():
        process = manage_py("jobs_worker", "--concurrency", "2", env=FAST_RECOVERY)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=30)


def test_a_job_whose_worker_is_killed_runs_again_and_writes_once(two_companies, workers):
    acme, foo = two_companies
    first = workers()
    job = enqueue("tests.write_account", company=acme, params={"code": "JOB-K", "sleep_first": 60})
    wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.RUNNING)

    first.send_signal(signal.SIGKILL)
    first.wait()
    workers()
    wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.SUCCEEDED)

    job.refresh_from_db()
    assert job.attempts == 2
    assert job.result == {"company": "jb-acme", "created": True}
    assert account_codes(acme) == ["JOB-K"] and account_codes(foo) == []


def test_a_job_finished_before_its_worker_died_is_not_run_again(two_companies, workers):
    acme, _ = two_companies
    job = enqueue("tests.write_account", company=acme, params={"code": "JOB-D"})
    # The worker died after the job's work and its row were committed, before the queue heard.
    Job.objects.filter(pk=job.pk).update(status=Job.Status.SUCCEEDED, result={"kept": True})
    workers()

    wait_for(lambda: _queue_done(job))

    job.refresh_from_db()
    assert job.result == {"kept": True}
    assert account_codes(acme) == []


def _queue_done(job: Job) -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE id = %s", [job.queue_job_id])
        return bool(cursor.fetchone()[0] == 0)
