"""The books, stored in each company's own database (routed by tenants.routing.router).

Invariants live twice: in `ledger.services` (readable errors) and in PostgreSQL triggers
(migration 0003), so that no code path and no raw SQL can break the books.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import models
from django.db.models import Q, QuerySet

from .codes import MAX_LENGTH as ACCOUNT_CODE_MAX_LENGTH
from .codes import PATTERN as ACCOUNT_CODE_PATTERN
from .money import money_text

# Amounts are NUMERIC(20,4): ISO 4217 minor units go up to 4; each currency's own scale is
# enforced by trigger (JPY 0, USD 2, KWD 3), never by a global "2 decimals".


class Currency(models.Model):
    """Tenant copy of the common DB's ISO 4217 currencies (no cross-database joins)."""

    code = models.CharField(max_length=3, primary_key=True)
    name = models.CharField(max_length=100)
    minor_units = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "currencies"

    def __str__(self) -> str:
        return self.code


class LedgerSettings(models.Model):
    """One row per tenant database: the company's base currency and special accounts."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    base_currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    fiscal_year_start_month = models.PositiveSmallIntegerField(default=1)
    retained_earnings = models.ForeignKey(
        "Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fx_gain_loss = models.ForeignKey(
        "Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "ledger settings"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="ledger_settings_single_row"),
            models.CheckConstraint(
                condition=Q(fiscal_year_start_month__gte=1, fiscal_year_start_month__lte=12),
                name="ledger_settings_start_month",
            ),
        ]

    def __str__(self) -> str:
        return f"base currency {self.base_currency_id}"


class Account(models.Model):
    class Type(models.TextChoices):
        ASSET = "asset"
        LIABILITY = "liability"
        EQUITY = "equity"
        INCOME = "income"
        EXPENSE = "expense"

    # A short number (4100) or another ledger's colon path (Assets:US:BofA:Checking): ledger.codes.
    code = models.CharField(max_length=ACCOUNT_CODE_MAX_LENGTH, unique=True)
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=20, choices=Type.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    currency = models.ForeignKey(
        Currency, on_delete=models.PROTECT, null=True, blank=True, help_text="Blank: any currency."
    )
    is_active = models.BooleanField(default=True)
    # Receivables and payables: their balance is the sum of open documents, so only the
    # documents and payments that keep those items post to them (PostgreSQL refuses the rest).
    is_control = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Takes postings only from invoices, bills and payments; hand entries are refused.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=["asset", "liability", "equity", "income", "expense"]),
                name="account_type_valid",
            ),
            models.CheckConstraint(condition=~Q(code=""), name="account_code_not_empty"),
            models.CheckConstraint(condition=Q(code__regex=ACCOUNT_CODE_PATTERN), name="account_code_format"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


def fiscal_year_name(start: date, end: date) -> str:
    """FY2026 for a calendar year, FY2025/26 for one that starts in another month."""
    return f"FY{end.year}" if start.month == 1 else f"FY{start:%Y}/{end:%y}"


def period_name(start: date) -> str:
    """2026-03: a period by the month it starts in."""
    return f"{start:%Y-%m}"


def entry_label(pk: int | None, number: int | None, year_name: str) -> str:
    """The name people quote: FY2026-394 (year and gapless number); a draft has no number yet."""
    return f"{year_name}-{number}" if number else f"Draft {pk}"


class FiscalYear(models.Model):
    class Status(models.TextChoices):
        OPEN = "open"
        CLOSED = "closed"

    start_date = models.DateField(unique=True)
    end_date = models.DateField(unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gt=models.F("start_date")), name="fy_range")
        ]

    def __str__(self) -> str:
        return fiscal_year_name(self.start_date, self.end_date)


class FiscalPeriod(models.Model):
    class Status(models.TextChoices):
        OPEN = "open"
        CLOSED = "closed"

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT, related_name="periods")
    number = models.PositiveSmallIntegerField()
    start_date = models.DateField(unique=True)
    end_date = models.DateField(unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "number"], name="period_number_unique"),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="period_range"),
        ]

    def __str__(self) -> str:
        return period_name(self.start_date)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ExchangeRate(models.Model):
    """Units of the base currency for one unit of `currency` on `date`."""

    currency = models.ForeignKey(Currency, on_delete=models.PROTECT)
    date = models.DateField()
    rate = models.DecimalField(max_digits=20, decimal_places=10)

    class Meta:
        ordering = ["currency", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "date"], name="one_rate_per_day"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.currency_id} {self.date} {self.rate}"


class TaxCode(models.Model):
    """Tenant copy of a common-DB tax rate, plus the account its tax lines post to."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=100)
    rate = models.DecimalField(max_digits=7, decimal_places=4, help_text="Percent.")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    is_active = models.BooleanField(default=True)
    # Set when a tax return covering the code is filed: corrections go into a later period.
    filed_through = models.DateField(
        null=True, blank=True, help_text="Postings with this code dated on or before it are refused."
    )

    class Meta:
        ordering = ["code"]
        constraints = [models.CheckConstraint(condition=Q(rate__gte=0, rate__lte=100), name="tax_rate_range")]

    def __str__(self) -> str:
        return f"{self.code} {self.rate}%"


