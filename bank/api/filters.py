from __future__ import annotations

from typing import Any

import django_filters

from bank.models import StatementLine
from ledger.api.filters import IdFilter, IsoDateFilter


class StatementLineFilter(django_filters.FilterSet):
    bank_account = IdFilter(field_name="bank_account_id")
    statement = IdFilter(field_name="statement_id")
    status = django_filters.ChoiceFilter(choices=StatementLine.Status.choices)
    # `from` is a Python keyword: declared under other names, exposed as ?from= and ?to=.
    date_from = IsoDateFilter(field_name="booking_date", lookup_expr="gte", label="from")
    date_to = IsoDateFilter(field_name="booking_date", lookup_expr="lte", label="to")

    class Meta:
        model = StatementLine
        fields = ["bank_account", "statement", "status"]

    # `data` is the request's QueryDict (a dict whose copy is a mutable QueryDict) or a plain dict.
    def __init__(self, data: dict[str, Any] | None = None, *args: Any, **kwargs: Any) -> None:
        if data is not None:
            data = data.copy()
            for public, name in (("from", "date_from"), ("to", "date_to")):
                if public in data and name not in data:
                    data[name] = data[public]
        super().__init__(data, *args, **kwargs)
