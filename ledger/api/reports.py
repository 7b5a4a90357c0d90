"""Report endpoints: JSON by default, CSV with ?format=csv or Accept: text/csv, and a CSV made by a
background job with ?format=csv&background=true (ledger/exports.py)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.generics import get_object_or_404  # a malformed id is a 404, not a 500
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.errors import DomainError
from common.text import parse_iso_date
from jobs.api import JobSerializer, accepted
from jobs.models import Job
from ledger import reports
from ledger.exports import queue_export
from ledger.models import Account
from tenants.routing.permissions import required_role

from . import serializers as s
from .base import CompanyViewMixin
from .fields import money_text
from .renderers import CSVRenderer


class InvalidParameter(DomainError):
    code = "invalid_parameter"


def parse_date(request: Request, name: str, default: date | None = None) -> date:
    raw = request.query_params.get(name)
    if not raw:
        if default is None:
            raise InvalidParameter(f"Give {name}=YYYY-MM-DD.", fields={name: ["This parameter is required."]})
        return default
    try:
        return parse_iso_date(raw)
    except ValueError:
        raise InvalidParameter(f"{name} must be a date YYYY-MM-DD.", fields={name: ["Not a date."]}) from None


def date_range(request: Request, end_default: date | None = None) -> tuple[date, date]:
    """`from` and `to`, `to` not before `from`; with `end_default`, `from` defaults to the first
    of the year `to` is in."""
    end = parse_date(request, "to", end_default)
    start = parse_date(request, "from", date(end.year, 1, 1) if end_default else None)
    if end < start:
        raise InvalidParameter("`to` is before `from`.", fields={"to": ["Before from."]})
    return start, end


TRUE = ("1", "true", "yes")
MONEY_KEYS = ("debit", "credit", "balance", "net")


def payload(report: reports.Report[Any], base: str) -> dict[str, Any]:
    rows = []
    for row in report.rows:
        item = asdict(row)
        for key in MONEY_KEYS:
            if key in item:
                item[key] = money_text(item[key], base)
        if "amount" in item:
            item["amount"] = money_text(item["amount"], item["currency"])
        if isinstance(item.get("date"), date):
            item["date"] = item["date"].isoformat()
        rows.append(item)
    totals = {k: money_text(v, base) for k, v in report.totals.items()}
    return {"title": report.title, "currency": base, "meta": report.meta, "rows": rows, "totals": totals}


class ExportQueued(Exception):
    """Raised by ReportView.initial once a background export is queued: the answer is the job."""

    def __init__(self, job: Job) -> None:
        super().__init__(job.pk)
        self.job = job


BACKGROUND = OpenApiParameter(
    "background",
    OpenApiTypes.BOOL,
    description="With format=csv: make the CSV in a background job; 202 with the job, whose "
    "download_url gives the file once it has succeeded (see jobs/).",
)


class ReportSchema(AutoSchema):
    """Every report takes `background` (a CSV export as a job) beside its own parameters, and
    answers it with 202 and the job."""

    def get_override_parameters(self) -> list[Any]:
        return [*super().get_override_parameters(), BACKGROUND]

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        # Not get_response_serializers: @extend_schema(responses=...) replaces that one.
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        queued = OpenApiResponse(JobSerializer, description="background=true: the export's job.")
        job = self._get_response_for_code(queued, "202", ("application/json",), direction)
        return {**responses, "202": job}


class ReportView(CompanyViewMixin, APIView):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    columns: tuple[str, ...] = ()  # of the CSV: the report's own, set by get()
    schema = ReportSchema()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # After authentication, roles and content negotiation: a background export is queued
        # here, for whoever may read the report, and the report is not made in the request.
        super().initial(request, *args, **kwargs)
        if request.method != "GET" or request.query_params.get("background", "").lower() not in TRUE:
            return
        if request.accepted_renderer.format != CSVRenderer.format:
            raise InvalidParameter(
                "background=true exports a CSV: add format=csv.", fields={"format": ["Must be csv."]}
            )
        self.params(request, **kwargs)  # a bad query is refused now, not when the job runs
        raise ExportQueued(queue_export(self, request, role=required_role(request, self)))

    def params(self, request: Request, **kwargs: Any) -> Any:
        """The report's parameters, read and checked (4xx on a bad one) without making it."""
        return None

    def build(self, request: Request) -> reports.Report[Any]:
        raise NotImplementedError

    def get(self, request: Request) -> Response:
        report = self.build(request)
        self.columns = report.columns
        response = Response(payload(report, self.base_currency))
        if request.accepted_renderer.format == "csv":
            name = report.title.lower().replace(" ", "-")
            response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate()}.csv"'
        return response

    def get_serializer_context(self) -> dict[str, Any]:
        return {}

    def handle_exception(self, exc: Exception) -> Response:
        # Errors (and a queued export's job) keep the API's JSON, also when CSV was asked for.
        response = (
            accepted(exc.job, self.request)
            if isinstance(exc, ExportQueued)
            else super().handle_exception(exc)
        )
        renderer = getattr(self.request, "accepted_renderer", None)
        if renderer is not None and renderer.format == CSVRenderer.format:
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return response


AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE, description="Default: today.")
FROM = OpenApiParameter("from", OpenApiTypes.DATE, required=True)
TO = OpenApiParameter("to", OpenApiTypes.DATE, required=True)


class TrialBalanceView(ReportView):
    """Total debits, credits and net (debit - credit) of every account with postings up to `as_of`."""

    @extend_schema(parameters=[AS_OF], responses=s.TrialBalanceSerializer)
    def get(self, request: Request) -> Response:
        return super().get(request)

    def params(self, request: Request, **kwargs: Any) -> date:
        return parse_date(request, "as_of", timezone.localdate())

    def build(self, request: Request) -> reports.Report[Any]:
        return reports.trial_balance(self.params(request))


class BalanceSheetView(ReportView):
    """Assets, liabilities and equity as of a date, with current earnings."""

    @extend_schema(parameters=[AS_OF], responses=s.ReportSerializer)
    def get(self, request: Request) -> Response:
        return super().get(request)

    def params(self, request: Request, **kwargs: Any) -> date:
        return parse_date(request, "as_of", timezone.localdate())

    def build(self, request: Request) -> reports.Report[Any]:
        return reports.balance_sheet(self.params(request))


class IncomeStatementView(ReportView):
    """Income and expenses over a date range."""

    @extend_schema(parameters=[FROM, TO], responses=s.ReportSerializer)
    def get(self, request: Request) -> Response:
        return super().get(request)

    def params(self, request: Request, **kwargs: Any) -> tuple[date, date]:
        return date_range(request)

    def build(self, request: Request) -> reports.Report[Any]:
        return reports.income_statement(*self.params(request))


class GeneralLedgerView(ReportView):
    """One account's lines over a date range with a running balance."""

    @extend_schema(
        parameters=[
            OpenApiParameter("account", OpenApiTypes.STR, required=True, description="Account code."),
            FROM,
            TO,
        ],
        responses=s.GeneralLedgerSerializer,
    )
    def get(self, request: Request) -> Response:
        return super().get(request)

    def params(self, request: Request, **kwargs: Any) -> tuple[Account, date, date]:
        code = request.query_params.get("account")
        if not code:
            raise InvalidParameter(
                "Give account=<code>.", fields={"account": ["This parameter is required."]}
            )
        return get_object_or_404(Account, code=code), *date_range(request)

    def build(self, request: Request) -> reports.Report[Any]:
        return reports.general_ledger(*self.params(request))


class MonthlyView(ReportView):
    """Each account's opening balance, movement per calendar month and closing balance over a
    date range, with income, expenses and net income per month: a dashboard's figures in one
    request, read from the kept totals. At most 120 months."""

    def params(self, request: Request, **kwargs: Any) -> tuple[date, date]:
        start, end = date_range(request)
        if reports.month_count(start, end) > reports.MAX_MONTHS:
            raise InvalidParameter(
                f"At most {reports.MAX_MONTHS} months at a time.", fields={"to": ["Too far from from."]}
            )
        return start, end

    @extend_schema(parameters=[FROM, TO], responses=s.MonthlySerializer)
    def get(self, request: Request) -> Response:
        start, end = self.params(request)
        data = reports.monthly(start, end)
        base = self.base_currency
        labels = [first.strftime("%Y-%m") for first, _ in data.months]
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "type": r.type,
                "parent": r.parent,
                "opening": money_text(r.opening, base),
                "movements": [money_text(v, base) for v in r.movements],
                "closing": money_text(r.closing, base),
            }
            for r in data.rows
        ]
        totals = {k: [money_text(v, base) for v in values] for k, values in data.totals.items()}
        if request.accepted_renderer.format == "csv":
            return self.as_csv(rows, totals, labels, start, end)
        return Response(
            {
                "title": "Monthly movements",
                "currency": base,
                "meta": {"from": start.isoformat(), "to": end.isoformat()},
                "months": [
                    {"month": label, "start": first.isoformat(), "end": last.isoformat()}
                    for label, (first, last) in zip(labels, data.months, strict=True)
                ],
                "rows": rows,
                "totals": totals,
            }
        )

    def as_csv(
        self,
        rows: list[dict[str, Any]],
        totals: dict[str, list[Any]],
        labels: list[str],
        start: date,
        end: date,
    ) -> Response:
        """One column per month; the totals as rows named total_<key> below the accounts."""
        self.columns = ("code", "name", "type", "parent", "opening", *labels, "closing")
        flat = [
            {
                **{k: v for k, v in row.items() if k != "movements"},
                **dict(zip(labels, row["movements"], strict=True)),
            }
            for row in rows
        ]
        flat += [
            {"code": f"total_{key}", **dict(zip(labels, values, strict=True))}
            for key, values in totals.items()
        ]
        response = Response({"rows": flat})
        response["Content-Disposition"] = f'attachment; filename="monthly-{start}-{end}.csv"'
        return response
