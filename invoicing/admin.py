"""Django admin for one company's sales and purchases (the company of the admin's switcher):
read-only. Staff read contacts, documents and payments here; every change goes through the API
or the web app, whose services number, post and settle them."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from invoicing.models import Allocation, Contact, Document, DocumentLine, Payment
from ledger.admin import ReadOnlyAdmin


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin[Contact]):
    list_display = ["name", "is_customer", "is_vendor", "tax_id", "email", "currency", "is_archived"]
    list_filter = ["is_customer", "is_vendor", "is_archived"]
    search_fields = ["name", "tax_id", "email"]


class DocumentLineInline(admin.TabularInline[DocumentLine, Document]):
    model = DocumentLine
    extra = 0
    can_delete = False
    readonly_fields = [
        "line_no",
        "description",
        "quantity",
        "unit_price",
        "account",
        "tax_code",
        "net_amount",
        "tax_amount",
    ]
    fields = tuple(readonly_fields)

    def has_add_permission(self, request: HttpRequest, obj: Document | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Document | None = None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin[Document]):
    list_display = ["__str__", "kind", "contact", "issue_date", "due_date", "total", "open_amount", "status"]
    list_filter = ["kind", "status", "currency"]
    search_fields = ["number", "contact__name", "vendor_reference"]
    list_select_related = ["contact"]
    date_hierarchy = "issue_date"
    inlines = [DocumentLineInline]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin[Payment]):
    list_display = ["__str__", "contact", "party", "account", "reference", "open_amount"]
    list_filter = ["direction", "party", "currency"]
    search_fields = ["contact__name", "reference"]
    list_select_related = ["contact", "account"]
    date_hierarchy = "date"


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin[Allocation]):
    list_display = ["__str__", "date", "debit_document", "debit_payment", "credit_document", "fx_amount"]
    list_select_related = ["debit_document", "credit_document", "debit_payment", "credit_payment"]
