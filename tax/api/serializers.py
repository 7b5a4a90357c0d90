"""Input and output shapes of the tax API. The rules live in tax.services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ledger.api.fields import IsoDateField, money_text
from ledger.api.serializers import ReportSerializer
from tax.models import TaxReturn
from tax.schemes import COMPONENTS


class TaxReturnSerializer(serializers.ModelSerializer[TaxReturn]):
    """A filed return as it was filed."""

    period_from = IsoDateField(source="period_start", read_only=True)
    period_to = IsoDateField(source="period_end", read_only=True)
    payable = serializers.SerializerMethodField()
    payable_account = serializers.CharField(source="payable_account.code", read_only=True)
    entry = serializers.IntegerField(source="entry_id", read_only=True, allow_null=True)
    entry_label = serializers.SerializerMethodField()
    boxes = serializers.ListField(child=serializers.DictField(child=serializers.CharField()), read_only=True)
    tax_codes = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = TaxReturn
        fields = [
            "id", "scheme", "period_from", "period_to", "currency", "boxes", "tax_codes", "payable",
            "payable_account", "entry", "entry_label", "filed_at", "filed_by_id", "filed_by_name",
        ]  # fmt: skip

    def get_payable(self, obj: TaxReturn) -> str | None:
        return money_text(obj.payable, obj.currency)

    def get_entry_label(self, obj: TaxReturn) -> str | None:
        return obj.entry.label if obj.entry is not None else None


class TaxReturnFileSerializer(serializers.Serializer[Any]):
    scheme = serializers.CharField(max_length=20)
    period_from = IsoDateField()
    period_to = IsoDateField()

    def to_internal_value(self, data: Any) -> Any:
        # `from` is a Python keyword: the wire names are "from" and "to".
        if isinstance(data, dict):
            data = {**data, "period_from": data.get("from"), "period_to": data.get("to")}
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            detail = exc.detail
            if isinstance(detail, dict):
                names = {"period_from": "from", "period_to": "to"}
                detail = {names.get(k, k): v for k, v in detail.items()}
            raise serializers.ValidationError(detail) from None


class MappingSerializer(serializers.Serializer[Any]):
    tax_code = serializers.CharField(max_length=20)
    boxes = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField(max_length=20), max_length=10),
        help_text=f"Component ({', '.join(COMPONENTS)}) -> box keys; {{}} keeps the code out of the scheme.",
    )


class MappingOutSerializer(MappingSerializer):
    rate = serializers.CharField()
    custom = serializers.BooleanField(help_text="False: the scheme's default for the code.")


class BoxSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # Field.label in the stubs
    formula = serializers.CharField(help_text="For computed boxes, e.g. '3 - 4'; blank otherwise.")


class SchemeSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    name = serializers.CharField()
    payable = serializers.CharField(help_text="The box of what is owed (negative: reclaimable).")
    editable = serializers.BooleanField(help_text="Whether owners may change which codes fill its boxes.")
    boxes = BoxSerializer(many=True)
    mappings = MappingOutSerializer(many=True)


class TaxReturnBoxSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # Field.label in the stubs
    amount = serializers.CharField()
    lines = serializers.IntegerField(help_text="Journal lines behind the box (0 for computed boxes).")
    formula = serializers.CharField()
    drill_down = serializers.CharField(allow_null=True, help_text="The URL of the lines behind the box.")


class SettlementLineSerializer(serializers.Serializer[Any]):
    account = serializers.CharField()
    account_name = serializers.CharField()
    debit = serializers.CharField(allow_null=True)
    credit = serializers.CharField(allow_null=True)


class TaxReturnReportSerializer(ReportSerializer):
    meta = serializers.DictField(
        help_text="scheme, scheme_name, from, to, payable_box, tax_codes, tax_accounts, and "
        "filed_through: the covered codes already filed, with the day they are filed through."
    )
    rows = TaxReturnBoxSerializer(many=True)
    settlement = SettlementLineSerializer(
        many=True, help_text="The lines filing this return would post (dated `to`); empty: nothing to settle."
    )


class BoxLineSerializer(serializers.Serializer[Any]):
    entry_id = serializers.IntegerField()
    entry = serializers.CharField()
    date = serializers.DateField()
    reference = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # Field.source in the stubs
    account = serializers.CharField()
    account_name = serializers.CharField()
    tax_code = serializers.CharField()
    component = serializers.CharField()
    side = serializers.CharField()
    amount = serializers.CharField()
    currency = serializers.CharField()
    base_amount = serializers.CharField()
    signed = serializers.CharField(help_text="What the line adds to the box, in the base currency.")
    description = serializers.CharField()


class BoxLinesReportSerializer(ReportSerializer):
    meta = serializers.DictField(
        help_text="As the boxes' meta, plus box, label, formula, limit, offset, next_offset."
    )
    rows = BoxLineSerializer(many=True)
