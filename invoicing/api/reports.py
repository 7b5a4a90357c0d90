"""Sales and purchases' reports: aged receivables and payables, a contact's statement (JSON by
default, CSV with ?format=csv or Accept: text/csv), and a document's PDF. Every role reads them."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import get_object_or_404
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ledger.api.base import CompanyViewMixin
from ledger.api.fields import money_text
from ledger.api.reports import InvalidParameter, ReportView, date_range, parse_date

from ..models import Contact, Document
from ..pdf import document_pdf
from ..reports import BUCKETS, PARTY_SIDE, Aging, AgingRow, aging, contact_statement
from ..selectors import printable_document

AMOUNTS = (*BUCKETS, "credits", "total")


def _contact_param(request: Request) -> Contact | None:
    raw = request.query_params.get("contact")
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise InvalidParameter("contact is a contact's id.", fields={"contact": ["Not an id."]})
    return get_object_or_404(Contact, pk=int(raw))


def _row(row: AgingRow, base: str) -> dict[str, Any]:
    out: dict[str, Any] = {"contact": row.contact, "name": row.name, "currency": row.currency}
    out.update({name: money_text(getattr(row, name), row.currency) for name in AMOUNTS})
    out["base_total"] = money_text(row.base_total, base)
    return out


def aging_payload(report: Aging) -> dict[str, Any]:
    base = report.base_currency
    data: dict[str, Any] = {
        "title": report.title,
        "currency": base,
        "meta": {"as_of": report.as_of.isoformat()},
        "rows": [_row(row, base) for row in report.rows],
        "currencies": [_row(row, base) for row in report.currencies],
        "totals": {"base_total": money_text(report.base_total, base)},
    }
    if report.items is not None:
        data["items"] = [
            {
                **asdict(item),
                "date": item.date.isoformat(),
                "due_date": item.due_date.isoformat(),
                "open": money_text(item.open, item.currency),
                "base_open": money_text(item.base_open, base),
            }
            for item in report.items
        ]
    return data


class AgingRowSerializer(serializers.Serializer[Any]):
    contact = serializers.IntegerField(allow_null=True, help_text="Blank on a currency's total row.")
    name = serializers.CharField()
    currency = serializers.CharField()
    current = serializers.CharField(help_text="Owed and not yet due.")
    days_1_30 = serializers.CharField(help_text="Owed, 1 to 30 days past due.")
    days_31_60 = serializers.CharField()
    days_61_90 = serializers.CharField()
    over_90 = serializers.CharField(help_text="Owed, more than 90 days past due.")
    credits = serializers.CharField(help_text="Credit notes and payments not yet allocated (negative).")
    total = serializers.CharField(help_text="The buckets and the credits, in `currency`.")
    base_total = serializers.CharField(help_text="Its booked value in the base currency.")


class AgedItemSerializer(serializers.Serializer[Any]):
    type = serializers.ChoiceField(choices=["document", "payment"])
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="The document's kind, or the payment's direction.")
    reference = serializers.CharField()
    contact = serializers.IntegerField()
    currency = serializers.CharField()
    date = serializers.DateField()
    due_date = serializers.DateField()
    days_overdue = serializers.IntegerField()
    bucket = serializers.CharField()
    open = serializers.CharField(help_text="Negative for a credit.")
    base_open = serializers.CharField()


class AgingSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    currency = serializers.CharField(help_text="The base currency.")
    meta = serializers.DictField(child=serializers.CharField())
    rows = AgingRowSerializer(many=True, help_text="One per contact and currency.")
    currencies = AgingRowSerializer(many=True, help_text="The total of each currency.")
    totals = serializers.DictField(child=serializers.CharField())
    items = AgedItemSerializer(many=True, required=False, help_text="With ?contact= only.")


AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE, description="Default: today.")
CONTACT = OpenApiParameter("contact", OpenApiTypes.INT, description="One contact, with its open items.")


class AgingView(ReportView):
    side = "receivables"
    columns = ("contact", "name", "currency", *AMOUNTS, "base_total")

    def params(self, request: Request, **kwargs: Any) -> tuple[date, Contact | None]:
        return parse_date(request, "as_of", timezone.localdate()), _contact_param(request)

    @extend_schema(parameters=[AS_OF, CONTACT], responses=AgingSerializer)
    def get(self, request: Request) -> Response:
        as_of, contact = self.params(request)
        data = aging_payload(aging(self.side, as_of, contact=contact, items=contact is not None))
        if contact is not None:
            data["meta"]["contact"] = contact.pk
        if request.accepted_renderer.format != "csv":
            return Response(data)
        # As CSV: the contacts' rows, then one total row per currency.
        response = Response({"rows": data["rows"] + data["currencies"], "totals": data["totals"]})
        name = data["title"].lower().replace(" ", "-")
        response["Content-Disposition"] = f'attachment; filename="{name}-{as_of}.csv"'
        return response


class AgedReceivablesView(AgingView):
    """What customers owe, by how late it is: current (not yet due), 1-30, 31-60, 61-90 and over 90
    days past due, per contact and currency, with credit notes and payments not yet allocated as
    credits. As of a past day, items issued later are left out and later allocations added back."""

    side = "receivables"


class AgedPayablesView(AgingView):
    """What we owe vendors, by how late it is (see aged receivables); vendor credits and payments
    not yet allocated are the credits."""

    side = "payables"


class ContactStatementLineSerializer(serializers.Serializer[Any]):
    currency = serializers.CharField()
    date = serializers.DateField()
    type = serializers.ChoiceField(choices=["opening", "document", "payment", "closing"])
    kind = serializers.CharField(help_text="The document's kind, or the payment's direction.")
    id = serializers.IntegerField(allow_null=True)
    reference = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    amount = serializers.CharField(help_text="Positive adds to what is owed, negative takes from it.")
    balance = serializers.CharField(help_text="What is owed after this line.")


class StatementSectionSerializer(serializers.Serializer[Any]):
    currency = serializers.CharField()
    opening = serializers.CharField()
    closing = serializers.CharField()
    lines = ContactStatementLineSerializer(many=True)


class ContactStatementSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    contact = serializers.DictField()
    party = serializers.ChoiceField(choices=list(PARTY_SIDE))
    meta = serializers.DictField(child=serializers.CharField())
    currencies = StatementSectionSerializer(many=True)


def _money(value: Decimal, currency: str) -> str | None:
    return money_text(value, currency)


class ContactStatementView(ReportView):
    """What a customer owes us (or we owe a vendor, with ?party=vendor), line by line in each
    currency: the balance before `from`, every document and payment to `to` with the balance after
    it, and the closing balance. As CSV: one row per line, with its currency."""

    columns = ("currency", "date", "type", "kind", "id", "reference", "due_date", "amount", "balance")

    def params(self, request: Request, **kwargs: Any) -> tuple[Contact, date, date, str | None]:
        contact = get_object_or_404(Contact, pk=kwargs["pk"])
        start, end = date_range(request, end_default=timezone.localdate())
        party = request.query_params.get("party") or None
        if party is not None and party not in PARTY_SIDE:
            raise InvalidParameter("party is customer or vendor.", fields={"party": ["customer or vendor."]})
        return contact, start, end, party

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="Default: the first of this year."),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Default: today."),
            OpenApiParameter(
                "party",
                OpenApiTypes.STR,
                enum=list(PARTY_SIDE),
                description="Default: customer, unless the contact is only a vendor.",
            ),
        ],
        responses=ContactStatementSerializer,
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        contact, start, end, party = self.params(request, **kwargs)
        statement = contact_statement(contact, start, end, party=party)
        sections: list[dict[str, Any]] = [
            {
                "currency": section.currency,
                "opening": _money(section.opening, section.currency),
                "closing": _money(section.closing, section.currency),
                "lines": [
                    {
                        "currency": section.currency,
                        **asdict(line),
                        "date": line.date.isoformat(),
                        "due_date": line.due_date.isoformat() if line.due_date else None,
                        "amount": _money(line.amount, section.currency),
                        "balance": _money(line.balance, section.currency),
                    }
                    for line in section.lines
                ],
            }
            for section in statement.sections
        ]
        if request.accepted_renderer.format == "csv":
            response = Response({"rows": [line for section in sections for line in section["lines"]]})
            name = f"statement-{contact.pk}-{start}-{end}.csv"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        return Response(
            {
                "title": f"Statement of {contact.name}",
                "contact": {
                    "id": contact.pk,
                    "name": contact.name,
                    "address": contact.address,
                    "tax_id": contact.tax_id,
                    "email": contact.email,
                },
                "party": statement.party,
                "meta": {"from": start.isoformat(), "to": end.isoformat()},
                "currencies": sections,
            }
        )


class PDFRenderer(BaseRenderer):
    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> Any:
        return data


class DocumentPdfView(CompanyViewMixin, APIView):
    """The document as a PDF: the company and the contact, the lines, tax per code, totals, the
    due date and (on invoices) the payment details of the invoicing settings. A draft is marked
    DRAFT. 503 pdf_unavailable when the server lacks the PDF library's system packages."""

    renderer_classes = [PDFRenderer, JSONRenderer]
    kinds: tuple[str, ...] = ()

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            document = printable_document(kwargs["pk"], self.kinds)
        except Document.DoesNotExist:
            raise NotFound() from None
        response = HttpResponse(document_pdf(document), content_type="application/pdf")
        name = document.number or f"draft-{document.pk}"
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response

    def handle_exception(self, exc: Exception) -> Response:
        # Errors in the API's one JSON shape, also when a PDF was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


class InvoicePdfView(DocumentPdfView):
    __doc__ = DocumentPdfView.__doc__
    kinds = (Document.Kind.INVOICE, Document.Kind.CREDIT_NOTE)


class BillPdfView(DocumentPdfView):
    __doc__ = DocumentPdfView.__doc__
    kinds = (Document.Kind.BILL, Document.Kind.VENDOR_CREDIT)


report_urlpatterns = [
    path("reports/aged-receivables/", AgedReceivablesView.as_view(), name="aged-receivables"),
    path("reports/aged-payables/", AgedPayablesView.as_view(), name="aged-payables"),
    path("contacts/<int:pk>/statement/", ContactStatementView.as_view(), name="contact-statement"),
    path("invoices/<int:pk>/pdf/", InvoicePdfView.as_view(), name="invoice-pdf"),
    path("bills/<int:pk>/pdf/", BillPdfView.as_view(), name="bill-pdf"),
]
