"""Tax returns in each company's own database (routed like the ledger): which tax codes fill
which boxes, the returns filed, and the kept daily totals the return report reads.

A filed return's settlement is a posted journal entry (`entry`, source "tax"); the return keeps
what was filed (boxes and amounts) as it was, whatever is posted later.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from ledger.models import Account, FiscalYear, JournalEntry, TaxCode


class TaxBoxMapping(models.Model):
    """Which boxes of a scheme a tax code fills, per component (tax.schemes.COMPONENTS).

    A row replaces the scheme's default for its code; `boxes` {} keeps the code out of the scheme.
    """

    scheme = models.CharField(max_length=20)
    tax_code = models.ForeignKey(TaxCode, on_delete=models.CASCADE, related_name="+")
    boxes = models.JSONField(default=dict, blank=True, help_text='{"output_tax": ["1"], ...}')
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scheme", "tax_code__code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "tax_code"], name="tax_mapping_unique")]

    def __str__(self) -> str:
        return f"{self.scheme} {self.tax_code_id}"


class TaxReturn(models.Model):
    """A filed return: the period, the scheme, the boxes as filed, and the settlement entry."""

    scheme = models.CharField(max_length=20)
    period_start = models.DateField()
    period_end = models.DateField()
    currency = models.CharField(max_length=3)
    # [{"key", "label", "amount"}] in the scheme's order, amounts as decimal strings.
    boxes = models.JSONField(default=list)
    tax_codes = models.JSONField(default=list, help_text="Codes covered: filed through period_end.")
    payable = models.DecimalField(max_digits=20, decimal_places=4)
    payable_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    entry = models.OneToOneField(
        JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="tax_return"
    )
    filed_at = models.DateTimeField(auto_now_add=True)
    filed_by_id = models.BigIntegerField(null=True, blank=True)
    filed_by_name = models.CharField(max_length=150, blank=True)
    idempotency_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    request_hash = models.CharField(max_length=64, blank=True)

    # Not a column: True on the return handed back for a repeated Idempotency-Key (the first
    # request's), so a caller knows without asking again.
    replayed: bool = False

    class Meta:
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="tax_return_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.period_start}..{self.period_end}"


class TaxTotal(models.Model):
    """Posted base amounts of taxed lines per day, tax code, account, kind of entry and side.

    Posted lines never change, so these sums are brought up to date by appending what was posted
    since the mark (tax.totals.catch_up); the report reads a few thousand rows instead of a year
    of journal lines.
    """

    class Kind(models.TextChoices):
        SALES = "sales"
        PURCHASES = "purchases"
        HAND = "hand"  # any other entry: classified by side and account type
        HAND_REVERSAL = "hand_reversal"  # its reversal: the sides of what it reverses
        TAX = "tax"  # settlements: never in a return

    date = models.DateField()
    tax_code = models.ForeignKey(TaxCode, on_delete=models.PROTECT, related_name="+", db_index=False)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    side = models.CharField(max_length=1)
    amount = models.DecimalField(max_digits=24, decimal_places=4)
    lines = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["date", "tax_code", "account", "kind", "side"], name="tax_total_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.tax_code_id} {self.account_id} {self.kind} {self.side}"


class TaxTotalMark(models.Model):
    """Per fiscal year: the last entry number counted in TaxTotal (entries are numbered in commit
    order, so every entry numbered above it is new)."""

    fiscal_year = models.OneToOneField(FiscalYear, on_delete=models.CASCADE, primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.fiscal_year_id}: {self.last_number}"
