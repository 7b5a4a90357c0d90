"""Contacts, sales and purchase documents, payments and their allocations, in each company's own
database (routed like the ledger).

Every issued document and every payment is a posted journal entry underneath (`entry`): the
documents hold no second set of balances. Their open amounts are what the control accounts
(receivables, payables) must add up to, per currency; `verify_ledger` checks it.

Signs: an item that debits its control account (an invoice, a vendor credit, money paid out) is a
debit item; one that credits it (a credit note, a bill, money received) is a credit item. An
allocation always joins one debit item to one credit item of the same contact, control account
and currency, and reduces both open amounts by its amount.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q

from ledger.models import Account, Currency, JournalEntry, TaxCode


class InvoicingSettings(models.Model):
    """One row per company: its control accounts and how tax is rounded."""

    class TaxRounding(models.TextChoices):
        LINE = "line"
        DOCUMENT = "document"

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    receivable_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    payable_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    trading_account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="+", help_text="Currency trading (3900)."
    )
    tax_rounding = models.CharField(max_length=10, choices=TaxRounding.choices, default=TaxRounding.LINE)
    payment_details = models.TextField(blank=True, help_text="Printed on invoices: bank, IBAN, terms.")
    # The company as its invoices name it: the registry keeps only its name and country.
    company_address = models.TextField(blank=True, help_text="Printed under the company's name.")
    company_tax_id = models.CharField(max_length=40, blank=True, help_text="VAT or tax number, printed.")
    company_email = models.EmailField(blank=True)
    logo = models.BinaryField(null=True, blank=True, editable=False, help_text="PNG, JPEG or SVG.")

    class Meta:
        verbose_name_plural = "invoicing settings"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="invoicing_settings_single_row")]

    def __str__(self) -> str:
        return "invoicing settings"


class Contact(models.Model):
    """A customer, a vendor, or both."""

    name = models.CharField(max_length=200)
    is_customer = models.BooleanField(default=True)
    is_vendor = models.BooleanField(default=False)
    tax_id = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    country = models.CharField(max_length=2, blank=True)
    currency = models.ForeignKey(
        Currency, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Blank: the company's base currency.",
    )  # fmt: skip
    payment_terms_days = models.PositiveSmallIntegerField(default=30)
    revenue_account = models.ForeignKey(
        Account, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    expense_account = models.ForeignKey(
        Account, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tax_code = models.ForeignKey(TaxCode, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    is_archived = models.BooleanField(default=False)
    idempotency_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    request_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Not a column: True on the contact handed back for a repeated Idempotency-Key (the first
    # request's), so a caller knows without asking again.
    replayed: bool = False

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="contact_name_not_empty"),
            models.CheckConstraint(
                condition=Q(is_customer=True) | Q(is_vendor=True), name="contact_has_a_role"
            ),
        ]
        indexes = [models.Index(fields=["tax_id"])]

    def __str__(self) -> str:
        return self.name


class DocumentSeries(models.Model):
    """The gapless numbers of one document kind in one calendar year: INV-2026-0001, ..."""

    kind = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    prefix = models.CharField(max_length=10)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["kind", "year"]
        verbose_name_plural = "document series"
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="series_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}"

    def label(self, number: int) -> str:
        return f"{self.prefix}-{self.year}-{number:04d}"


class Document(models.Model):
    class Kind(models.TextChoices):
        INVOICE = "invoice"
        CREDIT_NOTE = "credit_note"
        BILL = "bill"
        VENDOR_CREDIT = "vendor_credit"

    class Status(models.TextChoices):
        DRAFT = "draft"
        ISSUED = "issued"
        PARTLY_PAID = "partly_paid"
        PAID = "paid"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="documents")
    number = models.CharField(
        max_length=40, blank=True, help_text="Given when issued, gapless per kind and year."
    )
    series = models.ForeignKey(
        DocumentSeries, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sequence = models.PositiveIntegerField(null=True, blank=True)
    vendor_reference = models.CharField(max_length=100, blank=True, help_text="The vendor's own number.")
    issue_date = models.DateField()
    due_date = models.DateField()
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    exchange_rate = models.DecimalField(
        max_digits=20, decimal_places=10, null=True, blank=True, help_text="Set when issued."
    )
    memo = models.TextField(blank=True)
    original = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="credits",
        help_text="The invoice or bill a credit note or vendor credit corrects.",
    )  # fmt: skip
    entry = models.OneToOneField(
        JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="document"
    )
    net_total = models.DecimalField(max_digits=20, decimal_places=4, default=Decimal(0))
    tax_total = models.DecimalField(max_digits=20, decimal_places=4, default=Decimal(0))
    total = models.DecimalField(max_digits=20, decimal_places=4, default=Decimal(0))
    base_total = models.DecimalField(
        max_digits=20, decimal_places=4, default=Decimal(0), help_text="In the base currency."
    )
    open_amount = models.DecimalField(
        max_digits=20, decimal_places=4, default=Decimal(0), help_text="Still to settle."
    )
    base_open = models.DecimalField(
        max_digits=20, decimal_places=4, default=Decimal(0), help_text="Its booked base value."
    )
    idempotency_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    request_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_name = models.CharField(max_length=150, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by_name = models.CharField(max_length=150, blank=True)

    # Not a column: True on the document handed back for a repeated Idempotency-Key (the first
    # request's), so a caller knows without asking again.
    replayed: bool = False

    class Meta:
        ordering = ["-issue_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "number"], condition=~Q(number=""), name="document_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(open_amount__gte=0) & Q(open_amount__lte=models.F("total")),
                name="document_open_range",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", entry__isnull=True, number="")
                | (~Q(status="draft") & Q(entry__isnull=False) & ~Q(number="")),
                name="document_issued_has_entry_and_number",
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("issue_date")), name="document_due_after_issue"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "status", "due_date"]),
            models.Index(fields=["contact", "kind"]),
            # The aging report's read: the open items alone, whatever the number of paid ones,
            # without visiting the table (an index-only scan).
            models.Index(
                fields=["kind", "contact", "currency", "due_date"],
                include=["issue_date", "status", "open_amount", "base_open", "total", "base_total", "number"],
                condition=Q(open_amount__gt=0),
                name="document_open_items",
            ),
            # Documents issued after a past day, whose allocations that day's report adds back.
            models.Index(fields=["issue_date"], name="document_issue_date"),
        ]

    def __str__(self) -> str:
        return self.number or f"Draft {self.get_kind_display().lower()} {self.pk}"

    @property
    def is_sales(self) -> bool:
        return self.kind in (self.Kind.INVOICE, self.Kind.CREDIT_NOTE)

    @property
    def debits_control(self) -> bool:
        """Invoices and vendor credits debit their control account; credit notes and bills credit it."""
        return self.kind in (self.Kind.INVOICE, self.Kind.VENDOR_CREDIT)


class DocumentLine(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="lines")
    line_no = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=300)
    quantity = models.DecimalField(max_digits=20, decimal_places=4, default=Decimal(1))
    unit_price = models.DecimalField(max_digits=20, decimal_places=6)
    discount_percent = models.DecimalField(max_digits=7, decimal_places=4, default=Decimal(0))
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    tax_code = models.ForeignKey(TaxCode, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    net_amount = models.DecimalField(max_digits=20, decimal_places=4)
    tax_amount = models.DecimalField(max_digits=20, decimal_places=4, default=Decimal(0))

    class Meta:
        ordering = ["document", "line_no"]
        constraints = [
            models.UniqueConstraint(fields=["document", "line_no"], name="document_line_unique"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="document_line_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="document_line_price_not_negative"),
            models.CheckConstraint(
                condition=Q(discount_percent__gte=0, discount_percent__lte=100),
                name="document_line_discount_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line_no}: {self.description}"


class Payment(models.Model):
    """Money received or paid out through a bank or cash account, for one contact."""

    class Direction(models.TextChoices):
        RECEIVED = "received"
        PAID = "paid"

    class Party(models.TextChoices):
        CUSTOMER = "customer"  # settles against receivables
        VENDOR = "vendor"  # settles against payables

    direction = models.CharField(max_length=10, choices=Direction.choices)
    party = models.CharField(max_length=10, choices=Party.choices)
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="payments")
    date = models.DateField()
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="+", help_text="Bank or cash."
    )
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(max_digits=20, decimal_places=4)
    exchange_rate = models.DecimalField(max_digits=20, decimal_places=10)
    base_amount = models.DecimalField(max_digits=20, decimal_places=4)
    open_amount = models.DecimalField(
        max_digits=20, decimal_places=4, help_text="Not allocated yet: a credit or a debt of the contact."
    )
    base_open = models.DecimalField(max_digits=20, decimal_places=4)
    # Paid from (or into) a bank account in another currency than the documents': what the bank
    # moved, in its currency; the entry converts it through the trading account. Blank otherwise.
    bank_amount = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    bank_currency = models.ForeignKey(
        Currency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reference = models.CharField(max_length=100, blank=True)
    memo = models.TextField(blank=True)
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="payment")
    idempotency_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    request_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_name = models.CharField(max_length=150, blank=True)

    # Not a column: True on the payment handed back for a repeated Idempotency-Key (the first
    # request's), so a caller knows without asking again.
    replayed: bool = False

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(open_amount__gte=0) & Q(open_amount__lte=models.F("amount")),
                name="payment_open_range",
            ),
            models.CheckConstraint(
                condition=Q(bank_amount__isnull=True, bank_currency__isnull=True)
                | (
                    Q(bank_amount__gt=0)
                    & Q(bank_currency__isnull=False)
                    & ~Q(bank_currency=models.F("currency"))
                ),
                name="payment_bank_amount_in_another_currency",
            ),
        ]
        indexes = [
            models.Index(fields=["contact", "party"]),
            models.Index(fields=["party"], condition=Q(open_amount__gt=0), name="payment_open_items"),
            models.Index(fields=["date"], name="payment_date"),
        ]

    def __str__(self) -> str:
        return f"{self.direction} {self.amount} {self.currency_id} {self.date}"

    @property
    def debits_control(self) -> bool:
        """Money paid out debits the control account (a vendor paid, a customer refunded)."""
        return self.direction == self.Direction.PAID


class Allocation(models.Model):
    """One debit item settled against one credit item, for `amount` in their currency.

    Exactly one of each pair of foreign keys is set. `fx_amount` is the realised exchange
    difference in the base currency (positive: a gain), booked in `entry` with the allocation.
    """

    debit_document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="debit_allocations"
    )
    debit_payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="debit_allocations"
    )
    credit_document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="credit_allocations"
    )
    credit_payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="credit_allocations"
    )
    date = models.DateField()
    happened_on = models.DateField(
        help_text="The latest of its date and its two items' dates: from then on it counts (aging)."
    )
    amount = models.DecimalField(max_digits=20, decimal_places=4)
    fx_amount = models.DecimalField(max_digits=20, decimal_places=4, default=Decimal(0))
    entry = models.ForeignKey(
        JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="allocations",
        help_text="Blank when nothing had to be booked (same booked value on both sides).",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_amount_positive"),
            models.CheckConstraint(
                condition=Q(debit_document__isnull=True, debit_payment__isnull=False)
                | Q(debit_document__isnull=False, debit_payment__isnull=True),
                name="allocation_one_debit_item",
            ),
            models.CheckConstraint(
                condition=Q(credit_document__isnull=True, credit_payment__isnull=False)
                | Q(credit_document__isnull=False, credit_payment__isnull=True),
                name="allocation_one_credit_item",
            ),
        ]
        # The aging of a past day: the allocations that happened after it, without the table.
        indexes = [
            models.Index(
                fields=["happened_on"],
                include=["amount", "debit_document", "credit_document", "debit_payment", "credit_payment"],
                name="allocation_happened_on",
            )
        ]

    def __str__(self) -> str:
        return f"allocation {self.pk}: {self.amount}"


class Revaluation(models.Model):
    """Open foreign-currency balances revalued at the rates of `as_of`, reversed the next day.

    One per date: asking again for the same date returns this one.
    """

    as_of = models.DateField(unique=True)
    entry = models.OneToOneField(
        JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="revaluation"
    )
    reversal = models.OneToOneField(
        JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="revaluation_reversed"
    )
    difference = models.DecimalField(
        max_digits=20, decimal_places=4, default=Decimal(0), help_text="Net unrealised gain (+) or loss (-)."
    )
    lines = models.JSONField(default=list, help_text="Each balance revalued, as previewed.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_name = models.CharField(max_length=150, blank=True)

    # Not a column: True on the revaluation handed back for a date revalued before.
    replayed: bool = False

    class Meta:
        ordering = ["-as_of"]

    def __str__(self) -> str:
        return f"revaluation {self.as_of}"


# The aging report's kept figures ----------------------------------------------------------------
# A report for a day keeps each contact's rows (per currency) with the contact's version when they
# were computed; triggers on documents, payments and allocations give a contact a new version on
# every change, so a later report for the same day recomputes only the contacts changed since
# (invoicing/reports.py). The tables hold no money of their own: dropping them loses nothing.


class AgingVersion(models.Model):
    """A contact's version: a new one (from a sequence) whenever one of its items changes."""

    contact_id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField()

    def __str__(self) -> str:
        return f"contact {self.contact_id} v{self.version}"


class AgingDay(models.Model):
    """A day whose aging (of one side) is kept, for every contact that had a version then."""

    side = models.CharField(max_length=12)
    day = models.DateField()
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["side", "day"], name="aging_day_unique")]

    def __str__(self) -> str:
        return f"{self.side} {self.day}"


class AgingKept(models.Model):
    """One contact's aging rows on one day, as computed at `version` of the contact: a list of
    [currency, current, 1-30, 31-60, 61-90, over 90, credits, base total] (empty: nothing open)."""

    side = models.CharField(max_length=12)
    day = models.DateField()
    contact_id = models.BigIntegerField()
    version = models.BigIntegerField(null=True)
    rows = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["side", "day", "contact_id"], name="aging_kept_unique")
        ]

    def __str__(self) -> str:
        return f"{self.side} {self.day} contact {self.contact_id}"
