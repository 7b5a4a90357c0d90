"""Input and output shapes of the ledger API. Validation of business rules lives in services."""

from __future__ import annotations

import copy
import threading
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from ledger.codes import MAX_LENGTH as CODE_MAX
from ledger.codes import RULE as CODE_RULE
from ledger.models import (
    Account,
    AuditEvent,
    ExchangeRate,
    FiscalPeriod,
    FiscalYear,
    JournalEntry,
    JournalLine,
    TaxCode,
    entry_label,
    fiscal_year_name,
    period_name,
)

from .fields import AmountField, IsoDateField, money_text


class AccountSerializer(serializers.ModelSerializer[Account]):
    # `parent` also names a field's parent serializer in DRF's stubs, hence the ignores.
    parent: serializers.SlugRelatedField[Account] = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="code", read_only=True, allow_null=True
    )
    currency = serializers.CharField(source="currency_id", read_only=True, allow_null=True)

    class Meta:
        model = Account
        fields = ["code", "name", "type", "parent", "currency", "is_active"]


# The list's account: the schema's description of the rows ledger.selectors.account_list writes
# (read as rows, they skip DRF's field-by-field walk). No docstring: the schema would show it.
class AccountWithBalanceSerializer(AccountSerializer):
    balance = serializers.CharField(read_only=True, help_text="Debit-positive balance in the base currency.")
    children = serializers.SerializerMethodField(help_text="Only with ?tree=1: the sub-accounts.")

    class Meta(AccountSerializer.Meta):
        fields = [*AccountSerializer.Meta.fields, "balance", "children"]

    def get_children(self, obj: dict[str, Any]) -> list[dict[str, Any]]:
        return list(obj.get("children", []))


@extend_schema_serializer(many=False)  # the list action answers one object, not an array
class AccountListSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    results = AccountWithBalanceSerializer(many=True)


class AccountCreateSerializer(serializers.Serializer[Any]):
    # Untrimmed: a code with a space at an end is refused (invalid_account_code), not changed.
    code = serializers.CharField(max_length=CODE_MAX, trim_whitespace=False, help_text=f"{CODE_RULE}.")
    name = serializers.CharField(max_length=200)
    type = serializers.ChoiceField(choices=Account.Type.choices)
    parent = serializers.CharField(  # type: ignore[assignment]  # Field.parent in the stubs
        max_length=CODE_MAX, required=False, allow_null=True, allow_blank=True
    )
    currency = serializers.CharField(max_length=3, required=False, allow_null=True, allow_blank=True)
    create_parents = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Without `parent`: put a colon code under its path's parent (`Assets:Bank` for "
        "`Assets:Bank:EUR`), creating the missing ones with the same type.",
    )


class AccountUpdateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200, required=False)
    # `parent` also names a field's parent serializer in DRF's stubs, hence the ignore.
    parent = serializers.CharField(max_length=CODE_MAX, required=False, allow_blank=True)  # type: ignore[assignment]
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


