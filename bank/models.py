"""Bank accounts, imported statements and their lines, matches and rules, in each company's own
database (routed like the ledger: tenants.routing.router).

A statement line is matched to posted journal entries through a Match: one match joins one or
several lines to one or several entries, so one payment can settle several items and several
lines can settle one entry. An entry belongs to at most one match (one-to-one MatchedEntry), so
it can never be counted twice.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from ledger.models import Account, Currency, JournalEntry, TaxCode


class BankAccount(models.Model):
    """A ledger account of the cash/bank kind plus the bank's details."""

    account = models.OneToOneField(Account, on_delete=models.PROTECT, related_name="bank_account")
    name = models.CharField(max_length=200)
    iban = models.CharField(max_length=34, blank=True, help_text="Validated; stored without spaces.")
    account_number = models.CharField(max_length=40, blank=True, help_text="When the bank has no IBAN.")
    bic = models.CharField(max_length=11, blank=True)
    bank_name = models.CharField(max_length=200, blank=True)
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["account__code"]
        constraints = [
            models.UniqueConstraint(fields=["iban"], condition=~Q(iban=""), name="bank_iban_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class CsvProfile(models.Model):
    """How one bank's CSV export reads: columns, date format, separators, encoding."""

    name = models.CharField(max_length=100, unique=True)
    bank_account = models.ForeignKey(
        BankAccount, on_delete=models.CASCADE, null=True, blank=True, related_name="csv_profiles"
    )
    delimiter = models.CharField(max_length=1, default=",")
    encoding = models.CharField(max_length=20, default="utf-8")
    skip_rows = models.PositiveSmallIntegerField(default=0)
    has_header = models.BooleanField(default=True)
    date_format = models.CharField(max_length=20, default="%Y-%m-%d")
    decimal_separator = models.CharField(max_length=1, default=".")
    thousands_separator = models.CharField(max_length=1, blank=True, default="")
    columns = models.JSONField(default=dict, help_text="Field name → column header (or index).")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Statement(models.Model):
    """One imported file (or one statement of a file that holds several)."""

    bank_account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, related_name="statements")
    format = models.CharField(max_length=10)
    file_name = models.CharField(max_length=255, blank=True)
    file_hash = models.CharField(max_length=64)
    part = models.PositiveSmallIntegerField(default=0, help_text="Position in a multi-statement file.")
    statement_id = models.CharField(max_length=100, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    opening_balance = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    closing_balance = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    lines_total = models.PositiveIntegerField(default=0)
    lines_added = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by_id = models.BigIntegerField(null=True, blank=True)
    imported_by_name = models.CharField(max_length=150, blank=True)
    reconciled_at = models.DateTimeField(null=True, blank=True)
    reconciled_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-period_end", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["bank_account", "file_hash", "part"], name="statement_file_once"),
        ]

    def __str__(self) -> str:
        return f"{self.bank_account} {self.period_start or '?'}..{self.period_end or '?'}"


class Match(models.Model):
    """Lines and entries that settle each other; `created_entry` when the match booked it."""

    class Kind(models.TextChoices):
        MANUAL = "manual"
        AUTO = "auto"
        RULE = "rule"
        CREATED = "created"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    rule = models.ForeignKey("BankRule", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_entry = models.OneToOneField(
        JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_name = models.CharField(max_length=150, blank=True)

    def __str__(self) -> str:
        return f"match {self.pk} ({self.kind})"


class MatchedEntry(models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="entries")
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="bank_match")

    def __str__(self) -> str:
        return f"{self.match_id} ↔ {self.entry_id}"


class StatementLine(models.Model):
    class Status(models.TextChoices):
        UNMATCHED = "unmatched"
        MATCHED = "matched"
        IGNORED = "ignored"

    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="lines")
    bank_account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, related_name="lines")
    booking_date = models.DateField()
    value_date = models.DateField(null=True, blank=True)
    amount = models.DecimalField(max_digits=20, decimal_places=4, help_text="Signed: + is money in.")
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    counterparty_name = models.CharField(max_length=200, blank=True)
    counterparty_account = models.CharField(max_length=64, blank=True)
    reference = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    transaction_id = models.CharField(max_length=100, blank=True)
    bank_code = models.CharField(max_length=40, blank=True)
    dedup_key = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UNMATCHED)
    match = models.ForeignKey(Match, on_delete=models.SET_NULL, null=True, blank=True, related_name="lines")
    ignore_reason = models.CharField(max_length=200, blank=True)
    # Bumped by each unmatch of an entry booked from this line: the next booking gets a new
    # idempotency key, while a repeated auto-match of the same booking still replays.
    rebook_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["booking_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["bank_account", "dedup_key"], name="statement_line_once"),
            models.CheckConstraint(
                condition=(
                    Q(status="matched", match__isnull=False)
                    | Q(status__in=["unmatched", "ignored"], match__isnull=True)
                ),
                name="statement_line_status_match",
            ),
            models.CheckConstraint(condition=~Q(amount=0), name="statement_line_amount_nonzero"),
        ]
        indexes = [models.Index(fields=["bank_account", "status", "booking_date"])]

    def __str__(self) -> str:
        return f"{self.booking_date} {self.amount} {self.counterparty_name}"


class BankRule(models.Model):
    """When a line fits the conditions, book it to `counter_account` (auto-match, second pass)."""

    class Field(models.TextChoices):
        ANY = "any"
        COUNTERPARTY = "counterparty"
        REFERENCE = "reference"
        DESCRIPTION = "description"

    class Operator(models.TextChoices):
        CONTAINS = "contains"
        REGEX = "regex"

    class Direction(models.TextChoices):
        ANY = "any"
        IN = "in"
        OUT = "out"

    name = models.CharField(max_length=100)
    bank_account = models.ForeignKey(
        BankAccount,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rules",
        help_text="Blank: every bank account.",
    )
    priority = models.PositiveSmallIntegerField(default=100, help_text="Lower runs first.")
    field = models.CharField(max_length=20, choices=Field.choices, default=Field.ANY)
    operator = models.CharField(max_length=10, choices=Operator.choices, default=Operator.CONTAINS)
    pattern = models.CharField(max_length=200)
    direction = models.CharField(max_length=3, choices=Direction.choices, default=Direction.ANY)
    min_amount = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    max_amount = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    counter_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    tax_code = models.ForeignKey(TaxCode, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    memo_template = models.CharField(
        max_length=200, blank=True, help_text="e.g. '{counterparty} {reference}'."
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["priority", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_amount__isnull=True)
                | Q(max_amount__isnull=True)
                | Q(min_amount__lte=models.F("max_amount")),
                name="bank_rule_amount_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StatementUpload(models.Model):
    """A statement file waiting for its import job (the company's own database: bank data never
    sits in the common one). The job records its outcome here in the import's transaction, so a
    job run again after its worker died reports the first run's outcome instead of importing twice."""

    bank_account = models.ForeignKey(BankAccount, on_delete=models.CASCADE, related_name="uploads")
    data = models.BinaryField()
    file_name = models.CharField(max_length=255, blank=True)
    format = models.CharField(max_length=10, blank=True)
    profile = models.ForeignKey(CsvProfile, on_delete=models.SET_NULL, null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by_id = models.BigIntegerField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.file_name or 'upload'} #{self.pk}"
