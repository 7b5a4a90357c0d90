"""Writing events, giving them cursors, reading and pruning them (docs/events.md).

`emit` adds an event to the transaction a service is in (entries need no call: a trigger writes
theirs, events/sql/0002_entry_events.sql). A row is written without a cursor; `sequence` gives
cursors to the rows committed since its last run, in id order, under the counter row's lock. A
cursor is therefore given only to a committed row and always above every cursor given before,
so a reader resuming `after` the last cursor it saw never skips a transaction that committed
late, as it would if it read ids (taken at insert, before commits that may come in any order).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import QuerySet
from django.utils import timezone

from tenants.routing.context import current_alias
from tenants.routing.db import tenant_atomic

from .members import relay_member_events
from .models import Event

# Rows given cursors per statement; a backlog larger than this takes several runs.
SEQUENCE_BATCH = 5000

_SEQUENCE_SQL = """
WITH pending AS (
  SELECT id, row_number() OVER (ORDER BY id) AS n FROM events_event
   WHERE cursor IS NULL ORDER BY id LIMIT %s),
counter AS (
  UPDATE events_eventcounter c SET last_cursor = c.last_cursor + (SELECT count(*) FROM pending)
   WHERE c.id = 1 RETURNING c.last_cursor - (SELECT count(*) FROM pending) AS base)
UPDATE events_event e SET cursor = counter.base + pending.n
  FROM pending, counter WHERE e.id = pending.id
"""


def emit(event_type: str, payload: dict[str, Any]) -> None:
    """Add an event to the current tenant transaction: it commits, or rolls back, with the change."""
    Event.objects.create(type=event_type, payload=payload)


def sequence() -> int:
    """Give cursors to the committed events that have none; return how many were given."""
    relay_member_events()
    alias = current_alias()
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM events_event WHERE cursor IS NULL)")
        row = cursor.fetchone()
        if not row or not row[0]:
            return 0
    total = 0
    with tenant_atomic(), connections[alias].cursor() as cursor:
        # The lock first, in its own statement: the rows below are then read by a statement that
        # starts after any other sequencer committed, so none is given a cursor twice.
        cursor.execute("SELECT last_cursor FROM events_eventcounter WHERE id = 1 FOR UPDATE")
        while True:
            cursor.execute(_SEQUENCE_SQL, [SEQUENCE_BATCH])
            total += int(cursor.rowcount)
            if cursor.rowcount < SEQUENCE_BATCH:
                return total


def events_after(after: int, *, limit: int, types: list[str] | None = None) -> list[Event]:
    """Up to `limit` sequenced events above cursor `after`, oldest first."""
    sequence()
    rows: QuerySet[Event] = Event.objects.filter(cursor__gt=after).order_by("cursor")
    if types:
        rows = rows.filter(type__in=types)
    return list(rows[:limit])


def retention() -> timedelta:
    return timedelta(days=settings.PYLEDGER_EVENT_RETENTION_DAYS)


def prune(*, now: Any = None) -> int:
    """Delete the sequenced events older than the retention (and their webhook deliveries)."""
    sequence()  # a company nobody reads or delivers for still has its events age out
    cutoff = (now or timezone.now()) - retention()
    _, deleted = Event.objects.filter(cursor__isnull=False, occurred_at__lt=cutoff).delete()
    return int(deleted.get(Event._meta.label, 0))
