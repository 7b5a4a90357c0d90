"""The outbox of a company's database and its webhook endpoints (see docs/events.md).

An Event row is written in the transaction of the change it reports; its `cursor` is given after
the commit, in the order the sequencer (events.outbox.sequence) finds committed rows, so a reader
that resumes after the last cursor it saw never misses a row that committed late.
"""

from __future__ import annotations

import uuid

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.functions import RandomUUID
from django.db import models
from django.db.models.functions import Now


class Event(models.Model):
    event_id = models.UUIDField(unique=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)
    type = models.CharField(max_length=40)
    occurred_at = models.DateTimeField(db_default=Now())
    payload = models.JSONField(default=dict)
    # Null until sequenced after the commit; then unique and increasing in sequencing order.
    cursor = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["cursor"]
        constraints = [
            models.UniqueConstraint(
                fields=["cursor"], condition=models.Q(cursor__isnull=False), name="event_cursor"
            )
        ]
        indexes = [
            models.Index(fields=["id"], condition=models.Q(cursor__isnull=True), name="event_unsequenced")
        ]

    def __str__(self) -> str:
        return f"{self.cursor or '-'} {self.type}"


class EventCounter(models.Model):
    """One row: the last cursor given (kept apart from the events, which pruning deletes)."""

    last_cursor = models.BigIntegerField(default=0)
    # The last common RegistryEvent id whose membership change is in this outbox (events.members).
    members_relayed_to = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"last cursor {self.last_cursor}"


class WebhookEndpoint(models.Model):
    url = models.URLField(max_length=2000)
    description = models.CharField(max_length=200, blank=True)
    # Empty: every type.
    event_types = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    # "whsec_" + base64: shown once, at creation and rotation, and kept to sign each delivery.
    secret = models.CharField(max_length=100, editable=False)
    is_active = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=200, blank=True)
    consecutive_failures = models.IntegerField(default=0)
    # Events up to this cursor have their deliveries (fan-out is resumable, see events.webhooks).
    fanned_out_to = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url

    def wants(self, event_type: str) -> bool:
        return not self.event_types or event_type in self.event_types


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending"  # due at next_attempt_at (a retry, or not tried yet)
        SUCCEEDED = "succeeded"
        FAILED = "failed"  # out of attempts, or the endpoint was disabled

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.IntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_default=Now())
    # A worker holds the delivery until then; one killed mid-request leaves it to be taken again.
    leased_until = models.DateTimeField(null=True, blank=True)
    last_status_code = models.IntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event"], name="delivery_once_per_endpoint")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], condition=models.Q(status="pending"), name="delivery_due"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id} -> {self.endpoint_id} {self.status}"


class WebhookAttempt(models.Model):
    """The delivery log: one row per request made (or refused before it was made)."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField(db_default=Now())
    status_code = models.IntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.IntegerField(default=0)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.status_code or self.error}"