class JournalEntry(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft"
        POSTED = "posted"
        REVERSED = "reversed"

    class Kind(models.TextChoices):
        REGULAR = "regular"
        CLOSING = "closing"  # year-end close: left out of income statements

    number = models.PositiveIntegerField(null=True, blank=True, help_text="Gapless per fiscal year.")
    # No index of its own: entry_number_unique (fiscal_year, number) serves it. Every index of an
    # entry is written twice per posting (the insert, then the commit-time number and hash).
    # No foreign keys in the database: the guard trigger checks the period and holds the year to
    # the period's, as it reads the period anyway (0012_keys_by_trigger.sql).
    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.PROTECT, related_name="entries", db_index=False, db_constraint=False
    )
    period = models.ForeignKey(
        FiscalPeriod, on_delete=models.PROTECT, related_name="entries", db_constraint=False
    )
    date = models.DateField()
    memo = models.TextField(blank=True)
    reference = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    kind = models.CharField(
        max_length=10, choices=Kind.choices, default=Kind.REGULAR, db_default=Kind.REGULAR
    )
    # What wrote the entry: blank for hand entries and imports; the subledger ("sales",
    # "purchases", "payments", "revaluation", "tax") otherwise. Only those post to control accounts.
    source = models.CharField(max_length=20, blank=True, default="", db_default="")
    idempotency_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    request_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_id = models.BigIntegerField(null=True, blank=True)
    created_by_name = models.CharField(max_length=150, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    posted_by_id = models.BigIntegerField(null=True, blank=True)
    posted_by_name = models.CharField(max_length=150, blank=True)
    # Transaction id that posted the entry: lines may be added to a posted entry only in it.
    posted_xid = models.BigIntegerField(null=True, blank=True, editable=False)
    reversal_of = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["date", "number", "id"]
        verbose_name_plural = "journal entries"
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "number"], name="entry_number_unique"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "posted", "reversed"]), name="entry_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["date"]), models.Index(fields=["reference"])]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name people quote: FY2026-394 (year and gapless number); a draft has no number yet."""
        year = str(self.fiscal_year) if self.number else ""  # a draft's needs no year, nor its query
        return entry_label(self.pk, self.number, year)

    # Not a column: True on the entry journal_entry_create returns for a repeated Idempotency-Key
    # (the first request's entry), so a caller knows without asking again, which could race.
    replayed: bool = False
    # Not a column: the lines as the service just wrote them, in order, with their accounts.
    written_lines: list[JournalLine]

    # Set by the commit-time trigger: an entry the service posted outside a transaction with
    # server-side binding leaves them deferred, and the first access loads the four in one query.
    COMMIT_FIELDS = frozenset({"number", "prev_hash", "hash", "posted_xid"})

    def refresh_from_db(
        self,
        using: str | None = None,
        fields: Iterable[str] | None = None,
        from_queryset: QuerySet[JournalEntry] | None = None,
    ) -> None:
        if fields is not None:
            fields = list(fields)
            if self.COMMIT_FIELDS.intersection(fields):
                fields += sorted((self.get_deferred_fields() & self.COMMIT_FIELDS) - set(fields))
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)


