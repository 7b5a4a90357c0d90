"""Company-scoped ledger endpoints. Thin: parse, call one service or selector, shape the answer."""

from __future__ import annotations

from datetime import date

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404  # a malformed id is a 404, not a 500
from rest_framework.request import Request
from rest_framework.response import Response

from ledger import selectors
from ledger.models import (
    Account,
    AuditEvent,
    ExchangeRate,
    FiscalPeriod,
    FiscalYear,
    JournalEntry,
    JournalLine,
    TaxCode,
)
from ledger.services import accounts as account_services
from ledger.services import entries as entry_services
from ledger.services import periods as period_services
from ledger.services.closing import fiscal_year_close
from ledger.services.rates import exchange_rate_set

from . import serializers as s
from .base import ACCOUNTANT, OWNER, CompanyViewMixin, NewestFirst
from .filters import AuditEventFilter, EntryFilter, ExchangeRateFilter

AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE, description="Balances as of this date (default today).")


def _date_param(request: Request, name: str, default: date | None = None) -> date:
    from .reports import parse_date

    return parse_date(request, name, default)


class AccountViewSet(CompanyViewMixin, viewsets.GenericViewSet[Account]):
    """The chart of accounts, flat or as a tree, with base-currency balances."""

    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    serializer_class = s.AccountSerializer
    roles = {
        "create": ACCOUNTANT,
        "partial_update": ACCOUNTANT,
        "destroy": ACCOUNTANT,
        "deactivate": ACCOUNTANT,
    }

    def get_queryset(self) -> QuerySet[Account]:
        return Account.objects.select_related("parent").order_by("code")

    def get_object(self) -> Account:
        return get_object_or_404(self.get_queryset(), code=self.kwargs["code"])

    @extend_schema(
        parameters=[
            AS_OF,
            OpenApiParameter("tree", OpenApiTypes.BOOL, description="Nest accounts under their parents."),
            OpenApiParameter("active", OpenApiTypes.BOOL),
            OpenApiParameter("type", OpenApiTypes.STR, enum=[t.value for t in Account.Type]),
        ],
        responses=s.AccountListSerializer,
    )
    def list(self, request: Request) -> Response:
        active = request.query_params.get("active")
        accounts = selectors.account_list(
            as_of=_date_param(request, "as_of", timezone.localdate()),
            base_currency=self.base_currency,
            active=None if active not in ("true", "1", "false", "0") else active in ("true", "1"),
            kind=request.query_params.get("type") or "",
            tree=request.query_params.get("tree") in ("true", "1"),
        )
        # Already in the shape AccountWithBalanceSerializer documents (the selector writes it).
        return Response({"count": len(accounts), "results": accounts})

    @extend_schema(responses=s.AccountSerializer)
    def retrieve(self, request: Request, code: str) -> Response:
        return Response(s.AccountSerializer(self.get_object()).data)

    @extend_schema(request=s.AccountCreateSerializer, responses={201: s.AccountSerializer})
    def create(self, request: Request) -> Response:
        data = s.AccountCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        account = account_services.account_create(actor=self.actor, **data.validated_data)
        return Response(s.AccountSerializer(account).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.AccountUpdateSerializer, responses=s.AccountSerializer)
    def partial_update(self, request: Request, code: str) -> Response:
        data = s.AccountUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        account = account_services.account_update(
            account=self.get_object(), actor=self.actor, **data.validated_data
        )
        return Response(s.AccountSerializer(account).data)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, code: str) -> Response:
        account_services.account_delete(account=self.get_object(), actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=s.AccountSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, code: str) -> Response:
        account = account_services.account_deactivate(account=self.get_object(), actor=self.actor)
        return Response(s.AccountSerializer(account).data)


