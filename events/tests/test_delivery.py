"""Webhook deliveries to a local receiver: signed, at least once, retried, disabled, never to a
private address unless the setting allows it."""

from __future__ import annotations

import json
import socket
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from pytest_django import Settings
from standardwebhooks import Webhook

from common.models import Company
from events.models import WebhookDelivery, WebhookEndpoint
from events.webhooks import net
from events.webhooks.delivery import deliver, lease
from events.webhooks.endpoints import endpoint_create

from .conftest import ALICE, Post, Receiver

pytestmark = pytest.mark.django_db(databases="__all__")
JAN = date(2026, 1, 15)


def hook(url: str, **kwargs: Any) -> tuple[WebhookEndpoint, str]:
    return endpoint_create(url=url, actor=ALICE, **kwargs)


def due_now() -> None:
    """As if the retry's wait had passed."""
    WebhookDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_an_event_arrives_signed_per_standard_webhooks(post: Post, receiver: Receiver) -> None:
    _, secret = hook(receiver.url)
    entry = post(JAN, "1000", "4000", "12.00")
    result = deliver()
    assert (result.sent, result.succeeded) == (1, 1)
    [got] = receiver.got
    body = Webhook(secret).verify(got.body, got.headers)
    assert body["type"] == "entry.posted" and body["payload"]["id"] == entry.pk and body["cursor"] == 1
    assert got.headers["webhook-id"] == body["id"]
    with pytest.raises(Exception, match="signature"):
        Webhook(secret).verify(got.body.replace(b"12", b"13") + b" ", got.headers)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "succeeded" and delivery.attempts == 1
    assert [a.status_code for a in delivery.log.all()] == [204]
    assert deliver().sent == 0  # delivered once


def test_an_endpoint_gets_only_the_types_it_subscribed_to(post: Post, receiver: Receiver) -> None:
    hook(receiver.url, event_types=["account.created"])
    post(JAN, "1000", "4000", "12.00")
    assert deliver().sent == 0 and receiver.got == []


def test_a_receiver_that_fails_then_recovers_gets_the_same_event_again(
    post: Post, receiver: Receiver
) -> None:
    hook(receiver.url)
    receiver.script = [500, 503]
    post(JAN, "1000", "4000", "12.00")
    before = timezone.now()
    assert deliver().failed == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and delivery.last_status_code == 500
    first_wait = delivery.next_attempt_at - before
    assert deliver().sent == 0  # not due yet
    due_now()
    assert deliver().failed == 1
    delivery.refresh_from_db()
    assert delivery.next_attempt_at - timezone.now() > first_wait  # the wait doubled
    due_now()
    assert deliver().succeeded == 1
    assert len({r.headers["webhook-id"] for r in receiver.got}) == 1 and len(receiver.got) == 3
    delivery.refresh_from_db()
    assert delivery.status == "succeeded" and delivery.attempts == 3
    assert [a.status_code for a in delivery.log.all()] == [204, 503, 500]
    assert WebhookEndpoint.objects.get().consecutive_failures == 0


def test_an_endpoint_that_keeps_failing_is_disabled_and_its_events_wait(
    post: Post, receiver: Receiver, settings: Settings
) -> None:
    settings.PYLEDGER_WEBHOOK_DISABLE_AFTER = 2
    receiver.status = 500
    endpoint, _ = hook(receiver.url)
    post(JAN, "1000", "4000", "1.00")
    post(JAN, "1000", "4000", "2.00")
    result = deliver()
    assert result.failed == 2 and result.disabled == [receiver.url]
    endpoint.refresh_from_db()
    assert not endpoint.is_active and "2 failed attempts" in endpoint.disabled_reason
    post(JAN, "1000", "4000", "3.00")
    due_now()
    assert deliver().sent == 0
    from events.webhooks.endpoints import endpoint_update

    receiver.status = 200
    endpoint_update(endpoint=endpoint, is_active=True)
    due_now()
    assert deliver().succeeded == 3  # the two that failed and the one made while disabled