# An input shape built at every request whose declared fields are copied shallowly. DRF
# deep-copies each declared field for every serializer instance, running the field's __init__
# again: about 6 % of a posting request's CPU. What a field changes after __init__ is what bind()
# sets (name, parent, source), on the copy; what a copy shares with the declared field
# (validators, choices, error messages) is only read. Nested serializers keep per-instance state
# (their data and errors): they are still deep-copied. (No docstring: the schema would show it
# as every subclass's description.)
class LeanInputSerializer(serializers.Serializer[Any]):
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            name: copy.deepcopy(field) if isinstance(field, serializers.BaseSerializer) else copy.copy(field)
            for name, field in self._declared_fields.items()
        }

    @classmethod
    def validated(cls, data: Any) -> Any:
        """What `cls(data=data).is_valid(raise_exception=True)` leaves in `validated_data`.

        Valid input is checked by one instance per thread, kept with its fields and its nested
        serializers bound: building them again for each request cost twice what checking the
        input does (0.27 ms a check of a 2-line entry, 0.09 ms now). Checking reads the fields
        and changes none of them, and a thread checks one input at a time. Invalid input is
        checked again by a new instance, whose is_valid raises DRF's own error (the same answer
        as before, "No data provided" and all).
        """
        validators: dict[type[LeanInputSerializer], LeanInputSerializer]
        validators = _validators.__dict__.setdefault("by_class", {})
        validator = validators.get(cls)
        if validator is None:
            validator = validators[cls] = cls()
        try:
            return validator.run_validation(data)
        except (serializers.ValidationError, DjangoValidationError):
            pass
        serializer = cls(data=data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


# The per-thread instances of LeanInputSerializer.validated, by class.
_validators = threading.local()


class LineInSerializer(LeanInputSerializer):
    account = serializers.CharField(max_length=CODE_MAX)
    debit = AmountField(required=False, allow_null=True)
    credit = AmountField(required=False, allow_null=True)
    currency = serializers.CharField(max_length=3, required=False, allow_null=True, allow_blank=True)
    exchange_rate = AmountField(required=False, allow_null=True)
    tax_code = serializers.CharField(max_length=20, required=False, allow_null=True, allow_blank=True)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class EntryInSerializer(LeanInputSerializer):
    date = IsoDateField()
    memo = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    status = serializers.ChoiceField(choices=["draft", "posted"], default="draft")
    lines = LineInSerializer(many=True, allow_empty=True)


class EntryUpdateSerializer(EntryInSerializer):
    # None drops the inherited field (DRF's way); the stubs allow only a field here.
    status = None  # type: ignore[assignment]


class ReverseSerializer(serializers.Serializer[Any]):
    date = IsoDateField(required=False, help_text="The reversal's date; without it, `on` decides.")
    on = serializers.ChoiceField(
        choices=["original_date", "next_period"],
        default="original_date",
        help_text="Without `date`: the original entry's date (a correction), or the first day of the "
        "period after the original's (an accrual reversed when the next period opens).",
    )
    memo = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "date" in attrs and "on" in self.initial_data:
            raise serializers.ValidationError({"on": ["Give a date or `on`, not both."]})
        return attrs


class LineOutSerializer(serializers.Serializer[Any]):
    line_no = serializers.IntegerField()
    account = serializers.CharField()
    debit = serializers.CharField(allow_null=True)
    credit = serializers.CharField(allow_null=True)
    currency = serializers.CharField()
    exchange_rate = serializers.CharField()
    base_amount = serializers.CharField()
    tax_code = serializers.CharField(allow_null=True)
    description = serializers.CharField()


# The format of DRF's own date field (settings' DATE_FORMAT), used by the hand-written
# representation below.
_DATE = serializers.DateField()


def datetime_out(value: datetime) -> str:
    """What DRF's DateTimeField gives under TIME_ZONE = "UTC" (fixed in the settings): ISO 8601 in
    UTC, "Z" for "+00:00". DRF looks the time zone up for every value: two timestamps an entry
    cost more than the rest of its fields."""
    text = value.astimezone(UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# A page's lines, read as tuples: model instances of lines, accounts and tax codes cost more
# than the rest of a page (GET journal-entries/).
PAGE_LINE_FIELDS = ("entry_id", "line_no", "account__code", "side", "amount", "currency_id", "exchange_rate",
                    "base_amount", "tax_code__code", "description")  # fmt: skip


def page_line_out(row: tuple[Any, ...], base: str) -> dict[str, Any]:
    """A line as the API shows it (LineOutSerializer), from a PAGE_LINE_FIELDS row."""
    _, line_no, account, side, amount, currency, rate, base_amount, tax_code, description = row
    text = money_text(amount, currency)
    return {
        "line_no": line_no,
        "account": account,
        "debit": text if side == "D" else None,
        "credit": text if side == "C" else None,
        "currency": currency,
        "exchange_rate": str(rate.normalize()),
        "base_amount": money_text(base_amount, base),
        "tax_code": tax_code,
        "description": description,
    }


def line_out(line: Any, base: str) -> dict[str, Any]:
    """page_line_out of a line instance (with its account and tax code)."""
    tax_code = line.tax_code.code if line.tax_code else None
    row = (None, line.line_no, line.account.code, line.side, line.amount, line.currency_id,
           line.exchange_rate, line.base_amount, tax_code, line.description)  # fmt: skip
    return page_line_out(row, base)


# A page's entries, read as rows (`values()`): instances of each entry, its year and its period
# cost more than the rest of a page. `reversed_by_pk` is the list's annotation (views.py).
PAGE_ENTRY_FIELDS = ("id", "number", "date", "memo", "reference", "status", "created_at", "created_by_name",
                     "posted_at", "posted_by_name", "reversal_of_id", "reversed_by_pk", "hash",
                     "fiscal_year__start_date", "fiscal_year__end_date", "period__start_date")  # fmt: skip


def page_entry_out(row: dict[str, Any], lines: list[dict[str, Any]]) -> dict[str, Any]:
    """An entry as the API shows it (EntryOutSerializer's fields), from a PAGE_ENTRY_FIELDS row."""
    year = fiscal_year_name(row["fiscal_year__start_date"], row["fiscal_year__end_date"])
    posted_at = row["posted_at"]
    return {
        "id": row["id"],
        "number": row["number"],
        "label": entry_label(row["id"], row["number"], year),
        "date": _DATE.to_representation(row["date"]),
        "fiscal_year": year,
        "period": period_name(row["period__start_date"]),
        "memo": row["memo"],
        "reference": row["reference"],
        "status": row["status"],
        "created_at": datetime_out(row["created_at"]),
        "created_by": row["created_by_name"],
        "posted_at": datetime_out(posted_at) if posted_at else None,
        "posted_by": row["posted_by_name"],
        "reversal_of": row["reversal_of_id"],
        "reversed_by": row["reversed_by_pk"],
        "hash": row["hash"],
        "lines": lines,
    }


class EntryListSerializer(serializers.ListSerializer[JournalEntry]):
    """A page of entries read as rows (PAGE_ENTRY_FIELDS), their lines in one query of tuples
    (PAGE_LINE_FIELDS)."""

    def to_representation(self, data: Any) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = list(data)
        base = self.context["base_currency"]
        lines: dict[int, list[dict[str, Any]]] = {entry["id"]: [] for entry in entries}
        if entries:
            rows = JournalLine.objects.filter(entry_id__in=list(lines)).order_by("entry_id", "line_no")
            for row in rows.values_list(*PAGE_LINE_FIELDS):
                lines[row[0]].append(page_line_out(row, base))
        return [page_entry_out(entry, lines[entry["id"]]) for entry in entries]


class EntryOutSerializer(serializers.ModelSerializer[JournalEntry]):
    fiscal_year: serializers.StringRelatedField[FiscalYear] = serializers.StringRelatedField()
    period: serializers.StringRelatedField[FiscalPeriod] = serializers.StringRelatedField()
    reversal_of: serializers.PrimaryKeyRelatedField[JournalEntry] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    reversed_by = serializers.SerializerMethodField()
    posted_by = serializers.CharField(source="posted_by_name", read_only=True)
    created_by = serializers.CharField(source="created_by_name", read_only=True)
    lines = serializers.SerializerMethodField()
    # `label` also names a field's own label in DRF's stubs, hence the ignore.
    label = serializers.CharField(  # type: ignore[assignment]
        read_only=True, help_text="The number to quote: FY2026-394 (posted), Draft 427 (a draft, by id)."
    )

    class Meta:
        model = JournalEntry
        fields = [
            "id", "number", "label", "date", "fiscal_year", "period", "memo", "reference", "status",
            "created_at", "created_by", "posted_at", "posted_by", "reversal_of", "reversed_by", "hash",
            "lines",
        ]  # fmt: skip
        list_serializer_class = EntryListSerializer

    def to_representation(self, instance: JournalEntry) -> dict[str, Any]:
        return self.entry_out(instance, self.get_lines(instance))

    def entry_out(self, entry: JournalEntry, lines: list[dict[str, Any]]) -> dict[str, Any]:
        """What the fields above give, written out (page_entry_out): DRF's field-by-field walk cost
        more than the query (tests/test_entries.py compares the two)."""
        row = {
            "id": entry.pk, "number": entry.number, "date": entry.date, "memo": entry.memo,
            "reference": entry.reference, "status": entry.status, "created_at": entry.created_at,
            "created_by_name": entry.created_by_name, "posted_at": entry.posted_at,
            "posted_by_name": entry.posted_by_name, "reversal_of_id": entry.reversal_of_id,
            "reversed_by_pk": self.get_reversed_by(entry), "hash": entry.hash,
            "fiscal_year__start_date": entry.fiscal_year.start_date,
            "fiscal_year__end_date": entry.fiscal_year.end_date,
            "period__start_date": entry.period.start_date,
        }  # fmt: skip
        return page_entry_out(row, lines)

    def get_reversed_by(self, obj: JournalEntry) -> int | None:
        if hasattr(obj, "reversed_by_pk"):  # a page's entries carry the id only (views.py)
            found: int | None = obj.reversed_by_pk
            return found
        reversal = getattr(obj, "reversed_by", None)
        return reversal.pk if reversal is not None else None

    def get_lines(self, obj: JournalEntry) -> list[dict[str, Any]]:
        base = self.context["base_currency"]
        lines = (
            getattr(obj, "prefetched_lines", None)
            or getattr(obj, "written_lines", None)
            or obj.lines.select_related("account", "tax_code")
        )
        return [line_out(line, base) for line in lines]

    # For the schema: lines are LineOutSerializer objects.
    get_lines.__annotations__["return"] = list[dict[str, Any]]


class FiscalPeriodSerializer(serializers.ModelSerializer[FiscalPeriod]):
    fiscal_year: serializers.StringRelatedField[FiscalYear] = serializers.StringRelatedField()

    class Meta:
        model = FiscalPeriod
        fields = ["id", "fiscal_year", "number", "start_date", "end_date", "status"]


class FiscalYearSerializer(serializers.ModelSerializer[FiscalYear]):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = FiscalYear
        fields = ["id", "name", "start_date", "end_date", "status", "closed_at"]


class FiscalYearCreateSerializer(serializers.Serializer[Any]):
    date = IsoDateField(help_text="A day of the year to open; the company's start month sets its bounds.")


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class ExchangeRateSerializer(serializers.ModelSerializer[ExchangeRate]):
    currency = serializers.CharField(source="currency_id", max_length=3)
    date = IsoDateField()
    rate = AmountField()

    class Meta:
        model = ExchangeRate
        fields = ["currency", "date", "rate"]

    def to_representation(self, instance: ExchangeRate) -> dict[str, Any]:
        return {
            "currency": instance.currency_id,
            "date": instance.date.isoformat(),
            "rate": str(instance.rate.normalize()),
        }


class TaxCodeSerializer(serializers.ModelSerializer[TaxCode]):
    account: serializers.SlugRelatedField[Account] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = TaxCode
        fields = ["code", "name", "rate", "valid_from", "valid_to", "account", "is_active"]


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    class Meta:
        model = AuditEvent
        fields = ["id", "at", "actor_id", "actor_name", "action", "object_type", "object_id", "data"]


class AccountTotalsSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    type = serializers.CharField()
    parent = serializers.CharField(allow_null=True)  # type: ignore[assignment]  # Field.parent in the stubs
    debit = serializers.CharField()
    credit = serializers.CharField()


class TrialBalanceRowSerializer(AccountTotalsSerializer):
    net = serializers.CharField(help_text="debit - credit: a credit balance is negative.")


class ReportRowSerializer(AccountTotalsSerializer):
    balance = serializers.CharField(
        help_text="On the account's natural side: liability, equity and income credit balances are positive."
    )


class ReportSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    currency = serializers.CharField()
    meta = serializers.DictField(child=serializers.CharField())
    # Declared as any serializer (many=True makes a ListSerializer): subclasses have rows of their own.
    rows: serializers.BaseSerializer[Any] = ReportRowSerializer(many=True)
    totals = serializers.DictField(child=serializers.CharField())


class TrialBalanceSerializer(ReportSerializer):
    rows = TrialBalanceRowSerializer(many=True)


class MonthSerializer(serializers.Serializer[Any]):
    month = serializers.CharField(help_text="YYYY-MM")
    start = serializers.DateField(help_text="The month's first day within the range.")
    end = serializers.DateField(help_text="The month's last day within the range.")


class MonthlyRowSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    type = serializers.CharField()
    parent = serializers.CharField(allow_null=True)  # type: ignore[assignment]  # Field.parent in the stubs
    opening = serializers.CharField(help_text="Balance before the range, debit-positive.")
    movements = serializers.ListField(
        child=serializers.CharField(),
        help_text="Net movement per month, debit-positive; income and expense leave year-end closes out.",
    )
    closing = serializers.CharField(
        help_text="Balance at the end of the range, debit-positive: the trial balance's net."
    )


class MonthlySerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    currency = serializers.CharField()
    meta = serializers.DictField(child=serializers.CharField())
    months = MonthSerializer(many=True)
    rows = MonthlyRowSerializer(many=True)
    totals = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="income, expenses and net_income per month, on their natural side.",
    )


class LedgerLineSerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    entry = serializers.IntegerField()
    number = serializers.IntegerField(allow_null=True)
    reference = serializers.CharField()
    memo = serializers.CharField()
    description = serializers.CharField()
    currency = serializers.CharField()
    amount = serializers.CharField()
    debit = serializers.CharField()
    credit = serializers.CharField()
    balance = serializers.CharField()


class GeneralLedgerSerializer(ReportSerializer):
    rows = LedgerLineSerializer(many=True)
