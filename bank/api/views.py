"""Company-scoped bank endpoints. Thin: parse, call one service or selector, shape the answer.

Roles: viewers read; accountants import, match, auto-match, reconcile and manage rules; owners
manage bank accounts and CSV profiles.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404  # a malformed id is a 404, not a 500
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from bank import candidates
from bank.errors import StatementRefused, StatementTooLarge
from bank.formats import StatementFormatError, check_size
from bank.models import (
    BankAccount,
    BankRule,
    CsvProfile,
    MatchedEntry,
    Statement,
    StatementLine,
    StatementUpload,
)
from bank.services import accounts as account_services
from bank.services import profiles as profile_services
from bank.services import rules as rule_services
from bank.services.automatch import auto_match
from bank.services.imports import import_statement
from bank.services.matching import Split, create_entry, ignore_line, match_lines, unmatch_line
from bank.services.statements import mark_reconciled
from common.parsers import JSONParser
from jobs.api import JobSerializer, accepted
from jobs.models import Job
from jobs.registry import enqueue
from ledger.api.base import ACCOUNTANT, OWNER, CompanyViewMixin, NewestFirst
from ledger.api.fields import money_text
from ledger.errors import InvalidInput
from ledger.money import to_decimal, to_money
from tenants.routing.context import current_tenant

from . import serializers as s
from .filters import StatementLineFilter

DRY_RUN = OpenApiParameter("dry_run", OpenApiTypes.BOOL, description="Say what would happen; write nothing.")
BACKGROUND = OpenApiParameter(
    "background", OpenApiTypes.BOOL, description="Run as a background job: 202 with the job (see jobs/)."
)


def listing(name: str, item: serializers.Serializer[Any]) -> serializers.Serializer[Any]:
    """The schema of a {"count", "results"} answer."""
    made = inline_serializer(name=name, fields={"count": serializers.IntegerField(), "results": item})
    return extend_schema_serializer(many=False)(type(made))()  # one object, not an array


class OldestFirst(NewestFirst):
    ordering = "id"


def _flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in ("1", "true", "yes")


def _company() -> str:
    tenant = current_tenant()
    assert tenant is not None  # company-scoped views run inside the company's context
    return tenant.slug


def queue_import(
    bank_account: BankAccount, data: dict[str, Any], profile: CsvProfile | None, user: Any
) -> Job:
    """Keep the uploaded file in the company's database and queue its import."""
    handle = data["file"]
    try:
        check_size(handle.size or 0)
    except StatementFormatError as exc:
        raise StatementTooLarge(str(exc)) from None
    row = StatementUpload.objects.create(
        bank_account=bank_account,
        data=handle.read(),
        file_name=str(handle.name or ""),
        format=data.get("format") or "",
        profile=profile,
        uploaded_by_id=user.pk,
    )
    params = {"upload": row.pk, "user": user.pk}
    return enqueue("bank.import_statement", company=_company(), params=params, requested_by=user)


