"""The shared registry (`default` database): companies, where their books live, and who may enter."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

SLUG_PATTERN = r"^[a-z][a-z0-9-]{0,38}[a-z0-9]$"


class DatabaseServer(models.Model):
    """A PostgreSQL server that can hold tenant databases (the common DB's server needs no row)."""

    name = models.SlugField(max_length=40, unique=True)
    host = models.CharField(max_length=255, help_text="Hostname, IP address or unix-socket folder.")
    port = models.PositiveIntegerField(default=5432)
    user = models.CharField(max_length=63)
    password_env = models.CharField(
        max_length=100,
        blank=True,
        help_text="Name of the variable holding the password; NAME_FILE (a secret file) wins over NAME.",
        validators=[RegexValidator(r"^[A-Z][A-Z0-9_]*$", "Use an upper-case variable name.")],
    )
    options = models.JSONField(default=dict, blank=True, help_text="libpq options, e.g. sslmode.")
    accepts_new_tenants = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Currency(models.Model):
    """An ISO 4217 currency; `minor_units` fixes the scale of every amount in it."""

    code = models.CharField(max_length=3, primary_key=True, validators=[RegexValidator(r"^[A-Z]{3}$")])
    name = models.CharField(max_length=100)
    minor_units = models.PositiveSmallIntegerField(validators=[MaxValueValidator(4)])

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "currencies"

    def __str__(self) -> str:
        return self.code


class Company(models.Model):
    """A tenant. Its books live in database `db_name` on `server` (null: the common DB's server)."""

    class Status(models.TextChoices):
        PROVISIONING = "provisioning"
        ACTIVE = "active"
        SUSPENDED = "suspended"
        ARCHIVED = "archived"
        # Its books are being moved or restored (see TenantMove): read-only, requests refused.
        MAINTENANCE = "maintenance"

    slug = models.CharField(
        max_length=40,
        unique=True,
        validators=[RegexValidator(SLUG_PATTERN, "Lower-case letters, digits and hyphens.")],
    )
    name = models.CharField(max_length=200)
    base_currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROVISIONING)
    server = models.ForeignKey(
        DatabaseServer, on_delete=models.PROTECT, null=True, blank=True, related_name="companies"
    )
    db_name = models.CharField(max_length=63, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name_plural = "companies"
        # Cross-company access to the books, granted to a user (or group) explicitly; superusers
        # have both. Staff status alone grants neither (see tenants.routing.access).
        permissions = [
            ("view_all_books", "Can read the books of every company"),
            ("change_all_books", "Can write the books of every company"),
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class WebhookCompany(models.Model):
    """A company whose books hold webhook endpoints, with how many are active, failing (the last
    attempt failed) and disabled. The per-minute delivery job is queued only for companies with an
    active one (events.tasks), and /metrics sums the counts without a company label. Kept by
    events.webhooks.registry when endpoints are created, enabled, disabled or deleted and after
    each delivery job; repaired by `sync_webhook_companies`."""

    company = models.OneToOneField(
        Company, primary_key=True, on_delete=models.CASCADE, related_name="webhooks"
    )
    active_endpoints = models.PositiveIntegerField(default=0)
    failing_endpoints = models.PositiveIntegerField(default=0)
    disabled_endpoints = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.company_id)


class Domain(models.Model):
    """A hostname that resolves to a company (e.g. books.acme.example)."""

    hostname = models.CharField(max_length=253, unique=True)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="domains")

    class Meta:
        ordering = ["hostname"]

    def __str__(self) -> str:
        return self.hostname

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Host headers are case-insensitive; store the form the resolver looks up.
        self.hostname = self.hostname.lower().rstrip(".")
        super().save(*args, **kwargs)


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner"
        ACCOUNTANT = "accountant"
        VIEWER = "viewer"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "company"], name="one_membership_per_company")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.company} ({self.role})"


class TaxRate(models.Model):
    """A tax rate of a country, valid over a date range; tenants keep synced copies."""

    code = models.CharField(max_length=20)
    name = models.CharField(max_length=100)
    rate = models.DecimalField(
        max_digits=7,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="Percent, e.g. 20.0000.",
    )
    country = models.CharField(max_length=2)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["country", "code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["country", "code", "valid_from"], name="tax_rate_unique_start"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="tax_rate_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country}:{self.code} {self.rate}%"


