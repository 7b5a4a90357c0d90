"""The scheduled run on the job queue: the tick queues a job per active company, which books
that company's due dates once, however often it runs."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest

from jobs.models import Job
from jobs.registry import enqueue
from jobs.tests.conftest import run_queue, two_companies  # noqa: F401 (fixture)
from ledger.models import JournalEntry
from ledger.seed import seed_tenant
from recurring import tasks
from recurring.services import recurring_create
from tenants.routing.context import tenant_context

from .conftest import ALICE, rent_values

pytestmark = pytest.mark.slow


def test_the_tick_queues_each_company_whose_job_books_its_own_dates_once(two_companies):  # noqa: F811
    acme, foo = two_companies
    for company in (acme, foo):
        with tenant_context(company):
            seed_tenant(company=company)
    with tenant_context(acme):
        recurring_create(actor=ALICE, **rent_values())

    with mock.patch("recurring.tasks.timezone.localdate", return_value=date(2026, 3, 10)):
        tasks.tick(0)
        run_queue("default")  # not the periodic queue: the worker's own tick would queue them again
        again = enqueue(tasks.RUN, company=acme)
        run_queue("default")

    # Other active companies of the test run (acme, foo) get their own jobs: only these two count.
    jobs = Job.objects.filter(task=tasks.RUN, company__in=[acme, foo]).order_by("pk")
    assert [j.company.slug for j in jobs] == ["jb-acme", "jb-foo", "jb-acme"]
    assert {j.status for j in jobs} == {Job.Status.SUCCEEDED}
    assert jobs[0].result == {"booked": 3, "failed": []}
    again.refresh_from_db()
    assert again.result == {"booked": 0, "failed": []}
    with tenant_context(acme):
        assert sorted(JournalEntry.objects.values_list("date", flat=True)) == [
            date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1),
        ]  # fmt: skip
    with tenant_context(foo):
        assert not JournalEntry.objects.exists()
