"""The common database's list of companies with an active webhook endpoint: kept by the endpoint
services, repaired by the delivery job, the daily prune and sync_webhook_companies, and the only
companies the per-minute delivery tick queues a job for."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from common.models import Company, WebhookCompany
from events.models import WebhookEndpoint
from events.tasks import deliver_tick, prune_tick
from events.webhooks.endpoints import endpoint_create, endpoint_delete, endpoint_update
from jobs.models import Job
from jobs.testing import run_pending
from ledger.tests.conftest import ACME_ALIAS
from pyledger_project import metrics
from tenants.routing.context import tenant_context

from .conftest import ALICE, Receiver

pytestmark = pytest.mark.django_db(databases="__all__")
HOOK = "https://hooks.example.com/pyledger"


def listed() -> set[str]:
    rows = WebhookCompany.objects.filter(active_endpoints__gt=0)
    return set(rows.values_list("company__slug", flat=True))


def gauge() -> dict[str, float]:
    text = metrics.exposition().decode()
    found = re.findall(r'^pyledger_webhook_endpoints\{state="(\w+)"\} ([\d.]+)$', text, re.M)
    return {state: float(value) for state, value in found}


@pytest.fixture
def in_acme(books: Company, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> Any:
    """Run `body` in acme's books with its on-commit callbacks run as a commit would run them."""

    @contextmanager
    def enter() -> Iterator[None]:
        with tenant_context(books), django_capture_on_commit_callbacks(using=ACME_ALIAS, execute=True):
            yield

    return enter


def test_the_endpoint_services_keep_the_company_on_the_list(in_acme: Any, foo: Company) -> None:
    assert listed() == set()
    with in_acme():
        first, _ = endpoint_create(url=HOOK, actor=ALICE)
        second, _ = endpoint_create(url=HOOK + "/2", actor=ALICE)
    assert listed() == {"acme"}

    with in_acme():
        endpoint_update(endpoint=first, is_active=False)
    assert listed() == {"acme"}  # the second still receives
    with in_acme():
        endpoint_delete(endpoint=second)
    assert listed() == set()  # none active left
    with in_acme():
        endpoint_update(endpoint=first, is_active=True)
    assert listed() == {"acme"}
    with in_acme():
        endpoint_delete(endpoint=first)
    assert listed() == set()


def test_the_tick_queues_delivery_only_for_listed_active_companies(in_acme: Any, foo: Company) -> None:
    with in_acme():
        endpoint_create(url=HOOK, actor=ALICE)

    deliver_tick(0)

    queued = Job.objects.filter(task="events.deliver_webhooks")
    assert list(queued.values_list("company__slug", flat=True)) == ["acme"]  # not foo: no endpoint
    Company.objects.filter(slug="acme").update(status=Company.Status.SUSPENDED)
    queued.delete()
    deliver_tick(0)
    assert not queued.exists()  # listed, but not active


def test_the_delivery_job_drops_a_company_whose_last_endpoint_failures_disabled(
    in_acme: Any, receiver: Receiver, post: Any, settings: Settings
) -> None:
    settings.PYLEDGER_WEBHOOK_DISABLE_AFTER = 1
    receiver.status = 500
    with in_acme():
        endpoint_create(url=receiver.url, actor=ALICE)
    post(date(2026, 1, 15), "1000", "4000", "5.00")

    deliver_tick(0)
    [job] = run_pending()

    assert job.status == Job.Status.SUCCEEDED and (job.result or {}).get("failed") == 1
    with tenant_context("acme"):
        assert not WebhookEndpoint.objects.get().is_active
    assert listed() == set()
    assert gauge() == {"active": 0, "failing": 0, "disabled": 1}


def test_metrics_count_failing_and_disabled_endpoints_without_a_company_label(
    in_acme: Any, receiver: Receiver, post: Any
) -> None:
    assert gauge() == {"active": 0, "failing": 0, "disabled": 0}
    receiver.script = [500]
    with in_acme():
        endpoint_create(url=receiver.url, actor=ALICE)
        endpoint_create(url=receiver.url + "/2", actor=ALICE, event_types=["period.closed"])
        off, _ = endpoint_create(url=receiver.url + "/3", actor=ALICE)
        endpoint_update(endpoint=off, is_active=False)
    assert gauge() == {"active": 2, "failing": 0, "disabled": 1}
    post(date(2026, 1, 15), "1000", "4000", "5.00")

    deliver_tick(0)
    run_pending()  # the first endpoint's delivery fails (500) and waits for its retry

    assert gauge() == {"active": 2, "failing": 1, "disabled": 1}
    assert "acme" not in metrics.exposition().decode()


def test_the_command_and_the_daily_prune_repair_the_list(in_acme: Any, foo: Company) -> None:
    with in_acme():
        endpoint_create(url=HOOK, actor=ALICE)
    WebhookCompany.objects.all().delete()  # lost, e.g. a crash between a commit and its callback
    WebhookCompany.objects.create(company=foo, active_endpoints=1)  # stale: foo has no endpoint

    out = StringIO()
    call_command("sync_webhook_companies", "acme", "foo", stdout=out)

    assert listed() == {"acme"}
    assert "acme: listed (added); endpoints: 1 active, 0 failing, 0 disabled" in out.getvalue()
    assert "foo: not listed (dropped)\n" in out.getvalue()
    WebhookCompany.objects.all().delete()
    Job.objects.all().delete()
    prune_tick(0)
    run_pending()
    assert listed() == {"acme"}
