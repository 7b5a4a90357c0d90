"""Input and output of the recurring entries' endpoints."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from rest_framework import serializers

from ledger.api.fields import AmountField, IsoDateField
from ledger.codes import MAX_LENGTH as ACCOUNT_CODE_MAX
from recurring import services
from recurring.models import Occurrence, RecurringEntry


class TemplateLineSerializer(serializers.Serializer[Any]):
    account = serializers.CharField(max_length=ACCOUNT_CODE_MAX)
    debit = AmountField(required=False, allow_null=True)
    credit = AmountField(required=False, allow_null=True)
    currency = serializers.CharField(max_length=3, required=False, allow_null=True, allow_blank=True)
    tax_code = serializers.CharField(max_length=20, required=False, allow_null=True, allow_blank=True)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ScheduleSerializer(serializers.Serializer[Any]):
    frequency = serializers.ChoiceField(choices=RecurringEntry.Frequency.choices)
    interval = serializers.IntegerField(min_value=1, max_value=99, required=False, default=1)
    day = serializers.IntegerField(
        min_value=1,
        max_value=31,
        required=False,
        allow_null=True,
        help_text="Day of the month; 31: the last day.",
    )
    start_date = IsoDateField()
    end_date = IsoDateField(required=False, allow_null=True)


class SchedulePreviewInSerializer(ScheduleSerializer):
    count = serializers.IntegerField(min_value=1, max_value=60, required=False, default=12)


class ScheduleDatesSerializer(serializers.Serializer[Any]):
    dates = serializers.ListField(child=IsoDateField())


class RecurringEntrySerializer(serializers.ModelSerializer[RecurringEntry]):
    lines = TemplateLineSerializer(many=True)
    interval = serializers.IntegerField(min_value=1, max_value=99, required=False)
    day = serializers.IntegerField(min_value=1, max_value=31, required=False, allow_null=True)
    start_date = IsoDateField()
    end_date = IsoDateField(required=False, allow_null=True)
    upcoming = serializers.SerializerMethodField(help_text="The next five dates to book (none while paused).")
    failed = serializers.SerializerMethodField(
        help_text="Dates that failed and are tried again by the next run."
    )

    class Meta:
        model = RecurringEntry
        fields = [
            "id",
            *services.FIELDS,
            "paused",
            "next_run",
            "upcoming",
            "failed",
            "created_by_name",
            "created_at",
        ]
        read_only_fields = ["paused", "next_run", "created_by_name", "created_at"]
        extra_kwargs = {
            "memo": {"required": False},
            "reference": {"required": False},
            "post": {"required": False},
        }

    def get_upcoming(self, obj: RecurringEntry) -> list[str]:
        if obj.paused or obj.next_run is None:
            return []
        return [d.isoformat() for d in obj.schedule.upcoming(5, after=obj.next_run - timedelta(days=1))]

    def get_failed(self, obj: RecurringEntry) -> int:
        counted = getattr(obj, "failed_count", None)  # annotated by the view's queryset
        return (
            counted
            if counted is not None
            else obj.occurrences.filter(status=Occurrence.Status.FAILED).count()
        )


class OccurrenceSerializer(serializers.ModelSerializer[Occurrence]):
    date = IsoDateField()
    entry = serializers.IntegerField(source="entry_id", allow_null=True)
    entry_label = serializers.SerializerMethodField()
    entry_status = serializers.SerializerMethodField()

    class Meta:
        model = Occurrence
        fields = ["id", "date", "status", "entry", "entry_label", "entry_status", "error_code", "error"]
        fields += ["attempts", "updated_at"]
        read_only_fields = fields

    def get_entry_label(self, obj: Occurrence) -> str | None:
        return obj.entry.label if obj.entry is not None else None

    def get_entry_status(self, obj: Occurrence) -> str | None:
        return obj.entry.status if obj.entry is not None else None


class RecurringRunSerializer(serializers.Serializer[Any]):
    booked = OccurrenceSerializer(many=True)
    failed = OccurrenceSerializer(many=True)
    template = RecurringEntrySerializer()
