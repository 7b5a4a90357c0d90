"""Wire formats of sales and purchases. Amounts are decimal strings at the currency's scale."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bank.api.serializers import MoneyField
from invoicing.models import (
    Allocation,
    Contact,
    Document,
    DocumentLine,
    DocumentSeries,
    InvoicingSettings,
    Payment,
    Revaluation,
)
from ledger.api.fields import AmountField, IsoDateField, money_text
from ledger.codes import MAX_LENGTH as ACCOUNT_CODE_MAX


@extend_schema_field({"type": "string", "format": "decimal", "example": "100.00"})
class BaseMoneyField(serializers.Field[Any, Any, str | None, Any]):
    """A stored amount in the company's base currency (the view's context names it)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str | None:
        return money_text(value, self.context["base_currency"])


class ContactSerializer(serializers.ModelSerializer[Contact]):
    currency = serializers.CharField(source="currency_id", read_only=True, allow_null=True)
    revenue_account = serializers.CharField(
        source="revenue_account.code", read_only=True, default=None, allow_null=True
    )
    expense_account = serializers.CharField(
        source="expense_account.code", read_only=True, default=None, allow_null=True
    )
    tax_code = serializers.CharField(source="tax_code.code", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Contact
        fields = [
            "id", "name", "is_customer", "is_vendor", "tax_id", "email", "address", "country", "currency",
            "payment_terms_days", "revenue_account", "expense_account", "tax_code", "is_archived",
            "created_at",
        ]  # fmt: skip


class ContactInSerializer(serializers.Serializer[Any]):
    """Codes for the currency, accounts and tax code; blank clears them."""

    name = serializers.CharField(max_length=200)
    is_customer = serializers.BooleanField(required=False)
    is_vendor = serializers.BooleanField(required=False)
    tax_id = serializers.CharField(max_length=40, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    address = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    country = serializers.CharField(max_length=2, required=False, allow_blank=True)
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True, allow_null=True)
    payment_terms_days = serializers.IntegerField(min_value=0, max_value=3650, required=False)
    revenue_account = serializers.CharField(
        max_length=ACCOUNT_CODE_MAX, required=False, allow_blank=True, allow_null=True
    )
    expense_account = serializers.CharField(
        max_length=ACCOUNT_CODE_MAX, required=False, allow_blank=True, allow_null=True
    )
    tax_code = serializers.CharField(max_length=20, required=False, allow_blank=True, allow_null=True)
    is_archived = serializers.BooleanField(required=False)


class DocumentLineInSerializer(serializers.Serializer[Any]):
    description = serializers.CharField(max_length=300)
    quantity = AmountField(required=False, default="1")
    unit_price = AmountField()
    discount_percent = AmountField(required=False, default="0")
    account = serializers.CharField(
        max_length=ACCOUNT_CODE_MAX, required=False, allow_blank=True, allow_null=True
    )
    tax_code = serializers.CharField(
        max_length=20, required=False, allow_null=True, allow_blank=True,
        help_text="Left out: the contact's default tax code. Blank or null: no tax.",
    )  # fmt: skip
    tax_amount = AmountField(
        required=False, help_text="Bills: the vendor's own figure, checked against the rate."
    )

    def to_internal_value(self, data: Any) -> Any:
        values = super().to_internal_value(data)
        if "tax_code" in values and values["tax_code"] is None:
            values["tax_code"] = ""  # explicitly no tax, unlike a missing key
        return values


class DocumentInSerializer(serializers.Serializer[Any]):
    contact = serializers.IntegerField()
    issue_date = IsoDateField()
    due_date = IsoDateField(
        required=False, allow_null=True, help_text="Left out: the contact's payment terms."
    )
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True)
    memo = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    vendor_reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    lines = DocumentLineInSerializer(many=True, allow_empty=False)
    status = serializers.ChoiceField(
        ["draft", "issued"], default="draft", help_text="issued: number and post it now."
    )


class IssueSerializer(serializers.Serializer[Any]):
    exchange_rate = AmountField(required=False, help_text="Left out: the rate recorded for the issue date.")


class CreditSerializer(serializers.Serializer[Any]):
    issue_date = IsoDateField(required=False, help_text="Left out: today.")
    memo = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    lines = DocumentLineInSerializer(
        many=True, required=False, help_text="Left out: every line of the original."
    )


