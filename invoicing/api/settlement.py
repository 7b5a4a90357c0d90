"""A statement line settles open documents: suggestions and the action, mounted beside the bank's
own line actions (`statement-lines/<id>/...`). Thin: parse, call one service, shape the answer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView, get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from bank.api.serializers import StatementLineSerializer
from bank.models import MatchedEntry, StatementLine
from common.parsers import JSONParser
from invoicing.models import Contact
from invoicing.settlement.services import statement_line_settle
from invoicing.settlement.suggestions import OpenDocument, suggest
from ledger.api.base import ACCOUNTANT, CompanyViewMixin
from ledger.api.fields import AmountField, money_text
from ledger.errors import InvalidInput

from .serializers import PaymentSerializer
from .views import payment_queryset

BIGINT = 2**63 - 1  # a larger id would reach PostgreSQL as an overflow


class SettleDocumentSerializer(serializers.Serializer[Any]):
    document = serializers.IntegerField(min_value=1, max_value=BIGINT)
    amount = AmountField(required=False, help_text="Left out: as much as the line has left, oldest first.")


class SettleSerializer(serializers.Serializer[Any]):
    documents = serializers.ListField(
        child=SettleDocumentSerializer(), required=False, default=list, max_length=100
    )
    contact = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Required without documents: who paid.",
        min_value=1,
        max_value=BIGINT,
    )


class SuggestedDocumentSerializer(serializers.Serializer[Any]):
    document = serializers.IntegerField()
    kind = serializers.CharField()
    number = serializers.CharField()
    vendor_reference = serializers.CharField()
    due_date = serializers.DateField()
    open_amount = serializers.CharField()
    amount = serializers.CharField(help_text="What the line pays of it.")


class DocumentSuggestionSerializer(serializers.Serializer[Any]):
    contact = serializers.IntegerField()
    contact_name = serializers.CharField()
    amount = serializers.CharField(help_text="What the line pays of the documents together.")
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())
    documents = SuggestedDocumentSerializer(many=True)


SettledSerializer = inline_serializer(
    name="StatementLineSettled", fields={"line": StatementLineSerializer(), "payment": PaymentSerializer()}
)


def _lines() -> QuerySet[StatementLine]:
    return StatementLine.objects.select_related("bank_account", "match").prefetch_related(
        Prefetch("match__entries", queryset=MatchedEntry.objects.only("id", "match_id", "entry_id"))
    )


class DocumentSuggestionsView(CompanyViewMixin, GenericAPIView[StatementLine]):
    """Open documents the line could settle, best first (empty once the line is matched)."""

    serializer_class = DocumentSuggestionSerializer  # OPTIONS describes the answer with it

    @extend_schema(
        responses=inline_serializer(
            name="DocumentSuggestionList",
            fields={"count": serializers.IntegerField(), "results": DocumentSuggestionSerializer(many=True)},
        )
    )
    def get(self, request: Request, pk: int) -> Response:
        line = get_object_or_404(_lines(), pk=pk)
        currency = line.currency_id
        results = [
            {
                "contact": s.contact_id,
                "contact_name": s.documents[0].contact_name,
                "amount": money_text(sum(s.allocations, Decimal(0)), currency),
                "score": s.score,
                "reasons": list(s.reasons),
                "documents": [
                    _suggested(d, paid, currency) for d, paid in zip(s.documents, s.allocations, strict=True)
                ],
            }
            for s in suggest([line])[line.pk]
        ]
        body = {"count": len(results), "results": DocumentSuggestionSerializer(results, many=True).data}
        return Response(body)


def _suggested(doc: OpenDocument, paid: Decimal, currency: str) -> dict[str, Any]:
    return {
        "document": doc.id,
        "kind": doc.kind,
        "number": doc.number,
        "vendor_reference": doc.vendor_reference,
        "due_date": doc.due_date,
        "open_amount": money_text(doc.open_amount, currency),
        "amount": money_text(paid, currency),
    }


class SettleView(CompanyViewMixin, GenericAPIView[StatementLine]):
    """Record the line as a payment settling the documents, and match the line to it."""

    roles = {"write": ACCOUNTANT}
    parser_classes = [JSONParser]
    serializer_class = SettleSerializer  # OPTIONS describes the request with it

    @extend_schema(request=SettleSerializer, responses={201: SettledSerializer})
    def post(self, request: Request, pk: int) -> Response:
        line = get_object_or_404(_lines(), pk=pk)
        data = SettleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        contact = _contact(data.validated_data.get("contact"))
        settled = statement_line_settle(
            line=line,
            documents=[dict(item) for item in data.validated_data["documents"]],
            contact=contact,
            actor=self.actor,
        )
        payment = get_object_or_404(payment_queryset(), pk=settled.payment.pk)
        body: dict[str, Any] = {
            "line": StatementLineSerializer(_lines().get(pk=line.pk)).data,
            "payment": PaymentSerializer(payment, context=self.get_serializer_context()).data,
        }
        return Response(body, status=status.HTTP_201_CREATED)


def _contact(pk: int | None) -> Contact | None:
    if pk is None:
        return None
    found = Contact.objects.filter(pk=pk).first()
    if found is None:
        raise InvalidInput(f"No contact {pk}.", fields={"contact": ["Unknown contact."]})
    return found


urlpatterns = [
    path(
        "statement-lines/<int:pk>/document-suggestions/",
        DocumentSuggestionsView.as_view(),
        name="statement-line-document-suggestions",
    ),
    path("statement-lines/<int:pk>/settle/", SettleView.as_view(), name="statement-line-settle"),
]
