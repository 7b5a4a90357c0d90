"""A document's PDF: the HTML template templates/invoicing/document.html, laid out by WeasyPrint.

WeasyPrint needs Pango, a system library. Without it the module still imports; `pdf_engine()`
says why it cannot render and `document_pdf` raises PdfUnavailable (503), so the rest of the app
runs on a machine that lacks it.
"""

from __future__ import annotations

import base64
from decimal import Decimal
from functools import cache
from types import ModuleType
from typing import Any

from django.template.loader import render_to_string

from common.errors import DomainError
from common.models import Company
from ledger.money import minor_units
from tenants.routing.context import current_tenant

from ..models import Document, InvoicingSettings
from ..selectors import document_lines, tax_summary
from ..services.setup import logo_media_type

INSTALL_HINT = (
    "apt-get install libpango-1.0-0 libpangoft2-1.0-0 (Debian, Ubuntu) or brew install pango (macOS)"
)
TITLES: dict[str, str] = {
    Document.Kind.INVOICE: "Invoice",
    Document.Kind.CREDIT_NOTE: "Credit note",
    Document.Kind.BILL: "Bill",
    Document.Kind.VENDOR_CREDIT: "Vendor credit",
}


class PdfUnavailable(DomainError):
    code = "pdf_unavailable"
    status_code = 503
    default_message = f"PDFs need the Pango library on the server: {INSTALL_HINT}."


@cache
def _engine() -> ModuleType | str:
    """The weasyprint module, or why it cannot be loaded (its C libraries load at import)."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        return f"{type(error).__name__}: {error}".splitlines()[0]
    engine: ModuleType = weasyprint  # the library publishes no types: Any to mypy
    return engine


def pdf_engine() -> str | None:
    """None when PDFs can be rendered here; otherwise the reason they cannot."""
    found = _engine()
    return found if isinstance(found, str) else None


def amount(value: Decimal, currency: str) -> str:
    """1234.5 EUR -> "1,234.50": grouped, at the currency's minor units."""
    return f"{value:,.{minor_units(currency)}f}"


def quantity(value: Decimal) -> str:
    """2.0000 -> "2", 1.2500 -> "1.25"."""
    return f"{value.normalize():f}"


def price(value: Decimal, currency: str) -> str:
    """A unit price: at the currency's minor units, or with the more decimals it was given in."""
    places = max(minor_units(currency), -int(value.normalize().as_tuple().exponent))
    return f"{value:,.{places}f}"


def _logo_uri(logo: bytes | None) -> str:
    media_type = logo_media_type(logo) if logo else None
    if not logo or media_type is None:
        return ""  # not an image we print: leave it out rather than fail the invoice
    return f"data:{media_type};base64,{base64.b64encode(logo).decode()}"


def _stored_logo(settings: InvoicingSettings | None) -> bytes | None:
    return bytes(settings.logo) if settings and settings.logo else None


def _company() -> Company | None:
    tenant = current_tenant()
    if tenant is None:
        return None
    return Company.objects.using("default").filter(pk=tenant.company_id).first()


def document_context(document: Document, *, logo: bytes | None = None) -> dict[str, Any]:
    """Everything the template shows, formatted: parties, lines, tax per code, totals."""
    currency = document.currency_id
    company = _company()
    settings = InvoicingSettings.objects.first()
    ours = {
        "name": company.name if company else "",
        "address": settings.company_address if settings else "",
        "country": company.country if company else "",
        "tax_id": settings.company_tax_id if settings else "",
        "email": settings.company_email if settings else "",
    }
    contact = document.contact
    theirs = {"name": contact.name, "address": contact.address, "country": contact.country,
              "tax_id": contact.tax_id, "email": contact.email}  # fmt: skip
    lines = document_lines(document)
    sales = document.is_sales
    paid = document.total - document.open_amount if document.status != Document.Status.DRAFT else Decimal(0)
    return {
        "title": TITLES.get(document.kind, document.kind),
        "number": document.number or "Draft",
        "draft": document.status == Document.Status.DRAFT,
        "document": document,
        "currency": currency,
        "seller": ours if sales else theirs,
        "buyer": theirs if sales else ours,
        "logo": _logo_uri(logo if logo is not None else _stored_logo(settings)) if sales else "",
        "original": document.original.number if document.original else "",
        "lines": [
            {
                "description": line.description,
                "quantity": quantity(line.quantity),
                "unit_price": price(line.unit_price, currency),
                "discount": quantity(line.discount_percent) if line.discount_percent else "",
                "tax_code": line.tax_code.code if line.tax_code else "",
                "net": amount(line.net_amount, currency),
            }
            for line in lines
        ],
        "taxes": [
            {
                "code": row.code,
                "name": row.name,
                "rate": quantity(row.rate),
                "net": amount(row.net, currency),
                "tax": amount(row.tax, currency),
            }
            for row in tax_summary(lines)
        ],
        "net_total": amount(document.net_total, currency),
        "tax_total": amount(document.tax_total, currency),
        "total": amount(document.total, currency),
        "paid": amount(paid, currency) if paid else "",
        "due": amount(document.open_amount, currency) if paid else "",
        "payment_details": settings.payment_details if settings and sales else "",
    }


def document_pdf(document: Document, *, logo: bytes | None = None) -> bytes:
    """The document as a PDF (a draft marked DRAFT on every page)."""
    engine = _engine()
    if isinstance(engine, str):
        raise PdfUnavailable()
    html = render_to_string("invoicing/document.html", document_context(document, logo=logo))
    # Only data: URIs (the logo) are read: nothing the text holds can make the renderer open a
    # file or a URL, even if it ever got past the template's escaping.
    fetcher = engine.URLFetcher(allowed_protocols={"data"})
    pdf: bytes = engine.HTML(string=html, url_fetcher=fetcher).write_pdf()
    return pdf
