from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.core.management import call_command
from django.db import connection

import jobs.tests.tasks  # noqa: F401  (registers the test jobs)
from common.models import Company
from ledger.models import Account
from tenants.routing.context import tenant_context


def run_queue(*queues: str) -> None:
    """Run a worker in this process until the queue (only `queues`, when given) has nothing due.

    The worker also defers each periodic tick whose time came in the last 10 minutes (procrastinate's
    periodic deferrer): a test that calls a tick itself leaves the periodic queue out."""
    only = [arg for queue in queues for arg in ("--queue", queue)]
    call_command("jobs_worker", "--once", "--concurrency", "1", *only)


def account_codes(company: Company, prefix: str = "JOB-") -> list[str]:
    with tenant_context(company):
        return sorted(Account.objects.filter(code__startswith=prefix).values_list("code", flat=True))


def _empty() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
        cursor.execute("DELETE FROM procrastinate_workers")


@pytest.fixture
def two_companies(
    transactional_db: None, make_tenant: Callable[..., Company]
) -> Iterator[tuple[Company, Company]]:
    """Two companies with books of their own, and a queue with nothing in it before and after
    (a transactional test commits its jobs)."""
    _empty()
    yield make_tenant("jb-acme"), make_tenant("jb-foo")
    _empty()