class BankAccountViewSet(CompanyViewMixin, viewsets.GenericViewSet[BankAccount]):
    """Bank accounts: a ledger account of the cash/bank kind plus the bank's details."""

    serializer_class = s.BankAccountSerializer
    roles = {
        "create": OWNER,
        "partial_update": OWNER,
        "destroy": OWNER,
        "auto_match": ACCOUNTANT,
    }  # statements: GET reads (viewers), POST imports (accountants), by the default read/write rule

    def get_queryset(self) -> QuerySet[BankAccount]:
        return (
            BankAccount.objects.select_related("account")
            .annotate(
                unmatched=Count("lines", filter=Q(lines__status=StatementLine.Status.UNMATCHED)),
                reconciled_to=Max(
                    "statements__period_end", filter=Q(statements__reconciled_at__isnull=False)
                ),
            )
            .order_by("account__code", "id")
        )

    def get_object(self) -> BankAccount:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    @extend_schema(responses=listing("BankAccountList", s.BankAccountSerializer(many=True)))
    def list(self, request: Request) -> Response:
        data = s.BankAccountSerializer(self.get_queryset(), many=True).data
        return Response({"count": len(data), "results": data})

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(s.BankAccountSerializer(self.get_object()).data)

    @extend_schema(request=s.BankAccountCreateSerializer, responses={201: s.BankAccountSerializer})
    def create(self, request: Request) -> Response:
        data = s.BankAccountCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        made = account_services.bank_account_create(actor=self.actor, **data.validated_data)
        return Response(s.BankAccountSerializer(self.get_queryset().get(pk=made.pk)).data, status=201)

    @extend_schema(request=s.BankAccountUpdateSerializer, responses=s.BankAccountSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        data = s.BankAccountUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        account_services.bank_account_update(
            bank_account=self.get_object(), actor=self.actor, **data.validated_data
        )
        return Response(s.BankAccountSerializer(self.get_object()).data)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        account_services.bank_account_delete(bank_account=self.get_object(), actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        methods=["GET"],
        responses=listing("StatementList", s.StatementSerializer(many=True)),
        description="The account's statements.",
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": s.StatementUploadSerializer},
        parameters=[BACKGROUND],
        responses={201: s.ImportResultSerializer, 202: JobSerializer},
        description="Import a statement file; lines seen before are skipped (never duplicated). "
        "With `background=true` the file is imported by a job: 202 with the job, whose `result` "
        "holds the statement ids and counts once it has `succeeded`.",
    )
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser])
    def statements(self, request: Request, pk: str) -> Response:
        bank_account = self.get_object()
        if request.method == "GET":
            rows = Statement.objects.filter(bank_account=bank_account).select_related("bank_account")
            rows = rows.annotate(
                unmatched=Count("lines", filter=Q(lines__status=StatementLine.Status.UNMATCHED))
            )
            data = s.StatementSerializer(rows, many=True).data
            return Response({"count": len(data), "results": data})
        upload = s.StatementUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        profile = None
        if upload.validated_data.get("profile") is not None:
            profile = CsvProfile.objects.filter(pk=upload.validated_data["profile"]).first()
            if profile is None:
                raise StatementRefused("No such CSV profile.", fields={"profile": ["Unknown profile."]})
        handle = upload.validated_data["file"]
        if _flag(request, "background"):
            return accepted(queue_import(bank_account, upload.validated_data, profile, request.user), request)
        result = import_statement(
            bank_account=bank_account,
            data=handle.read(),
            actor=self.actor,
            file_name=str(handle.name or ""),
            format=upload.validated_data.get("format"),
            profile=profile,
        )
        body = {
            "statements": s.StatementSerializer(result.statements, many=True).data,
            "lines": result.lines,
            "added": result.added,
            "duplicates": result.duplicates,
        }
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        parameters=[DRY_RUN, BACKGROUND],
        responses={200: s.AutoMatchSerializer, 202: JobSerializer},
    )
    @action(detail=True, methods=["post"], url_path="auto-match")
    def auto_match(self, request: Request, pk: str) -> Response:
        if _flag(request, "background") and not _flag(request, "dry_run"):
            params = {"bank_account": self.get_object().pk, "user": request.user.pk}
            return accepted(
                enqueue("bank.auto_match", company=_company(), params=params, requested_by=request.user),
                request,
            )
        result = auto_match(
            bank_account=self.get_object(), actor=self.actor, dry_run=_flag(request, "dry_run")
        )
        return Response(result.as_dict())


class StatementViewSet(CompanyViewMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Statement]):
    """One imported statement; `reconcile` marks it reconciled once every line is settled."""

    serializer_class = s.StatementSerializer
    roles = {"reconcile": ACCOUNTANT}

    def get_queryset(self) -> QuerySet[Statement]:
        return Statement.objects.select_related("bank_account").annotate(
            unmatched=Count("lines", filter=Q(lines__status=StatementLine.Status.UNMATCHED))
        )

    @extend_schema(request=None, responses=s.StatementSerializer)
    @action(detail=True, methods=["post"])
    def reconcile(self, request: Request, pk: str) -> Response:
        statement = mark_reconciled(statement=self.get_object(), actor=self.actor)
        return Response(s.StatementSerializer(self.get_queryset().get(pk=statement.pk)).data)


