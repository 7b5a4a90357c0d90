"""Throughput of the job queue for a no-op company job, against bare writes on the same server.

    .venv/bin/python -m benchmarks.jobs [--jobs 2000] [--concurrency 1 4]

Baseline: one `INSERT` and one `DELETE` of a row in a table of the common database, each in its
own transaction (autocommit), from one Django connection: the least a durable queue does per job.
Then `--jobs` no-op company jobs (`tests.noop`) are enqueued with `jobs.registry.enqueue` (the
Job row and the queue row in one transaction), and a worker in this process (`jobs_worker
--once`, each `--concurrency`) runs them all: each job reads its row and company, enters the
company's tenant context, marks its row running and succeeded, and is deleted from the queue.
Figures: enqueue/s, jobs/s through the worker, each as a ratio to the baseline's pairs/s.

Then what pyledger adds to procrastinate's own fetch when it claims a job, timed alone over the
same jobs, as a share of a job's time through the worker at concurrency 1: the ORM's read of the Job
row with its company and its update to running (two statements, as jobs/runner.py did), and
jobs.runner.claim (one statement, as it does now).

Databases: benchmarks._setup (bench_jobs_*), dropped at the end.
"""

from __future__ import annotations

import argparse
import time


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args()

    from benchmarks._setup import bench_databases, configure, print_header

    configure("jobs")
    import logging

    logging.getLogger("procrastinate").setLevel(logging.WARNING)
    logging.getLogger("pyledger.jobs").setLevel(logging.ERROR)

    with bench_databases():
        print_header("Job queue benchmark (no-op company job)")
        run(args)


def baseline(n: int) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_noop (id bigserial PRIMARY KEY, payload jsonb)")
        start = time.perf_counter()
        for i in range(n):
            cursor.execute("INSERT INTO bench_noop (payload) VALUES (%s) RETURNING id", [f'{{"job": {i}}}'])
            (row_id,) = cursor.fetchone()
            cursor.execute("DELETE FROM bench_noop WHERE id = %s", [row_id])
        return n / (time.perf_counter() - start)


def line(label: str, rate: float, base: float) -> None:
    print(f"{label:<40}{rate:8.0f} jobs/s   {rate / base:5.2f} x baseline")


def run(args: argparse.Namespace) -> None:
    from django.core.management import call_command

    import jobs.tests.tasks  # noqa: F401  (the no-op job)
    from jobs.models import Job
    from jobs.registry import enqueue
    from tenants.lifecycle.services import tenant_bootstrap

    company = tenant_bootstrap(slug="bj").company
    base = baseline(args.jobs)
    print(f"\n{'baseline: INSERT + DELETE, autocommit':<40}{base:8.0f} pairs/s")
    for concurrency in args.concurrency:
        start = time.perf_counter()
        for _ in range(args.jobs):
            enqueue("tests.noop", company=company)
        queued = args.jobs / (time.perf_counter() - start)
        start = time.perf_counter()
        call_command("jobs_worker", "--once", "--concurrency", str(concurrency))
        ran = args.jobs / (time.perf_counter() - start)
        done = Job.objects.filter(status=Job.Status.SUCCEEDED).count()
        assert done == args.jobs, f"{done} of {args.jobs} jobs succeeded"
        if concurrency == 1:
            claim = claim_seconds(list(Job.objects.values_list("pk", flat=True)))
        Job.objects.all().delete()
        line("enqueue", queued, base)
        line(f"worker, concurrency {concurrency}", ran, base)
        if concurrency == 1:
            per_job = 1000 / ran
            for label, seconds in zip(
                ("claim: ORM read + update", "claim: one statement"), claim, strict=True
            ):
                print(
                    f"{label:<40}{seconds * 1000:8.2f} ms/job  "
                    f"{seconds * 1000 / per_job:5.1%} of {per_job:.1f} ms per job at concurrency 1"
                )
            print(f"{'claim: one statement / ORM':<40}{claim[1] / claim[0]:8.2f} x")


def claim_seconds(ids: list[int]) -> tuple[float, float]:
    """Seconds per job to claim it: with the ORM's read and update (as runner.run_job did), and
    with jobs.runner.claim (one statement, as it does now), taking turns job by job so a change of
    load on the machine weighs on both alike."""
    from django.utils import timezone

    from jobs.models import Job
    from jobs.runner import claim

    rows = Job.objects.using("default")
    orm = one = 0.0
    for pk in ids:
        start = time.perf_counter()
        rows.select_related("company", "company__server").filter(pk=pk).first()
        now = timezone.now()
        rows.filter(pk=pk).update(status=Job.Status.RUNNING, attempts=1, started_at=now, retry_at=None)
        middle = time.perf_counter()
        claim(pk, 1)
        orm, one = orm + middle - start, one + time.perf_counter() - middle
    return orm / len(ids), one / len(ids)


if __name__ == "__main__":
    main()
