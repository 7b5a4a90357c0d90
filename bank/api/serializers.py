"""Wire formats of the bank endpoints. Amounts are decimal strings at the currency's scale."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bank.models import BankAccount, BankRule, CsvProfile, Statement, StatementLine
from bank.services import profiles as profile_services
from bank.services import rules as rule_services
from ledger.api.fields import AmountField, money_text
from ledger.codes import MAX_LENGTH as ACCOUNT_CODE_MAX


@extend_schema_field({"type": "string", "format": "decimal", "nullable": True, "example": "100.00"})
class MoneyField(serializers.Field[Any, Any, str | None, Any]):
    """A stored amount shown with its currency's minor units (`currency_field` on the object)."""

    def __init__(self, currency_field: str = "currency_id", **kwargs: Any) -> None:
        self.currency_field = currency_field
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        return instance

    def to_representation(self, instance: Any) -> str | None:
        value = getattr(instance, self.field_name or "")
        currency = instance
        for part in self.currency_field.split("."):
            currency = getattr(currency, part)
        return money_text(value, str(currency))


class BankAccountSerializer(serializers.ModelSerializer[BankAccount]):
    account = serializers.CharField(source="account.code", read_only=True)
    currency = serializers.CharField(source="currency_id", read_only=True)
    unmatched = serializers.IntegerField(read_only=True, default=0, help_text="Unmatched statement lines.")
    reconciled_to = serializers.DateField(read_only=True, allow_null=True, default=None)

    class Meta:
        model = BankAccount
        fields = [
            "id",
            "account",
            "name",
            "iban",
            "account_number",
            "bic",
            "bank_name",
            "currency",
            "is_active",
            "unmatched",
            "reconciled_to",
            "created_at",
        ]


class BankAccountCreateSerializer(serializers.Serializer[Any]):
    account = serializers.CharField(
        max_length=ACCOUNT_CODE_MAX, help_text="Code of the ledger account (cash and bank)."
    )
    name = serializers.CharField(max_length=200)
    currency = serializers.CharField(
        max_length=3, required=False, help_text="Default: the account's or base."
    )
    iban = serializers.CharField(max_length=42, required=False, allow_blank=True)
    account_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    bic = serializers.CharField(max_length=11, required=False, allow_blank=True)
    bank_name = serializers.CharField(max_length=200, required=False, allow_blank=True)


class BankAccountUpdateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200, required=False)
    iban = serializers.CharField(max_length=42, required=False, allow_blank=True)
    account_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    bic = serializers.CharField(max_length=11, required=False, allow_blank=True)
    bank_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class StatementSerializer(serializers.ModelSerializer[Statement]):
    opening_balance = MoneyField("bank_account.currency_id", allow_null=True)
    closing_balance = MoneyField("bank_account.currency_id", allow_null=True)
    unmatched = serializers.IntegerField(read_only=True, default=None, allow_null=True)

    class Meta:
        model = Statement
        fields = [
            "id",
            "bank_account",
            "format",
            "file_name",
            "file_hash",
            "part",
            "statement_id",
            "period_start",
            "period_end",
            "opening_balance",
            "closing_balance",
            "lines_total",
            "lines_added",
            "imported_at",
            "imported_by_name",
            "reconciled_at",
            "reconciled_by_name",
            "unmatched",
        ]


class StatementUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="The bank's file: CAMT.053, OFX/QFX, MT940 or CSV.")
    format = serializers.ChoiceField(
        choices=["camt053", "ofx", "mt940", "csv"],
        required=False,
        help_text="Default: detected from content.",
    )
    profile = serializers.IntegerField(required=False, help_text="CSV profile id (CSV files only).")


class ImportResultSerializer(serializers.Serializer[Any]):
    statements = StatementSerializer(many=True)
    lines = serializers.IntegerField()
    added = serializers.IntegerField()
    duplicates = serializers.IntegerField()


class StatementLineSerializer(serializers.ModelSerializer[StatementLine]):
    amount = MoneyField()
    currency = serializers.CharField(source="currency_id", read_only=True)
    entries = serializers.SerializerMethodField()
    created_entry = serializers.SerializerMethodField()

    class Meta:
        model = StatementLine
        fields = [
            "id",
            "statement",
            "bank_account",
            "booking_date",
            "value_date",
            "amount",
            "currency",
            "counterparty_name",
            "counterparty_account",
            "reference",
            "description",
            "transaction_id",
            "bank_code",
            "status",
            "match",
            "entries",
            "created_entry",
            "ignore_reason",
        ]

    def get_entries(self, line: StatementLine) -> list[int]:
        match = line.match  # None without a query when match_id is None
        if match is None:
            return []
        return sorted(m.entry_id for m in match.entries.all())

    def get_created_entry(self, line: StatementLine) -> int | None:
        match = line.match
        return match.created_entry_id if match is not None else None


class SuggestionSerializer(serializers.Serializer[Any]):
    entry = serializers.IntegerField()
    number = serializers.IntegerField(allow_null=True)
    date = serializers.DateField()
    amount = serializers.CharField()
    memo = serializers.CharField()
    reference = serializers.CharField()
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())


class MatchSerializer(serializers.Serializer[Any]):
    entries = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=100)
    lines = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        max_length=100,
        help_text="Further lines matched together with this one (several lines to one entry).",
    )


class SplitSerializer(serializers.Serializer[Any]):
    account = serializers.CharField(max_length=ACCOUNT_CODE_MAX)
    amount = AmountField(help_text="Gross, positive, in the bank account's currency.")
    tax_code = serializers.CharField(max_length=20, required=False, allow_blank=True, allow_null=True)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True)


class CreateEntrySerializer(serializers.Serializer[Any]):
    lines = serializers.ListField(child=SplitSerializer(), min_length=1, max_length=50)
    memo = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class IgnoreSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=200)


class RuleFromLineSerializer(serializers.Serializer[Any]):
    counter_account = serializers.CharField(max_length=ACCOUNT_CODE_MAX)
    tax_code = serializers.CharField(max_length=20, required=False, allow_blank=True, allow_null=True)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True)


class BankRuleSerializer(serializers.ModelSerializer[BankRule]):
    counter_account = serializers.CharField(source="counter_account.code", max_length=ACCOUNT_CODE_MAX)
    tax_code = serializers.CharField(
        source="tax_code.code", max_length=20, required=False, allow_null=True, allow_blank=True, default=None
    )
    bank_account = serializers.IntegerField(source="bank_account_id", required=False, allow_null=True)
    min_amount = AmountField(required=False, allow_null=True)
    max_amount = AmountField(required=False, allow_null=True)

    class Meta:
        model = BankRule
        fields = ["id", *rule_services.FIELDS, "created_at"]  # what the service writes
        read_only_fields = ["created_at"]
        extra_kwargs = {"name": {"required": False}}


class CsvProfileSerializer(serializers.ModelSerializer[CsvProfile]):
    bank_account = serializers.IntegerField(source="bank_account_id", required=False, allow_null=True)

    class Meta:
        model = CsvProfile
        fields = ["id", "bank_account", *profile_services.FIELDS]  # what the service writes


class AutoMatchSerializer(serializers.Serializer[Any]):
    dry_run = serializers.BooleanField()
    lines = serializers.IntegerField()
    matched = serializers.IntegerField()
    booked = serializers.IntegerField()
    settled = serializers.IntegerField(help_text="Lines that settled open documents (a payment each).")
    left = serializers.IntegerField()
    refused = serializers.ListField(child=serializers.CharField(), help_text="Lines a rule could not book.")
    actions = serializers.ListField(child=serializers.DictField())
