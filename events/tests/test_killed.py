"""A delivery worker killed with SIGKILL mid-request loses no delivery: once its lease has run out,
another worker sends the same event again (same webhook-id), and it is recorded once.

A real process (`manage.py deliver_webhooks --loop`) is killed while a real receiver on 127.0.0.1
holds its request; the other worker is this process's delivery loop (the same code), which saves a
second start-up. The killed worker's lease is short (2 x 2 s timeout, no margin): seconds, not a
minute.
"""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pytest_django import Settings

from common.models import Company
from events.models import WebhookAttempt, WebhookDelivery
from events.webhooks.delivery import deliver
from events.webhooks.endpoints import endpoint_create
from ledger.seed import seed_tenant
from ledger.services.entries import journal_entry_create
from ledger.services.periods import period_for
from tenants.routing.context import tenant_context
from tenants.tests.migration_support import manage_py

from .conftest import ALICE

pytestmark = pytest.mark.slow
LINES = [{"account": "1000", "debit": "5.00"}, {"account": "4000", "credit": "5.00"}]
# The worker's request times out after 2 s and its lease after 4 s.
SHORT_LEASE = {
    "PYLEDGER_WEBHOOK_ALLOW_PRIVATE": "true",
    "PYLEDGER_WEBHOOK_TIMEOUT_SECONDS": "2",
    "PYLEDGER_WEBHOOK_LEASE_MARGIN_SECONDS": "0",
}


class HangingReceiver:
    """Holds the first request unanswered (the worker is killed meanwhile); answers 204 after."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.first = threading.Event()
        self.release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length", 0)))
                receiver.ids.append(self.headers["webhook-id"])
                if len(receiver.ids) == 1:
                    receiver.first.set()
                    receiver.release.wait(15)
                    return  # no answer: its sender is dead by now
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        serve = self.server.serve_forever
        threading.Thread(target=serve, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings: Settings) -> Iterator[HangingReceiver]:
    settings.PYLEDGER_WEBHOOK_ALLOW_PRIVATE = True  # for endpoint_create in this process
    made = HangingReceiver()
    yield made
    made.close()


@pytest.fixture
def company(transactional_db: None, make_tenant: Callable[..., Company]) -> Company:
    """Committed books the worker process sees."""
    return make_tenant("kill-acme")


@pytest.fixture
def worker(company: Company) -> Iterator[subprocess.Popen[str]]:
    """A delivery worker process for the company, started while the test writes its books."""
    process = manage_py("deliver_webhooks", company.slug, "--loop", "--interval", "0.1", env=SHORT_LEASE)
    yield process
    if process.poll() is None:
        process.kill()
    process.wait(timeout=30)


def wait_for(predicate: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_delivery_worker_killed_mid_request_loses_no_delivery(
    company: Company, receiver: HangingReceiver, worker: subprocess.Popen[str]
) -> None:
    acme = company
    with tenant_context(acme):
        seed_tenant(company=acme)
        period_for(date(2026, 1, 15), actor=ALICE)
        endpoint_create(url=receiver.url, actor=ALICE)
        journal_entry_create(date=date(2026, 1, 15), lines=LINES, actor=ALICE, post=True)

    assert receiver.first.wait(60), "the worker sent nothing"
    worker.send_signal(signal.SIGKILL)  # while its request waits for an answer
    worker.wait(timeout=10)
    with tenant_context(acme):
        leased = WebhookDelivery.objects.get()
        # Killed mid-request: leased and counted, nothing recorded.
        assert (leased.status, leased.attempts, leased.leased_until is not None) == ("pending", 1, True)
        assert not WebhookAttempt.objects.exists()

    with tenant_context(acme):  # another worker: it sends nothing while the lease runs
        wait_for(lambda: deliver().succeeded == 1, timeout=30)
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == "succeeded"
        assert (delivery.attempts, delivery.leased_until) == (2, None)
        assert list(WebhookAttempt.objects.values_list("status_code", flat=True)) == [204]
    assert len(receiver.ids) == 2 and receiver.ids[0] == receiver.ids[1]  # the same event, again
    assert leased.leased_until is not None and delivery.delivered_at is not None
    assert delivery.delivered_at >= leased.leased_until