def test_a_delivery_runs_out_of_attempts(post: Post, receiver: Receiver, settings: Settings) -> None:
    settings.PYLEDGER_WEBHOOK_MAX_ATTEMPTS = 2
    receiver.status = 500
    hook(receiver.url)
    post(JAN, "1000", "4000", "1.00")
    deliver()
    due_now()
    deliver()
    assert WebhookDelivery.objects.get().status == "failed"
    due_now()
    assert deliver().sent == 0


def test_a_worker_killed_mid_delivery_loses_nothing(post: Post, receiver: Receiver) -> None:
    """The lease is committed before the request; the worker dies before recording the outcome.
    Another worker leaves the delivery alone while the lease runs, then sends it."""
    hook(receiver.url)
    post(JAN, "1000", "4000", "1.00")
    deliver(limit=0)  # fan out only
    assert len(lease(10)) == 1  # ... and the worker is killed here
    assert deliver().sent == 0
    WebhookDelivery.objects.update(leased_until=timezone.now() - timedelta(seconds=1))
    assert deliver().succeeded == 1
    assert WebhookDelivery.objects.get().attempts == 2


def test_a_replayed_delivery_is_sent_again(post: Post, receiver: Receiver) -> None:
    hook(receiver.url)
    post(JAN, "1000", "4000", "1.00")
    deliver()
    from events.webhooks.endpoints import delivery_replay

    delivery_replay(delivery=WebhookDelivery.objects.get())
    assert deliver().succeeded == 1
    assert len(receiver.got) == 2 and receiver.got[0].body == receiver.got[1].body


def test_a_redirect_is_not_followed(post: Post, receiver: Receiver) -> None:
    hook(receiver.url)
    receiver.status, receiver.location = 302, "http://169.254.169.254/latest/meta-data/"
    post(JAN, "1000", "4000", "1.00")
    assert deliver().failed == 1
    assert len(receiver.got) == 1
    assert WebhookDelivery.objects.get().last_error == "redirect not followed"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/hook",
        "http://localhost:{port}/hook",
        "http://[::1]:{port}/hook",
        "http://10.1.2.3/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]:{port}/hook",
        "http://0.0.0.0:{port}/hook",
    ],
)
def test_private_addresses_are_refused_unless_allowed(
    receiver: Receiver, settings: Settings, url: str
) -> None:
    settings.PYLEDGER_WEBHOOK_ALLOW_PRIVATE = False
    port = receiver.url.split(":")[2].split("/")[0]
    outcome = net.post(url.format(port=port), b"{}", {})
    assert outcome.error.startswith("refused:") and outcome.status is None
    assert receiver.got == []


def test_a_name_with_one_private_address_among_public_ones_is_refused(
    receiver: Receiver, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.PYLEDGER_WEBHOOK_ALLOW_PRIVATE = False
    answers = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, 80)) for ip in ("93.184.215.14", "127.0.0.1")]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: answers)
    outcome = net.post("http://hooks.example.com/hook", b"{}", {})
    assert "127.0.0.1" in outcome.error and outcome.error.startswith("refused:")


def test_a_refused_address_is_a_failed_attempt_in_the_log(
    post: Post, receiver: Receiver, settings: Settings
) -> None:
    hook(receiver.url)
    settings.PYLEDGER_WEBHOOK_ALLOW_PRIVATE = False
    post(JAN, "1000", "4000", "1.00")
    assert deliver().failed == 1 and receiver.got == []
    [attempt] = WebhookDelivery.objects.get().log.all()
    assert attempt.status_code is None and "not a public address" in attempt.error


def test_deliveries_stay_in_their_company(post: Post, receiver: Receiver, foo: Company) -> None:
    from ledger.seed import seed_tenant
    from tenants.routing.context import tenant_context

    hook(receiver.url)
    with tenant_context(foo):
        seed_tenant(company=foo)
        assert deliver().sent == 0
    post(JAN, "1000", "4000", "1.00")
    with tenant_context(foo):
        assert deliver().sent == 0
    assert deliver().sent == 1
    assert json.loads(receiver.got[0].body)["payload"]["date"] == "2026-01-15"
