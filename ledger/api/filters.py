from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from common.text import parse_iso_date
from ledger.models import AuditEvent, ExchangeRate, JournalEntry


class IsoDateFormField(forms.DateField):
    """YYYY-MM-DD only; Django's DateField also takes 03/02/2026, "Mar 2 2026" and more."""

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, str) and value.strip():
            try:
                return parse_iso_date(value.strip())
            except ValueError:
                raise forms.ValidationError("Enter a date YYYY-MM-DD.", code="invalid") from None
        return super().to_python(value)


class IsoDateFilter(django_filters.DateFilter):
    field_class = IsoDateFormField


class IdFormField(forms.IntegerField):
    """A row id: a whole number in bigint's range. django-filter's NumberFilter takes any decimal,
    and ?bank_account=-1e999999 overflowed PostgreSQL's numeric (a 500)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", -(2**63))
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    # The stubs type a NumberFilter's field as a DecimalField, the field this one replaces.
    field_class = IdFormField  # type: ignore[assignment]


class EntryFilter(django_filters.FilterSet):
    date_from = IsoDateFilter(field_name="date", lookup_expr="gte")
    date_to = IsoDateFilter(field_name="date", lookup_expr="lte")
    status = django_filters.ChoiceFilter(choices=JournalEntry.Status.choices)
    reference = django_filters.CharFilter(field_name="reference", lookup_expr="iexact")
    account = django_filters.CharFilter(method="filter_account", help_text="Account code.")
    q = django_filters.CharFilter(
        method="filter_text", help_text="Text in memo, reference or line descriptions."
    )

    class Meta:
        model = JournalEntry
        fields = ["date_from", "date_to", "status", "reference", "account", "q"]

    def filter_account(
        self, queryset: QuerySet[JournalEntry], name: str, value: str
    ) -> QuerySet[JournalEntry]:
        return queryset.filter(lines__account__code=value).distinct()

    def filter_text(self, queryset: QuerySet[JournalEntry], name: str, value: str) -> QuerySet[JournalEntry]:
        return queryset.filter(
            Q(memo__icontains=value) | Q(reference__icontains=value) | Q(lines__description__icontains=value)
        ).distinct()


class AuditEventFilter(django_filters.FilterSet):
    action = django_filters.CharFilter()
    object_type = django_filters.CharFilter()
    object_id = django_filters.CharFilter()
    actor_id = IdFilter()

    class Meta:
        model = AuditEvent
        fields = ["action", "object_type", "object_id", "actor_id"]


class ExchangeRateFilter(django_filters.FilterSet):
    currency = django_filters.CharFilter(method="filter_currency", help_text="ISO 4217 code.")
    date_from = IsoDateFilter(field_name="date", lookup_expr="gte")
    date_to = IsoDateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = ExchangeRate
        fields = ["currency", "date_from", "date_to"]

    def filter_currency(
        self, queryset: QuerySet[ExchangeRate], name: str, value: str
    ) -> QuerySet[ExchangeRate]:
        # Codes are stored upper-case; `iexact` is no lookup of a foreign key.
        return queryset.filter(currency_id=value.upper())