class JournalLine(models.Model):
    class Side(models.TextChoices):
        DEBIT = "D"
        CREDIT = "C"

    # entry and account have no index of their own: line_number_unique (entry, line_no) and the
    # (account, ...) indexes serve them; lines are never looked up by currency alone (currencies
    # are never deleted). Fewer indexes, cheaper posting. Their keys are checked by the line trigger,
    # which looks those rows up anyway, not by foreign keys (0012_keys_by_trigger.sql).
    entry = models.ForeignKey(
        JournalEntry, on_delete=models.CASCADE, related_name="lines", db_index=False, db_constraint=False
    )
    line_no = models.PositiveSmallIntegerField()
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="lines", db_index=False, db_constraint=False
    )
    side = models.CharField(max_length=1, choices=Side.choices)
    amount = models.DecimalField(
        max_digits=20, decimal_places=4, help_text="In the line's currency; always positive."
    )
    currency = models.ForeignKey(
        Currency, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    exchange_rate = models.DecimalField(max_digits=20, decimal_places=10, default=1)
    base_amount = models.DecimalField(
        max_digits=20, decimal_places=4, help_text="In the company's base currency."
    )
    tax_code = models.ForeignKey(TaxCode, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["entry", "line_no"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "line_no"], name="line_number_unique"),
            models.CheckConstraint(condition=Q(side__in=["D", "C"]), name="line_side_valid"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="line_amount_positive"),
            models.CheckConstraint(condition=Q(base_amount__gte=0), name="line_base_not_negative"),
            models.CheckConstraint(condition=Q(exchange_rate__gt=0), name="line_rate_positive"),
        ]
        # (account, amount): the bank's match suggestions look up lines by account and amount.
        indexes = [models.Index(fields=["account", "entry"]), models.Index(fields=["account", "amount"])]

    def __str__(self) -> str:
        known = self.amount is not None and self.currency_id
        amount = money_text(self.amount, self.currency_id) if known else self.amount
        return f"line {self.line_no}: {self.side} {amount} {self.currency_id}"


class KeptTotals(models.Model):
    """Posted debits and credits of an account in one currency, in it and in the base currency."""

    # No index of their own: each table's unique constraint serves them.
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+", db_index=False)
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+", db_index=False)
    debit = models.DecimalField(max_digits=24, decimal_places=4, default=0)
    credit = models.DecimalField(max_digits=24, decimal_places=4, default=0)
    base_debit = models.DecimalField(max_digits=24, decimal_places=4, default=0)
    base_credit = models.DecimalField(max_digits=24, decimal_places=4, default=0)

    class Meta:
        abstract = True


class AccountBalance(KeptTotals):
    """Posted totals per account, currency and day, kept by trigger in the posting transaction.

    Reports sum these rows (O(accounts x days)) instead of scanning journal lines.
    """

    # No foreign keys in the database: only the posting triggers write these rows, from lines whose
    # keys are checked and which are never deleted (0012_keys_by_trigger.sql).
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    currency = models.ForeignKey(
        Currency, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    date = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "currency", "date"], name="balance_unique_day"),
        ]
        indexes = [models.Index(fields=["date", "account"])]

    def __str__(self) -> str:
        return f"{self.account_id} {self.currency_id} {self.date}"


class ClosedBalance(KeptTotals):
    """Posted totals of a closed period per account and currency, and of a fiscal year once all
    its periods are closed (`period` empty): written by trigger when periods close, dropped when
    one reopens. Nothing posts into a closed period, so they stay equal to the daily totals they
    sum, and a statement over years of history reads a row per closed year or period, not a row
    per day.
    """

    # closed_balance_unique (fiscal_year, period, account, currency) serves the reads, by year and
    # period; nothing deletes accounts or currencies with postings.
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT, related_name="+", db_index=False)
    period = models.ForeignKey(
        FiscalPeriod, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    start_date = models.DateField()
    end_date = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "period", "account", "currency"],
                name="closed_balance_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.currency_id} {self.start_date}..{self.end_date}"


class EntrySequence(models.Model):
    """Head of each fiscal year's numbering and hash chain; locked only inside the commit."""

    fiscal_year = models.OneToOneField(FiscalYear, on_delete=models.PROTECT, primary_key=True)
    last_number = models.PositiveIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.fiscal_year_id}: {self.last_number}"


class AuditEvent(models.Model):
    """Append-only: PostgreSQL refuses UPDATE and DELETE on this table."""

    at = models.DateTimeField(auto_now_add=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type} {self.object_id}"
