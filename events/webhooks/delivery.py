"""Delivering events to webhook endpoints: at least once, signed, retried, logged.

One pass for the current company (`deliver`): give cursors to new events, fan them out into one
delivery row per subscribed active endpoint, then send the deliveries that are due. A delivery is
leased before it is sent, in a committed statement, and settled after: a worker killed between
the two leaves a lease that runs out, and the delivery is sent again (the receiver recognises it
by its webhook-id, the event's stable id). Nothing is removed from the outbox by sending it.

Order: deliveries are sent oldest cursor first, but a delivery waiting for its retry does not
hold back later events: receivers order by the body's `cursor` (docs/events.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone
from standardwebhooks import Webhook

from tenants.routing.context import current_alias
from tenants.routing.db import tenant_atomic

from ..models import Event, WebhookDelivery, WebhookEndpoint
from ..outbox import sequence
from . import net

FAN_OUT_BATCH = 5000
USER_AGENT = "pyledger-webhooks/1"
MAX_BACKOFF = timedelta(days=1)

_FAN_OUT_SQL = """
WITH batch AS (
  SELECT id, cursor, type FROM events_event WHERE cursor > %s ORDER BY cursor LIMIT %s),
made AS (
  INSERT INTO events_webhookdelivery (endpoint_id, event_id, status, attempts, last_error)
  SELECT %s, b.id, 'pending', 0, '' FROM batch b
   WHERE cardinality(%s::text[]) = 0 OR b.type = ANY(%s::text[])
   ORDER BY b.cursor
  ON CONFLICT (endpoint_id, event_id) DO NOTHING)
SELECT max(cursor), count(*) FROM batch
"""

# Due deliveries of active endpoints, oldest event first; each leased (and its attempt counted)
# in the same committed statement, so two workers never send one delivery at once.
_LEASE_SQL = """
UPDATE events_webhookdelivery d
   SET leased_until = statement_timestamp() + make_interval(secs => %s), attempts = d.attempts + 1
  FROM (SELECT d2.id FROM events_webhookdelivery d2
          JOIN events_webhookendpoint w ON w.id = d2.endpoint_id AND w.is_active
          JOIN events_event e ON e.id = d2.event_id
         WHERE d2.status = 'pending' AND d2.next_attempt_at <= statement_timestamp()
           AND (d2.leased_until IS NULL OR d2.leased_until < statement_timestamp())
         ORDER BY e.cursor, d2.id LIMIT %s
         FOR UPDATE OF d2 SKIP LOCKED) due
 WHERE d.id = due.id
RETURNING d.id
"""


@dataclass
class Pass:
    sequenced: int = 0
    fanned_out: int = 0
    sent: int = 0
    succeeded: int = 0
    failed: int = 0
    disabled: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        text = f"{self.sent} sent, {self.succeeded} succeeded, {self.failed} failed"
        return text + (f"; disabled {', '.join(self.disabled)}" if self.disabled else "")


def body(event: Event) -> bytes:
    """An event as the pull feed and the webhooks carry it."""
    return json.dumps(event_json(event), separators=(",", ":")).encode()


def event_json(event: Event) -> dict[str, Any]:
    return {
        "id": str(event.event_id),
        "cursor": event.cursor,
        "type": event.type,
        "occurred_at": event.occurred_at.isoformat().replace("+00:00", "Z"),
        "payload": event.payload,
    }


def fan_out() -> int:
    """Make the deliveries of newly sequenced events, for every active endpoint; return how many
    events were looked at. Each endpoint's mark moves in the transaction that makes its rows."""
    seen = 0
    with tenant_atomic(), connections[current_alias()].cursor() as cursor:
        for endpoint in WebhookEndpoint.objects.select_for_update(skip_locked=True).filter(is_active=True):
            types = list(endpoint.event_types)
            while True:
                cursor.execute(
                    _FAN_OUT_SQL, [endpoint.fanned_out_to, FAN_OUT_BATCH, endpoint.pk, types, types]
                )
                top, count = cursor.fetchone()
                if not count:
                    break
                seen += count
                endpoint.fanned_out_to = top
                if count < FAN_OUT_BATCH:
                    break
            WebhookEndpoint.objects.filter(pk=endpoint.pk).update(fanned_out_to=endpoint.fanned_out_to)
    return seen


def lease_seconds() -> float:
    # Longer than one request can take, so a live worker never loses its lease mid-request; the
    # margin is how much longer a killed worker's deliveries wait before another worker sends them.
    timeout = float(settings.PYLEDGER_WEBHOOK_TIMEOUT_SECONDS)
    return timeout * 2 + float(settings.PYLEDGER_WEBHOOK_LEASE_MARGIN_SECONDS)


