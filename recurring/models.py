"""Recurring journal entries in each company's own database (routed like the ledger).

A template holds an entry's lines and a schedule; each date the schedule falls on becomes one
occurrence: the entry it booked (posted or draft), or why it failed. `next_run` is the first
date not tried yet.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from ledger.models import JournalEntry

from . import schedule


class RecurringEntry(models.Model):
    class Frequency(models.TextChoices):
        WEEKLY = schedule.WEEKLY
        MONTHLY = schedule.MONTHLY
        QUARTERLY = schedule.QUARTERLY
        YEARLY = schedule.YEARLY

    name = models.CharField(max_length=200)
    memo = models.CharField(max_length=500, blank=True)
    reference = models.CharField(max_length=100, blank=True)
    # [{"account", "debit" | "credit", "description", "tax_code", "currency"}], amounts as strings.
    lines = models.JSONField(default=list)
    post = models.BooleanField(default=True, help_text="Post each entry; otherwise leave it a draft.")
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    interval = models.PositiveSmallIntegerField(default=1)
    day = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Day of the month (31: the last day); weekly: unused."
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    paused = models.BooleanField(default=False)
    next_run = models.DateField(
        null=True, blank=True, help_text="The first date not tried yet; none when ended."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_id = models.BigIntegerField(null=True, blank=True)
    created_by_name = models.CharField(max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(interval__gte=1), name="recurring_interval_positive"),
            models.CheckConstraint(
                condition=Q(day__isnull=True) | Q(day__gte=1, day__lte=31), name="recurring_day"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="recurring_range",
            ),
        ]
        indexes = [models.Index(fields=["next_run"], name="recurring_due", condition=Q(paused=False))]

    def __str__(self) -> str:
        return self.name

    @property
    def schedule(self) -> schedule.Schedule:
        return schedule.Schedule(
            frequency=self.frequency,
            start=self.start_date,
            end=self.end_date,
            day=self.day,
            interval=self.interval,
        )


class Occurrence(models.Model):
    """One date of a template: booked once (its idempotency key is the template and the date)."""

    class Status(models.TextChoices):
        POSTED = "posted"
        DRAFT = "draft"
        FAILED = "failed"

    template = models.ForeignKey(RecurringEntry, on_delete=models.CASCADE, related_name="occurrences")
    date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices)
    # A draft it made may be deleted: the occurrence stays, with no entry, and is not booked again.
    entry = models.OneToOneField(
        JournalEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="recurring_occurrence"
    )
    error_code = models.CharField(max_length=50, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["template", "date"], name="recurring_occurrence_once"),
            models.CheckConstraint(
                condition=~Q(status="failed") | Q(entry__isnull=True),
                name="recurring_occurrence_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template_id} {self.date} {self.status}"