class DocumentLineSerializer(serializers.ModelSerializer[DocumentLine]):
    account = serializers.CharField(source="account.code", read_only=True)
    tax_code = serializers.CharField(source="tax_code.code", read_only=True, default=None, allow_null=True)
    net_amount = MoneyField(currency_field="document.currency_id")
    tax_amount = MoneyField(currency_field="document.currency_id")

    class Meta:
        model = DocumentLine
        fields = [
            "line_no", "description", "quantity", "unit_price", "discount_percent", "account", "tax_code",
            "net_amount", "tax_amount",
        ]  # fmt: skip


class AllocationSerializer(serializers.ModelSerializer[Allocation]):
    settled_with = serializers.SerializerMethodField()
    entry = serializers.IntegerField(source="entry_id", read_only=True, allow_null=True)

    class Meta:
        model = Allocation
        fields = ["id", "date", "amount", "fx_amount", "settled_with", "entry"]

    @extend_schema_field(serializers.CharField())
    def get_settled_with(self, allocation: Allocation) -> str:
        mine = self.context.get("item")
        for item in (allocation.debit_document, allocation.credit_document):
            if item is not None and item != mine:
                return str(item)
        for paid in (allocation.debit_payment, allocation.credit_payment):
            if paid is not None and paid != mine:
                return f"payment {paid.pk}" + (f" {paid.reference}" if paid.reference else "")
        return ""


class DocumentSerializer(serializers.ModelSerializer[Document]):
    contact_name = serializers.CharField(source="contact.name", read_only=True)
    currency = serializers.CharField(source="currency_id", read_only=True)
    original = serializers.IntegerField(source="original_id", read_only=True, allow_null=True)
    entry = serializers.IntegerField(source="entry_id", read_only=True, allow_null=True)
    net_total = MoneyField()
    tax_total = MoneyField()
    total = MoneyField()
    open_amount = MoneyField()
    base_total = BaseMoneyField()
    lines = DocumentLineSerializer(many=True, read_only=True)
    allocations = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id", "kind", "number", "status", "contact", "contact_name", "vendor_reference", "issue_date",
            "due_date", "currency", "exchange_rate", "memo", "original", "entry", "net_total", "tax_total",
            "total", "open_amount", "base_total", "lines", "allocations", "created_at", "issued_at",
        ]  # fmt: skip

    @extend_schema_field(AllocationSerializer(many=True))
    def get_allocations(self, item: Document | Payment) -> Any:
        """Every allocation of the item, either side, oldest first."""
        made = list(item.debit_allocations.all()) + list(item.credit_allocations.all())
        context = {**self.context, "item": item}
        return AllocationSerializer(
            sorted(made, key=lambda a: (a.date, a.pk)), many=True, context=context
        ).data


class DocumentListSerializer(DocumentSerializer):
    class Meta(DocumentSerializer.Meta):
        fields = [f for f in DocumentSerializer.Meta.fields if f not in ("lines", "allocations")]


class TargetSerializer(serializers.Serializer[Any]):
    document = serializers.IntegerField(required=False, allow_null=True)
    payment = serializers.IntegerField(
        required=False, allow_null=True, help_text="Another payment: a refund."
    )
    amount = AmountField()


class PaymentInSerializer(serializers.Serializer[Any]):
    direction = serializers.ChoiceField(Payment.Direction.choices)
    party = serializers.ChoiceField(Payment.Party.choices)
    contact = serializers.IntegerField()
    date = IsoDateField()
    account = serializers.CharField(max_length=ACCOUNT_CODE_MAX, help_text="The bank or cash account's code.")
    amount = AmountField(
        help_text="In the payment's currency; from a bank account in another currency than the"
        " documents', what the bank moved, in the account's currency."
    )
    currency = serializers.CharField(
        max_length=3, required=False, allow_blank=True, help_text="Left out: the documents' currency."
    )
    exchange_rate = AmountField(
        required=False,
        help_text="Left out: the rate recorded for the date (of the bank account's currency when it"
        " differs from the documents').",
    )
    allocations = TargetSerializer(many=True, required=False, default=list)
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    memo = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AllocateSerializer(serializers.Serializer[Any]):
    date = IsoDateField()
    allocations = TargetSerializer(many=True, allow_empty=False)