class JournalEntryViewSet(CompanyViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet[JournalEntry]):
    """Journal entries: create as draft or posted (with an Idempotency-Key), edit drafts,
    post, reverse. Posted entries never change."""

    serializer_class = s.EntryOutSerializer
    pagination_class = NewestFirst
    filterset_class = EntryFilter
    roles = {
        "create": ACCOUNTANT,
        "update": ACCOUNTANT,
        "destroy": ACCOUNTANT,
        "post": ACCOUNTANT,
        "reverse": ACCOUNTANT,
    }

    def get_queryset(self) -> QuerySet[JournalEntry]:
        if self.action == "list":  # read as rows by list()
            return JournalEntry.objects.order_by("-id")
        entries = JournalEntry.objects.select_related("fiscal_year", "period", "reversed_by").order_by("-id")
        lines = JournalLine.objects.select_related("account", "tax_code").order_by("line_no")
        return entries.prefetch_related(Prefetch("lines", queryset=lines, to_attr="prefetched_lines"))

    def list(self, request: Request) -> Response:
        # Rows, not instances (EntryListSerializer): instances of each entry, its year and period
        # cost more than the rest of a page. Of the reversal, its id is all the answer shows.
        entries = self.filter_queryset(self.get_queryset()).annotate(reversed_by_pk=F("reversed_by__id"))
        page = self.paginate_queryset(entries.values(*s.PAGE_ENTRY_FIELDS))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _entry(self) -> JournalEntry:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def _out(self, entry: JournalEntry, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=entry.pk)
        return Response(s.EntryOutSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(responses=s.EntryOutSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(s.EntryOutSerializer(self._entry(), context=self.get_serializer_context()).data)

    @extend_schema(
        request=s.EntryInSerializer,
        responses={201: s.EntryOutSerializer, 200: s.EntryOutSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="Repeat a create safely: the same key and body return the first entry.",
            )
        ],
    )
    def create(self, request: Request) -> Response:
        v = s.EntryInSerializer.validated(request.data)
        key = (request.headers.get("Idempotency-Key") or "").strip() or None
        entry = entry_services.journal_entry_create(
            date=v["date"],
            lines=v["lines"],
            actor=self.actor,
            memo=v["memo"],
            reference=v["reference"],
            post=v["status"] == "posted",
            idempotency_key=key,
        )
        if entry.replayed:
            response = self._out(entry, status.HTTP_200_OK)
            response["Idempotent-Replayed"] = "true"
            return response
        # The entry as written, lines and all: only a posted one's number and hash are read back.
        out = s.EntryOutSerializer(entry, context=self.get_serializer_context())
        return Response(out.data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.EntryUpdateSerializer, responses=s.EntryOutSerializer)
    def update(self, request: Request, pk: str) -> Response:
        v = s.EntryUpdateSerializer.validated(request.data)
        entry = entry_services.journal_entry_update_draft(
            entry=self._entry(),
            actor=self.actor,
            date=v["date"],
            lines=v["lines"],
            memo=v["memo"],
            reference=v["reference"],
        )
        return self._out(entry)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        entry_services.journal_entry_delete_draft(entry=self._entry(), actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=s.EntryOutSerializer)
    @action(detail=True, methods=["post"])
    def post(self, request: Request, pk: str) -> Response:
        return self._out(entry_services.journal_entry_post(entry=self._entry(), actor=self.actor))

    @extend_schema(request=s.ReverseSerializer, responses={201: s.EntryOutSerializer})
    @action(detail=True, methods=["post"])
    def reverse(self, request: Request, pk: str) -> Response:
        data = s.ReverseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reversal = entry_services.journal_entry_reverse(
            entry=self._entry(),
            actor=self.actor,
            date=data.validated_data.get("date"),
            on=data.validated_data["on"],
            memo=data.validated_data["memo"],
        )
        return self._out(reversal, status.HTTP_201_CREATED)


class FiscalPeriodViewSet(CompanyViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet[FiscalPeriod]):
    """Monthly periods; owners close and reopen them."""

    serializer_class = s.FiscalPeriodSerializer
    roles = {"close": OWNER, "reopen": OWNER}

    def get_queryset(self) -> QuerySet[FiscalPeriod]:
        return FiscalPeriod.objects.select_related("fiscal_year").order_by("start_date")

    @extend_schema(request=None, responses=s.FiscalPeriodSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        period = period_services.period_close(period=get_object_or_404(FiscalPeriod, pk=pk), actor=self.actor)
        return Response(s.FiscalPeriodSerializer(period).data)

    @extend_schema(request=s.ReasonSerializer, responses=s.FiscalPeriodSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        data = s.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        period = period_services.period_reopen(
            period=get_object_or_404(FiscalPeriod, pk=pk),
            actor=self.actor,
            reason=data.validated_data["reason"],
        )
        return Response(s.FiscalPeriodSerializer(period).data)


class FiscalYearViewSet(
    CompanyViewMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[FiscalYear]
):
    """Fiscal years; closing one posts the closing entry into retained earnings (owners)."""

    serializer_class = s.FiscalYearSerializer
    roles = {"create": OWNER, "close": OWNER, "reopen": OWNER}

    def get_queryset(self) -> QuerySet[FiscalYear]:
        return FiscalYear.objects.order_by("start_date")

    @extend_schema(request=s.FiscalYearCreateSerializer, responses={201: s.FiscalYearSerializer})
    def create(self, request: Request) -> Response:
        data = s.FiscalYearCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        year = period_services.fiscal_year_open(day=data.validated_data["date"], actor=self.actor)
        return Response(s.FiscalYearSerializer(year).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.FiscalYearSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        year = get_object_or_404(FiscalYear, pk=pk)
        fiscal_year_close(year=year, actor=self.actor)
        year.refresh_from_db()
        return Response(s.FiscalYearSerializer(year).data)

    @extend_schema(request=s.ReasonSerializer, responses=s.FiscalYearSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        data = s.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        year = period_services.fiscal_year_reopen(
            year=get_object_or_404(FiscalYear, pk=pk), actor=self.actor, reason=data.validated_data["reason"]
        )
        return Response(s.FiscalYearSerializer(year).data)


class ExchangeRateViewSet(CompanyViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet[ExchangeRate]):
    """Exchange rates: base-currency units per unit of the currency, per day."""

    serializer_class = s.ExchangeRateSerializer
    filterset_class = ExchangeRateFilter
    pagination_class = NewestFirst

    def get_queryset(self) -> QuerySet[ExchangeRate]:
        return ExchangeRate.objects.order_by("-id")

    @extend_schema(request=s.ExchangeRateSerializer, responses={201: s.ExchangeRateSerializer})
    def create(self, request: Request) -> Response:
        data = s.ExchangeRateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        rate = exchange_rate_set(currency=v["currency_id"], day=v["date"], rate=v["rate"], actor=self.actor)
        return Response(s.ExchangeRateSerializer(rate).data, status=status.HTTP_201_CREATED)


class TaxCodeViewSet(CompanyViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet[TaxCode]):
    """Tax codes synced from the common tax rates of the company's country."""

    serializer_class = s.TaxCodeSerializer
    queryset = TaxCode.objects.none()

    def get_queryset(self) -> QuerySet[TaxCode]:
        return TaxCode.objects.select_related("account").order_by("code")


class AuditEventViewSet(CompanyViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet[AuditEvent]):
    """The append-only audit trail, newest first."""

    serializer_class = s.AuditEventSerializer
    filterset_class = AuditEventFilter
    pagination_class = NewestFirst

    def get_queryset(self) -> QuerySet[AuditEvent]:
        return AuditEvent.objects.order_by("-id")
