"""The bank reconciliation report: JSON by default, CSV with ?format=csv or Accept: text/csv."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from bank.models import BankAccount
from bank.reconciliation import report
from ledger.api.fields import money_text
from ledger.api.reports import InvalidParameter, ReportView, parse_date


class BankReconciliationView(ReportView):
    """Statement balance against book balance as of a day, with the lines and entries that explain
    the difference. As CSV: one row per unexplained item, the figures as totals."""

    columns = ("kind", "id", "date", "amount", "counterparty", "reference", "memo")

    def params(self, request: Request, **kwargs: Any) -> tuple[BankAccount, date]:
        raw = request.query_params.get("bank_account", "")
        if not raw.isdigit() or not raw.isascii() or len(raw) > 18:
            raise InvalidParameter(
                "Give bank_account=<id>.", fields={"bank_account": ["This parameter is required."]}
            )
        bank_account = get_object_or_404(BankAccount.objects.select_related("account"), pk=int(raw))
        return bank_account, parse_date(request, "as_of", timezone.localdate())

    @extend_schema(
        parameters=[
            OpenApiParameter("bank_account", OpenApiTypes.INT, required=True),
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="Default: today."),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        bank_account, as_of = self.params(request)
        rep = report(bank_account, as_of)
        cur = bank_account.currency_id

        def money(value: Any) -> str | None:
            return money_text(value, cur)

        rows = [
            {
                "kind": kind,
                "id": line.pk,
                "date": line.booking_date.isoformat(),
                "amount": money(line.amount),
                "counterparty": line.counterparty_name,
                "reference": line.reference,
                "memo": line.ignore_reason,
            }
            for kind, lines in (("unmatched_line", rep.unmatched), ("ignored_line", rep.ignored))
            for line in lines
        ] + [
            {
                "kind": "uncovered_entry",
                "id": entry.pk,
                "date": entry.date.isoformat(),
                "amount": money(amount),
                "counterparty": "",
                "reference": entry.reference,
                "memo": entry.memo,
            }
            for entry, amount in rep.uncovered
        ]
        totals = {
            "statement_balance": money(rep.statement_balance),
            "book_balance": money(rep.book_balance),
            "difference": money(rep.difference),
            "opening_difference": money(rep.opening_difference),
            "unmatched": money(rep.unmatched_total),
            "ignored": money(rep.ignored_total),
            "uncovered": money(rep.uncovered_total),
            "timing": money(rep.timing),
            "explained": money(rep.explained),
        }
        response = Response(
            {
                "title": "Bank reconciliation",
                "currency": cur,
                "meta": {
                    "bank_account": bank_account.pk,
                    "account": bank_account.account.code,
                    "as_of": as_of.isoformat(),
                    "first_statement_day": rep.start.isoformat() if rep.start else None,
                    "reconciled_to": rep.reconciled_to.isoformat() if rep.reconciled_to else None,
                },
                "rows": rows,
                "totals": totals,
            }
        )
        if request.accepted_renderer.format == "csv":
            name = f"bank-reconciliation-{bank_account.account.code}-{as_of}.csv"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
