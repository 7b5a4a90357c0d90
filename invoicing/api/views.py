"""Company-scoped sales and purchases endpoints. Thin: parse, call one service, shape the answer.

Roles: viewers read; accountants create, edit, issue and credit documents and record payments;
owners change the invoicing settings and the number series' prefixes.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from invoicing.errors import DocumentNotDraft
from invoicing.models import Allocation, Contact, Document, DocumentLine, DocumentSeries, Payment, Revaluation
from invoicing.services import contacts as contact_services
from invoicing.services import documents as document_services
from invoicing.services import payments as payment_services
from invoicing.services.documents import DocumentData
from invoicing.services.revaluation import revaluation_create, revaluation_preview
from invoicing.services.series import series_set_prefix
from invoicing.services.setup import invoicing_settings, logo_media_type, logo_set
from ledger.api.base import ACCOUNTANT, OWNER, VIEWER, CompanyViewMixin, NewestFirst
from ledger.errors import InvalidInput
from tenants.routing.db import tenant_atomic

from . import serializers as s

IDEMPOTENCY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Repeat a create safely: the same key and body return the first result.",
)


def _key(request: Request) -> str | None:
    return (request.headers.get("Idempotency-Key") or "").strip() or None


def _created(data: Any, replayed: bool) -> Response:
    response = Response(data, status=status.HTTP_200_OK if replayed else status.HTTP_201_CREATED)
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


def _contact(pk: Any) -> Contact:
    found = Contact.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise InvalidInput(f"No contact {pk}.", fields={"contact": ["Unknown contact."]})
    return found


def payment_queryset() -> QuerySet[Payment]:
    """Payments with what their answer shows: contact, account and allocations."""
    allocations = Allocation.objects.select_related(
        "debit_document", "credit_document", "debit_payment", "credit_payment"
    )
    return Payment.objects.select_related("contact", "account").prefetch_related(
        Prefetch("debit_allocations", queryset=allocations),
        Prefetch("credit_allocations", queryset=allocations),
    )


class ContactViewSet(CompanyViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet[Contact]):
    """Customers and vendors. `?q=` searches name, tax id and email; `?role=customer|vendor`;
    archived contacts are listed only with `?archived=true`."""

    serializer_class = s.ContactSerializer
    pagination_class = NewestFirst

    def get_queryset(self) -> QuerySet[Contact]:
        found = Contact.objects.select_related("revenue_account", "expense_account", "tax_code")
        params = self.request.query_params
        if params.get("archived", "").lower() not in ("1", "true", "yes"):
            found = found.filter(is_archived=False)
        if q := params.get("q", "").strip():
            found = found.filter(Q(name__icontains=q) | Q(tax_id__icontains=q) | Q(email__icontains=q))
        role = params.get("role")
        if role == "customer":
            found = found.filter(is_customer=True)
        elif role == "vendor":
            found = found.filter(is_vendor=True)
        return found.order_by("-id")

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Part of the name, tax id or email."),
            OpenApiParameter("role", OpenApiTypes.STR, enum=["customer", "vendor"]),
            OpenApiParameter("archived", OpenApiTypes.BOOL, description="Include archived contacts."),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def _object(self, pk: str) -> Contact:
        return get_object_or_404(Contact.objects.all(), pk=pk)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(s.ContactSerializer(self._object(pk)).data)

    @extend_schema(
        request=s.ContactInSerializer, responses={201: s.ContactSerializer, 200: s.ContactSerializer},
        parameters=[IDEMPOTENCY],
    )  # fmt: skip
    def create(self, request: Request) -> Response:
        data = s.ContactInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        made = contact_services.contact_create(
            actor=self.actor, idempotency_key=_key(request), **data.validated_data
        )
        return _created(s.ContactSerializer(made).data, getattr(made, "replayed", False))

    @extend_schema(request=s.ContactInSerializer, responses=s.ContactSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        data = s.ContactInSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changed = contact_services.contact_update(
            contact=self._object(pk), actor=self.actor, **data.validated_data
        )
        return Response(s.ContactSerializer(changed).data)


class DocumentViewSet(CompanyViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet[Document]):
    """Shared by invoices (and their credit notes) and bills (and vendor credits)."""

    kinds: tuple[str, str] = (Document.Kind.INVOICE, Document.Kind.CREDIT_NOTE)
    serializer_class = s.DocumentListSerializer
    pagination_class = NewestFirst
    roles = {"issue": ACCOUNTANT, "credit": ACCOUNTANT, "allocate": ACCOUNTANT}

    def get_queryset(self) -> QuerySet[Document]:
        found = Document.objects.filter(kind__in=self.kinds).select_related("contact")
        params = self.request.query_params
        if state := params.get("status"):
            found = found.filter(status__in=state.split(","))
        if kind := params.get("kind"):
            found = found.filter(kind=kind)
        if (contact := params.get("contact")) and contact.isdigit():
            found = found.filter(contact_id=contact)
        if params.get("overdue", "").lower() in ("1", "true", "yes"):
            found = found.filter(open_amount__gt=0, due_date__lt=timezone.localdate())
        if q := params.get("q", "").strip():
            found = found.filter(
                Q(number__icontains=q) | Q(contact__name__icontains=q) | Q(vendor_reference=q)
            )
        return found.order_by("-id")

    def _document(self, pk: str) -> Document:
        allocations = Allocation.objects.select_related(
            "debit_document", "credit_document", "debit_payment", "credit_payment"
        )
        found = self.get_queryset().prefetch_related(
            Prefetch(
                "lines", queryset=DocumentLine.objects.select_related("account", "tax_code", "document")
            ),
            Prefetch("debit_allocations", queryset=allocations),
            Prefetch("credit_allocations", queryset=allocations),
        )
        return get_object_or_404(found, pk=pk)

    def _out(self, document: Document, code: int = status.HTTP_200_OK) -> Response:
        data = s.DocumentSerializer(
            self._document(str(document.pk)), context=self.get_serializer_context()
        ).data
        return Response(data, status=code)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "status", OpenApiTypes.STR, description="draft, issued, partly_paid, paid (comma-separated)"
            ),
            OpenApiParameter("kind", OpenApiTypes.STR),
            OpenApiParameter("contact", OpenApiTypes.INT),
            OpenApiParameter("overdue", OpenApiTypes.BOOL, description="Open and past the due date."),
            OpenApiParameter("q", OpenApiTypes.STR, description="Part of the number or the contact's name."),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=s.DocumentSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._out(self._document(pk))

    def _data(self, request: Request) -> tuple[DocumentData, dict[str, Any]]:
        data = s.DocumentInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        return (
            DocumentData(
                kind=self.kinds[0],
                contact=_contact(v["contact"]),
                issue_date=v["issue_date"],
                due_date=v.get("due_date"),
                currency=v.get("currency") or None,
                memo=v["memo"],
                vendor_reference=v["vendor_reference"],
                lines=[dict(line) for line in v["lines"]],
            ),
            v,
        )

    @extend_schema(
        request=s.DocumentInSerializer, responses={201: s.DocumentSerializer, 200: s.DocumentSerializer},
        parameters=[IDEMPOTENCY],
    )  # fmt: skip
    def create(self, request: Request) -> Response:
        data, v = self._data(request)
        made = document_services.document_create(
            data=data, actor=self.actor, issue=v["status"] == "issued", idempotency_key=_key(request)
        )
        replayed = getattr(made, "replayed", False)
        return _created(self._out(made).data, replayed)

    @extend_schema(request=s.DocumentInSerializer, responses=s.DocumentSerializer)
    def update(self, request: Request, pk: str) -> Response:
        data, v = self._data(request)
        document = self._document(pk)
        changed = document_services.document_update_draft(document=document, data=data, actor=self.actor)
        if v["status"] == "issued":
            changed = document_services.document_issue(document=changed, actor=self.actor)
        return self._out(changed)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        document_services.document_delete_draft(document=self._document(pk), actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=s.IssueSerializer, responses=s.DocumentSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: str) -> Response:
        data = s.IssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        issued = document_services.document_issue(
            document=self._document(pk),
            actor=self.actor,
            exchange_rate=data.validated_data.get("exchange_rate"),
        )
        return self._out(issued)

    @extend_schema(
        request=s.CreditSerializer, responses={201: s.DocumentSerializer}, parameters=[IDEMPOTENCY]
    )
    @action(detail=True, methods=["post"])
    def credit(self, request: Request, pk: str) -> Response:
        data = s.CreditSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        original = self._document(pk)
        if original.kind not in document_services.CREDIT_OF:
            raise DocumentNotDraft(f"{original} is a credit itself; it cannot be credited.")
        credit = document_services.document_credit(
            document=original,
            actor=self.actor,
            issue_date=v.get("issue_date"),
            lines=[dict(line) for line in v["lines"]] if "lines" in v else None,
            memo=v["memo"],
            idempotency_key=_key(request),
        )
        return _created(self._out(credit).data, getattr(credit, "replayed", False))

    @extend_schema(request=s.AllocateSerializer, responses=s.DocumentSerializer)
    @action(detail=True, methods=["post"])
    def allocate(self, request: Request, pk: str) -> Response:
        """Settle what a credit note (or vendor credit, or an overpaid document) has open against
        other open documents or payments of the same contact."""
        data = s.AllocateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = self._document(pk)
        payment_services.item_allocate(
            item=document,
            allocations=[dict(t) for t in data.validated_data["allocations"]],
            actor=self.actor,
            date=data.validated_data["date"],
        )
        return self._out(document)


class InvoiceViewSet(DocumentViewSet):
    """Sales invoices and their credit notes: draft, issue (numbered and posted), credit."""

    kinds = (Document.Kind.INVOICE, Document.Kind.CREDIT_NOTE)


class BillViewSet(DocumentViewSet):
    """Purchase bills and vendor credits: draft, issue (posted), credit."""

    kinds = (Document.Kind.BILL, Document.Kind.VENDOR_CREDIT)


class PaymentViewSet(CompanyViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet[Payment]):
    """Money received and paid, each settling documents (or another payment: a refund)."""

    serializer_class = s.PaymentSerializer
    pagination_class = NewestFirst
    roles = {"allocate": ACCOUNTANT}

    def get_queryset(self) -> QuerySet[Payment]:
        found = payment_queryset()
        params = self.request.query_params
        if (contact := params.get("contact")) and contact.isdigit():
            found = found.filter(contact_id=contact)
        if party := params.get("party"):
            found = found.filter(party=party)
        if params.get("open", "").lower() in ("1", "true", "yes"):
            found = found.filter(open_amount__gt=0)
        return found.order_by("-id")

    def _out(self, payment: Payment, code: int = status.HTTP_200_OK) -> Response:
        fresh = get_object_or_404(self.get_queryset(), pk=payment.pk)
        return Response(s.PaymentSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(
        parameters=[
            OpenApiParameter("contact", OpenApiTypes.INT),
            OpenApiParameter("party", OpenApiTypes.STR, enum=["customer", "vendor"]),
            OpenApiParameter("open", OpenApiTypes.BOOL, description="With an unallocated amount."),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._out(get_object_or_404(self.get_queryset(), pk=pk))

    @extend_schema(
        request=s.PaymentInSerializer, responses={201: s.PaymentSerializer, 200: s.PaymentSerializer},
        parameters=[IDEMPOTENCY],
    )  # fmt: skip
    def create(self, request: Request) -> Response:
        data = s.PaymentInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        made = payment_services.payment_create(
            contact=_contact(v.pop("contact")),
            allocations=[dict(t) for t in v.pop("allocations")],
            actor=self.actor,
            idempotency_key=_key(request),
            **v,
        )
        return _created(self._out(made).data, getattr(made, "replayed", False))

    @extend_schema(request=s.AllocateSerializer, responses=s.PaymentSerializer)
    @action(detail=True, methods=["post"])
    def allocate(self, request: Request, pk: str) -> Response:
        data = s.AllocateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payment = get_object_or_404(self.get_queryset(), pk=pk)
        payment_services.payment_allocate(
            payment=payment,
            allocations=[dict(t) for t in data.validated_data["allocations"]],
            actor=self.actor,
            date=data.validated_data["date"],
        )
        return self._out(payment)


class InvoicingSettingsView(CompanyViewMixin, APIView):
    """The control accounts (chosen on first use), tax rounding and the payment details printed
    on invoices. Owners change them."""

    roles = {"write": OWNER}

    @extend_schema(responses=s.InvoicingSettingsSerializer)
    def get(self, request: Request) -> Response:
        return Response(s.InvoicingSettingsSerializer(invoicing_settings()).data)

    @extend_schema(request=s.InvoicingSettingsInSerializer, responses=s.InvoicingSettingsSerializer)
    def patch(self, request: Request) -> Response:
        data = s.InvoicingSettingsInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        settings = invoicing_settings()
        with tenant_atomic():
            for name, value in data.validated_data.items():
                setattr(settings, name, value)
            settings.save()
        return Response(s.InvoicingSettingsSerializer(settings).data)


class InvoicingLogoView(CompanyViewMixin, APIView):
    """The logo printed on invoices and credit notes: a PNG, JPEG or SVG of at most 512 KiB.
    Members read it; owners upload (multipart field `file`) or remove it."""

    roles = {"write": OWNER}
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses={(200, "image/*"): OpenApiTypes.BINARY})
    def get(self, request: Request) -> HttpResponse:
        logo = invoicing_settings().logo
        if not logo:
            raise NotFound("No logo is set.")
        data = bytes(logo)
        response = HttpResponse(data, content_type=logo_media_type(data) or "application/octet-stream")
        # An SVG could carry script: never let a browser run it as a page of this site.
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @extend_schema(
        request={"multipart/form-data": s.LogoUploadSerializer}, responses=s.InvoicingSettingsSerializer
    )
    def put(self, request: Request) -> Response:
        upload = s.LogoUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        with tenant_atomic():
            settings = logo_set(upload.validated_data["file"].read())
        return Response(s.InvoicingSettingsSerializer(settings).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        with tenant_atomic():
            logo_set(None)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DocumentSeriesViewSet(CompanyViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet[DocumentSeries]):
    """Number series per document kind and year; owners set a prefix before its first number."""

    serializer_class = s.DocumentSeriesSerializer
    pagination_class = NewestFirst
    roles = {"create": OWNER}

    def get_queryset(self) -> QuerySet[DocumentSeries]:
        return DocumentSeries.objects.order_by("-id")

    @extend_schema(request=s.SeriesPrefixSerializer, responses={200: s.DocumentSeriesSerializer})
    def create(self, request: Request) -> Response:
        data = s.SeriesPrefixSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changed = series_set_prefix(actor=self.actor, **data.validated_data)
        return Response(s.DocumentSeriesSerializer(changed).data)


class RevaluationViewSet(CompanyViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet[Revaluation]):
    """Unrealised exchange gains and losses: open foreign-currency balances revalued at a date's
    rates, reversed the next day. Preview first; once per date."""

    serializer_class = s.RevaluationSerializer
    pagination_class = NewestFirst
    roles = {"preview": VIEWER}

    def get_queryset(self) -> QuerySet[Revaluation]:
        return Revaluation.objects.order_by("-id")

    def retrieve(self, request: Request, pk: str) -> Response:
        found = get_object_or_404(self.get_queryset(), pk=pk)
        return Response(s.RevaluationSerializer(found, context=self.get_serializer_context()).data)

    @extend_schema(
        request=s.RevaluationInSerializer,
        responses={201: s.RevaluationSerializer, 200: s.RevaluationSerializer},
    )
    def create(self, request: Request) -> Response:
        data = s.RevaluationInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        made = revaluation_create(as_of=data.validated_data["as_of"], actor=self.actor)
        out = s.RevaluationSerializer(made, context=self.get_serializer_context()).data
        return _created(out, getattr(made, "replayed", False))

    @extend_schema(request=s.RevaluationInSerializer, responses=s.RevaluationPreviewSerializer)
    @action(detail=False, methods=["post"])
    def preview(self, request: Request) -> Response:
        data = s.RevaluationInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        as_of = data.validated_data["as_of"]
        found = revaluation_preview(as_of=as_of)
        return Response({"as_of": as_of, "lines": [r.as_json(self.base_currency) for r in found]})