class PaymentSerializer(serializers.ModelSerializer[Payment]):
    contact_name = serializers.CharField(source="contact.name", read_only=True)
    account = serializers.CharField(source="account.code", read_only=True)
    currency = serializers.CharField(source="currency_id", read_only=True)
    amount = MoneyField()
    open_amount = MoneyField()
    base_amount = BaseMoneyField()
    bank_amount = serializers.SerializerMethodField(
        help_text="From (or into) a bank account in another currency: what the bank moved, in its currency."
    )
    bank_currency = serializers.CharField(source="bank_currency_id", read_only=True, allow_null=True)
    entry = serializers.IntegerField(source="entry_id", read_only=True)
    allocations = serializers.SerializerMethodField()

    class Meta:
        model = Payment
        fields = [
            "id", "direction", "party", "contact", "contact_name", "date", "account", "currency", "amount",
            "exchange_rate", "base_amount", "open_amount", "bank_amount", "bank_currency", "reference",
            "memo", "entry", "allocations", "created_at",
        ]  # fmt: skip

    @extend_schema_field({"type": "string", "format": "decimal", "nullable": True, "example": "1180.00"})
    def get_bank_amount(self, payment: Payment) -> str | None:
        if payment.bank_amount is None or payment.bank_currency_id is None:
            return None
        return money_text(payment.bank_amount, payment.bank_currency_id)

    get_allocations = DocumentSerializer.get_allocations


class InvoicingSettingsSerializer(serializers.ModelSerializer[InvoicingSettings]):
    receivable_account = serializers.CharField(source="receivable_account.code", read_only=True)
    payable_account = serializers.CharField(source="payable_account.code", read_only=True)
    trading_account = serializers.CharField(source="trading_account.code", read_only=True)
    has_logo = serializers.SerializerMethodField()

    class Meta:
        model = InvoicingSettings
        fields = [
            "receivable_account",
            "payable_account",
            "trading_account",
            "tax_rounding",
            "payment_details",
            "company_address",
            "company_tax_id",
            "company_email",
            "has_logo",
        ]

    def get_has_logo(self, settings: InvoicingSettings) -> bool:
        return bool(settings.logo)


class InvoicingSettingsInSerializer(serializers.Serializer[Any]):
    tax_rounding = serializers.ChoiceField(InvoicingSettings.TaxRounding.choices, required=False)
    payment_details = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    company_address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    company_tax_id = serializers.CharField(max_length=40, required=False, allow_blank=True)
    company_email = serializers.EmailField(required=False, allow_blank=True)


class LogoUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="PNG, JPEG or SVG, at most 512 KiB.")


class DocumentSeriesSerializer(serializers.ModelSerializer[DocumentSeries]):
    next_number = serializers.SerializerMethodField()

    class Meta:
        model = DocumentSeries
        fields = ["id", "kind", "year", "prefix", "last_number", "next_number"]
        read_only_fields = ["kind", "year", "last_number"]

    def get_next_number(self, series: DocumentSeries) -> str:
        return series.label(series.last_number + 1)


class SeriesPrefixSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(Document.Kind.choices)
    year = serializers.IntegerField(min_value=1900, max_value=9999)
    prefix = serializers.CharField(max_length=10)


class RevaluationInSerializer(serializers.Serializer[Any]):
    as_of = IsoDateField()


class RevaluedSerializer(serializers.Serializer[Any]):
    account = serializers.CharField()
    currency = serializers.CharField()
    balance = serializers.CharField(help_text="In the currency; debit positive.")
    booked = serializers.CharField(help_text="Its base value in the books.")
    rate = serializers.CharField()
    revalued = serializers.CharField(help_text="Its base value at the rate.")
    difference = serializers.CharField(help_text="revalued - booked.")


class RevaluationPreviewSerializer(serializers.Serializer[Any]):
    as_of = IsoDateField()
    lines = RevaluedSerializer(many=True)


class RevaluationSerializer(serializers.ModelSerializer[Revaluation]):
    entry = serializers.IntegerField(source="entry_id", read_only=True, allow_null=True)
    reversal = serializers.IntegerField(source="reversal_id", read_only=True, allow_null=True)
    difference = BaseMoneyField()
    lines = RevaluedSerializer(many=True, read_only=True)

    class Meta:
        model = Revaluation
        fields = ["id", "as_of", "entry", "reversal", "difference", "lines", "created_at", "created_by_name"]