class StatementLineViewSet(
    CompanyViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[StatementLine]
):
    """Statement lines with their status; match, book, ignore and unmatch them one at a time."""

    serializer_class = s.StatementLineSerializer
    pagination_class = OldestFirst
    filterset_class = StatementLineFilter
    parser_classes = [JSONParser]
    roles = {
        "match": ACCOUNTANT,
        "create_entry": ACCOUNTANT,
        "unmatch": ACCOUNTANT,
        "ignore": ACCOUNTANT,
        "create_rule": ACCOUNTANT,
    }

    def get_queryset(self) -> QuerySet[StatementLine]:
        return StatementLine.objects.select_related("bank_account", "match").prefetch_related(
            Prefetch("match__entries", queryset=MatchedEntry.objects.only("id", "match_id", "entry_id"))
        )

    def _answer(self, line: StatementLine) -> Response:
        return Response(s.StatementLineSerializer(self.get_queryset().get(pk=line.pk)).data)

    @extend_schema(responses=listing("SuggestionList", s.SuggestionSerializer(many=True)))
    @action(detail=True, methods=["get"])
    def suggestions(self, request: Request, pk: str) -> Response:
        line = self.get_object()
        if line.status != StatementLine.Status.UNMATCHED:
            return Response({"count": 0, "results": []})
        found = candidates.find(line.bank_account, [line])[line.pk]
        results = [
            {
                "entry": x.candidate.entry_id,
                "number": x.candidate.number,
                "date": x.candidate.date,
                "amount": money_text(x.candidate.amount, line.currency_id),
                "memo": x.candidate.memo,
                "reference": x.candidate.reference,
                "score": x.score,
                "reasons": list(x.reasons),
            }
            for x in candidates.ranked(line, found)[:20]
        ]
        return Response({"count": len(results), "results": s.SuggestionSerializer(results, many=True).data})

    @extend_schema(request=s.MatchSerializer, responses=s.StatementLineSerializer)
    @action(detail=True, methods=["post"])
    def match(self, request: Request, pk: str) -> Response:
        line = self.get_object()
        data = s.MatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        others = [x for x in data.validated_data.get("lines", []) if x != line.pk]
        match_lines(line_ids=[line.pk, *others], entry_ids=data.validated_data["entries"], actor=self.actor)
        return self._answer(line)

    @extend_schema(request=s.CreateEntrySerializer, responses={201: s.StatementLineSerializer})
    @action(detail=True, methods=["post"], url_path="create-entry")
    def create_entry(self, request: Request, pk: str) -> Response:
        line = self.get_object()
        data = s.CreateEntrySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        splits = [
            Split(
                account=item["account"],
                amount=to_money(item["amount"], line.currency_id, field=f"lines[{i}].amount"),
                tax_code=item.get("tax_code") or None,
                description=item.get("description", ""),
            )
            for i, item in enumerate(data.validated_data["lines"])
        ]
        create_entry(line=line, splits=splits, actor=self.actor, memo=data.validated_data.get("memo", ""))
        response = self._answer(line)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=None, responses=s.StatementLineSerializer)
    @action(detail=True, methods=["post"])
    def unmatch(self, request: Request, pk: str) -> Response:
        return self._answer(unmatch_line(line=self.get_object(), actor=self.actor))

    @extend_schema(request=s.IgnoreSerializer, responses=s.StatementLineSerializer)
    @action(detail=True, methods=["post"])
    def ignore(self, request: Request, pk: str) -> Response:
        data = s.IgnoreSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            ignore_line(line=self.get_object(), reason=data.validated_data["reason"], actor=self.actor)
        )

    @extend_schema(request=s.RuleFromLineSerializer, responses={201: s.BankRuleSerializer})
    @action(detail=True, methods=["post"], url_path="create-rule")
    def create_rule(self, request: Request, pk: str) -> Response:
        data = s.RuleFromLineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rule = rule_services.rule_from_line(
            line=self.get_object(),
            counter_account=data.validated_data["counter_account"],
            tax_code=data.validated_data.get("tax_code") or None,
            name=data.validated_data.get("name", ""),
            actor=self.actor,
        )
        return Response(s.BankRuleSerializer(rule).data, status=status.HTTP_201_CREATED)


def _rule_values(data: dict[str, Any]) -> dict[str, Any]:
    """Serializer output → service keywords (nested sources flattened, amounts checked)."""
    values = dict(data)
    if "counter_account" in values:
        values["counter_account"] = values["counter_account"]["code"]
    if "tax_code" in values:
        values["tax_code"] = (values["tax_code"] or {}).get("code") or None
    if "bank_account_id" in values:
        bank_id = values.pop("bank_account_id")
        values["bank_account"] = None
        if bank_id is not None:
            values["bank_account"] = BankAccount.objects.filter(pk=bank_id).first()
            if values["bank_account"] is None:
                raise InvalidInput(
                    "No such bank account.", fields={"bank_account": ["Unknown bank account."]}
                )
    for name in ("min_amount", "max_amount"):
        if values.get(name) is not None:
            values[name] = to_decimal(values[name], field=name)
    return values


class BankRuleViewSet(CompanyViewMixin, viewsets.ModelViewSet[BankRule]):
    """Rules that book statement lines the books lack (auto-match's second pass)."""

    serializer_class = s.BankRuleSerializer
    pagination_class = None
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    roles = {"create": ACCOUNTANT, "partial_update": ACCOUNTANT, "destroy": ACCOUNTANT}

    def get_queryset(self) -> QuerySet[BankRule]:
        return BankRule.objects.select_related("counter_account", "tax_code").order_by("priority", "id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = s.BankRuleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rule = rule_services.rule_create(actor=self.actor, **_rule_values(data.validated_data))
        return Response(s.BankRuleSerializer(rule).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rule = self.get_object()
        data = s.BankRuleSerializer(rule, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        rule = rule_services.rule_update(rule=rule, actor=self.actor, **_rule_values(data.validated_data))
        return Response(s.BankRuleSerializer(rule).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rule_services.rule_delete(rule=self.get_object(), actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CsvProfileViewSet(CompanyViewMixin, viewsets.ModelViewSet[CsvProfile]):
    """How a bank's CSV export reads; owners manage them."""

    serializer_class = s.CsvProfileSerializer
    pagination_class = None
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    roles = {"create": OWNER, "partial_update": OWNER, "destroy": OWNER}

    def get_queryset(self) -> QuerySet[CsvProfile]:
        return CsvProfile.objects.order_by("name")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = s.CsvProfileSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        profile = profile_services.profile_save(profile=CsvProfile(), actor=self.actor, **data.validated_data)
        return Response(s.CsvProfileSerializer(profile).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        profile = self.get_object()
        data = s.CsvProfileSerializer(profile, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        profile = profile_services.profile_save(profile=profile, actor=self.actor, **data.validated_data)
        return Response(s.CsvProfileSerializer(profile).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        profile_services.profile_delete(profile=self.get_object(), actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)
