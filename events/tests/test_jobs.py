"""Webhook delivery through the job queue: the company job sends the company's due deliveries."""

from __future__ import annotations

from datetime import date

from common.models import Company
from events.webhooks.endpoints import endpoint_create
from jobs.models import Job
from jobs.registry import enqueue
from jobs.tests.conftest import run_queue, two_companies  # noqa: F401  (fixtures)
from ledger.seed import seed_tenant
from ledger.services.entries import journal_entry_create
from ledger.services.periods import period_for
from tenants.routing.context import tenant_context

from .conftest import ALICE, Receiver

LINES = [{"account": "1000", "debit": "5.00"}, {"account": "4000", "credit": "5.00"}]


def test_the_delivery_job_sends_its_companys_events_only(
    two_companies: tuple[Company, Company],  # noqa: F811  (the fixture)
    receiver: Receiver,
) -> None:
    acme, foo = two_companies
    for company in (acme, foo):
        with tenant_context(company):
            seed_tenant(company=company)
            period_for(date(2026, 1, 15), actor=ALICE)
            endpoint_create(url=f"{receiver.url}/{company.slug}", actor=ALICE)
            journal_entry_create(date=date(2026, 1, 15), lines=LINES, actor=ALICE, post=True)
    job = enqueue("events.deliver_webhooks", company=acme)
    run_queue()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.result == {"sent": 1, "succeeded": 1, "failed": 0}
    # The periodic tick (run by the worker too) may have sent foo's: each went to its own URL.
    assert [r.path for r in receiver.got].count("/hook/jb-acme") == 1
    assert all(r.path == "/hook/jb-foo" for r in receiver.got if r.path != "/hook/jb-acme")