def lease(limit: int) -> list[int]:
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(_LEASE_SQL, [lease_seconds(), limit])
        return [row[0] for row in cursor.fetchall()]


def backoff(attempts: int) -> timedelta:
    """The wait before attempt `attempts + 1`: RETRY_SECONDS doubled per attempt, a day at most."""
    wait = timedelta(seconds=settings.PYLEDGER_WEBHOOK_RETRY_SECONDS * 2 ** max(attempts - 1, 0))
    return min(wait, MAX_BACKOFF)


def send(delivery: WebhookDelivery, *, now: datetime | None = None) -> net.Outcome:
    """Sign and POST one leased delivery."""
    event, endpoint = delivery.event, delivery.endpoint
    data = body(event)
    at = now or timezone.now()
    msg_id = str(event.event_id)
    headers = {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(endpoint.secret).sign(msg_id, at, data),
    }
    return net.post(endpoint.url, data, headers)


# One statement, one round trip: the log row, the endpoint's failure count (and its disabling at
# DISABLE_AFTER failures in a row), the delivery's state. Autocommit makes it its own transaction.
_SETTLE_SQL = """
WITH attempt AS (
  INSERT INTO events_webhookattempt (delivery_id, at, status_code, error, duration_ms)
  VALUES (%(delivery)s, statement_timestamp(), %(status)s, %(error)s, %(ms)s)),
endpoint AS (
  UPDATE events_webhookendpoint w
     SET consecutive_failures = CASE WHEN %(ok)s THEN 0 ELSE w.consecutive_failures + 1 END,
         is_active = w.is_active AND (%(ok)s OR w.consecutive_failures + 1 < %(disable_after)s),
         disabled_reason = CASE
           WHEN w.is_active AND NOT %(ok)s AND w.consecutive_failures + 1 >= %(disable_after)s
           THEN format(%(reason)s, w.consecutive_failures + 1) ELSE w.disabled_reason END
   WHERE w.id = %(endpoint)s
  RETURNING w.is_active, w.consecutive_failures)
UPDATE events_webhookdelivery d
   SET leased_until = NULL, last_status_code = %(status)s, last_error = %(error)s,
       last_attempt_at = statement_timestamp(),
       status = CASE WHEN %(ok)s THEN 'succeeded' WHEN d.attempts >= %(max_attempts)s THEN 'failed'
                     ELSE 'pending' END,
       delivered_at = CASE WHEN %(ok)s THEN statement_timestamp() END,
       next_attempt_at = CASE WHEN %(ok)s OR d.attempts >= %(max_attempts)s THEN d.next_attempt_at
                              ELSE statement_timestamp() + make_interval(secs => %(wait)s) END
  FROM endpoint
 WHERE d.id = %(delivery)s
RETURNING endpoint.is_active, endpoint.consecutive_failures
"""


def settle(delivery: WebhookDelivery, outcome: net.Outcome, result: Pass) -> None:
    """Record an attempt: the log row, the delivery's state, the endpoint's failure count."""
    disable_after = settings.PYLEDGER_WEBHOOK_DISABLE_AFTER
    params = {
        "delivery": delivery.pk, "endpoint": delivery.endpoint_id, "ok": outcome.ok,
        "status": outcome.status, "error": outcome.error, "ms": outcome.duration_ms,
        "disable_after": disable_after, "max_attempts": settings.PYLEDGER_WEBHOOK_MAX_ATTEMPTS,
        "wait": backoff(delivery.attempts).total_seconds(),
        "reason": f"Disabled after %s failed attempts in a row ({timezone.now():%Y-%m-%d %H:%M} UTC);"
                  " enable it again once it answers.",
    }  # fmt: skip
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(_SETTLE_SQL, params)
        row = cursor.fetchone()
    if outcome.ok:
        result.succeeded += 1
    else:
        result.failed += 1
        if row is not None and not row[0] and row[1] == disable_after:  # this attempt disabled it
            result.disabled.append(delivery.endpoint.url)


def deliver(*, limit: int = 100) -> Pass:
    """One pass for the current company: sequence, fan out, send up to `limit` due deliveries."""
    result = Pass(sequenced=sequence(), fanned_out=fan_out())
    ids = lease(limit)
    deliveries = WebhookDelivery.objects.select_related("event", "endpoint").filter(pk__in=ids)
    for delivery in sorted(deliveries, key=lambda d: (d.event.cursor or 0, d.pk)):
        outcome = send(delivery)
        result.sent += 1
        settle(delivery, outcome, result)
    return result