class TenantMove(models.Model):
    """A company's books moving to another database: to another server (`move`), or onto a copy
    restored from a backup (`restore`). Each step is recorded before it runs, so that a run that
    crashed is resumed (or cleaned up) by running it again.

    Servers are kept by name ("" for the common DB's server), not by foreign key: the history of
    a server's tenants must not stop the server row from being deleted once it is empty.
    """

    class Kind(models.TextChoices):
        MOVE = "move"
        RESTORE = "restore"

    class Step(models.TextChoices):
        STARTED = "started"  # company in maintenance, source database read-only
        DUMPED = "dumped"  # dump_path holds the source's dump and its manifest
        RESTORING = "restoring"  # the target database is ours (possibly half restored)
        VERIFIED = "verified"  # target restored; row counts and totals equal the dump's
        SWITCHED = "switched"  # the registry points at the target; company back in service
        DONE = "done"  # source database dropped
        ABORTED = "aborted"  # target dropped, source back in service

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="moves")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    source_server = models.CharField(max_length=40, blank=True)
    source_db = models.CharField(max_length=63)
    target_server = models.CharField(max_length=40, blank=True)
    target_db = models.CharField(max_length=63)
    previous_status = models.CharField(max_length=20, choices=Company.Status.choices)
    step = models.CharField(max_length=20, choices=Step.choices, default=Step.STARTED)
    dump_path = models.CharField(max_length=1000, blank=True)
    error = models.TextField(blank=True, help_text="The last failure, if any: a re-run resumes from `step`.")
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["company"],
                condition=models.Q(finished_at__isnull=True),
                name="one_unfinished_move_per_company",
            )
        ]

    def __str__(self) -> str:
        target = self.target_server or "default"
        return f"{self.kind} {self.company_id} -> {target}/{self.target_db} ({self.step})"


class RegistryEvent(models.Model):
    """An audit row in the common database: who changed a company's lifecycle or its members, and
    who entered a company's books without being a member (cross-company access).

    Written in the same transaction as the change it records (see common.audit.record_event), so a
    change without its row, or a row without its change, cannot exist. The books' own audit trail
    lives in each tenant database (ledger.AuditEvent); this one survives a dropped company.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=60, help_text="What happened, e.g. `tenant.suspend`.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Snapshots: the row keeps its meaning after the user or the company is deleted.
    actor_name = models.CharField(max_length=150, blank=True, help_text="Empty: an operator's command.")
    company = models.ForeignKey(Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    company_slug = models.CharField(max_length=40, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["company_slug", "-at"], name="registry_event_company")]

    def __str__(self) -> str:
        who = self.actor_name or "operator"
        return f"{self.at:%Y-%m-%d %H:%M:%S} {who} {self.action} {self.company_slug}".rstrip()


class ChainCheckpoint(models.Model):
    """A fiscal year's hash-chain head in one company's books, kept outside its database.

    Someone who controls a company's database (a superuser past its triggers) can rewrite an entry
    and recompute every later hash, or cut entries off the end of a year: the chain alone would
    still look sound. What they cannot rewrite is this row, so verify_ledger checks that entry
    `last_number` of the year still exists with `head_hash`. Rows are only added: a newer head
    is a new row (see ledger/checkpoints.py for when they are taken).
    """

    class Reason(models.TextChoices):
        SCHEDULE = "schedule"  # checkpoint_ledgers, run on a schedule
        BACKUP = "backup"  # every backup, from the snapshot it dumps
        YEAR_CLOSE = "year-close"
        RESTORE = "restore"  # the heads of the backup that replaced the books

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    # The year's id in the company's database, part of every entry's hash, and its name for people.
    fiscal_year_id = models.BigIntegerField()
    fiscal_year = models.CharField(max_length=20)
    last_number = models.PositiveIntegerField()
    head_hash = models.CharField(max_length=64)
    entry_count = models.PositiveIntegerField()
    totals = models.JSONField(default=dict, help_text="Base-currency debit and credit of those entries.")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    taken_at = models.DateTimeField(default=timezone.now)
    # Set when a restore replaced the books with a backup: the heads before it no longer apply.
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["company", "fiscal_year_id", "last_number", "taken_at"]
        indexes = [models.Index(fields=["company", "fiscal_year_id", "last_number"], name="checkpoint_head")]

    def __str__(self) -> str:
        return f"{self.company_id} {self.fiscal_year} no. {self.last_number} ({self.reason})"


class RegistryGeneration(models.Model):
    """One row whose `value` grows with every change to companies, domains, memberships and
    servers: a trigger bumps it in the transaction of the change (migration 0007), whatever code
    (or SQL) makes it. Each process compares it with the value its registry cache was filled at, one
    cheap query per request, so a removed member or a suspended company is seen on the next request
    in every process (tenants.routing.registry_cache)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"registry generation {self.value}"
