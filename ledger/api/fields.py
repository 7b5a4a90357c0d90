"""Wire formats of money: decimal strings in, decimal strings at the currency's scale out."""

from __future__ import annotations

from datetime import date
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.text import parse_iso_date
from ledger.money import money_text as money_text  # the API's money format, re-exported


@extend_schema_field(
    {"type": "string", "format": "decimal", "pattern": r"^-?\d+(\.\d+)?$", "example": "100.00"}
)
class AmountField(serializers.Field[Any, Any, str, Any]):
    """Passes the raw value to the services, which refuse floats and too many decimals with
    their own codes (float_amount, amount_precision) instead of rounding anything."""

    def to_internal_value(self, data: Any) -> Any:
        return data

    def to_representation(self, value: Any) -> str:
        return str(value)


@extend_schema_field(OpenApiTypes.DATE)
class IsoDateField(serializers.DateField):
    """A calendar date written YYYY-MM-DD and nothing else: DRF's DateField also takes week
    dates (2026-W01), 20260302 and non-ASCII digits."""

    def to_internal_value(self, value: Any) -> date:
        if isinstance(value, str):
            try:
                return parse_iso_date(value)
            except ValueError:
                self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(value)
