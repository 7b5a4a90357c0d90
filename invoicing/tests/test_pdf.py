"""Invoice and bill PDFs: what they print, drafts, the endpoint's roles and isolation, and the
answer of a server without the PDF library's system packages."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from pypdf import PdfReader

from common.models import Company
from invoicing.models import Contact, Document, InvoicingSettings
from invoicing.pdf import document_pdf, pdf_engine
from invoicing.pdf import render as pdf_render
from invoicing.services.documents import DocumentData, LineData, document_create
from invoicing.services.payments import payment_create
from invoicing.services.setup import invoicing_settings
from ledger.api.tests.conftest import ClientFor
from ledger.api.tests.support import assert_error
from ledger.seed import seed_tenant
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

from .conftest import ALICE


@pytest.fixture
def engine() -> None:
    """Skip where PDFs cannot be rendered. Asked at run time, not as the module is collected:
    weasyprint loads its C libraries as it is imported (a second or more), which every process
    collecting this module would pay for."""
    missing = pdf_engine()
    if missing is not None:
        pytest.skip(f"invoice PDF: no Pango ({missing}); {pdf_render.INSTALL_HINT}")


needs_engine = pytest.mark.usefixtures("engine")
pytestmark = tenant_db
BASE = "/t/acme/api/v1"
CONSULTING = {
    "description": "Consulting, March",
    "quantity": "3",
    "unit_price": "400.00",
    "tax_code": "VAT20",
}
PAPER = {"description": "Paper", "unit_price": "20.00", "account": "6400"}


def make(
    contact: Contact,
    *,
    kind: str = "invoice",
    issue: bool = True,
    lines: list[LineData | dict[str, Any]] | None = None,
    **extra: Any,
) -> Document:
    data = DocumentData(
        kind=kind, contact=contact, issue_date=date(2026, 3, 2), due_date=date(2026, 4, 1), currency="USD",
        lines=lines or [
            CONSULTING,
            {"description": "Books", "unit_price": "12.50", "discount_percent": "10", "tax_code": "VAT0"},
        ],
        **extra,
    )  # fmt: skip
    return document_create(data=data, actor=ALICE, issue=issue)


def text_of(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@needs_engine
def test_an_invoice_prints_both_parties_its_lines_tax_per_code_totals_and_how_to_pay(customer, books):
    customer.address = "1 Main Street\nSpringfield"
    customer.tax_id = "GB123456789"
    customer.save()
    invoicing_settings()
    InvoicingSettings.objects.update(payment_details="Bank: First Bank\nIBAN GB33BUKB20201555555555")
    invoice = make(customer)

    pdf = document_pdf(invoice)

    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None and reader.metadata.title == "Invoice INV-2026-0001"
    text = text_of(pdf)
    for expected in (
        "Acme", "Globex Ltd", "1 Main Street", "Springfield", "GB123456789",  # the company and the customer
        "INV-2026-0001", "2026-03-02", "2026-04-01",  # number, date, due date
        "Consulting, March", "1,200.00", "Books", "12.50", "11.25",  # lines (10 % off the books)
        "VAT20", "240.00", "VAT0",  # tax per code
        "1,211.25", "1,451.25",  # net, total
        "IBAN GB33BUKB20201555555555", "quoting INV-2026-0001",
    ):  # fmt: skip
        assert expected in text, expected
    assert "DRAFT" not in text
    assert "Page 1 of 1" in text


@pytest.mark.slow  # a whole document rendered (the fast suite keeps the first test's)
@needs_engine
def test_a_draft_is_marked_draft_and_a_partly_paid_invoice_shows_what_is_still_due(customer):
    draft = make(customer, issue=False)
    assert "DRAFT" in text_of(document_pdf(draft))

    invoice = make(customer)
    payment_create(
        direction="received", party="customer", contact=customer, date=date(2026, 3, 10), account="1120",
        amount="451.25", allocations=[{"document": invoice.pk, "amount": "451.25"}], actor=ALICE,
    )  # fmt: skip
    invoice.refresh_from_db()
    text = text_of(document_pdf(invoice))
    assert "Paid" in text and "451.25" in text and "1,000.00" in text


@pytest.mark.slow  # a whole document rendered (the fast suite keeps the first test's)
@needs_engine
def test_text_that_looks_like_html_is_printed_as_text(customer):
    hostile = "<img src='file:///etc/passwd'> & <b>bold</b>"
    invoice = make(customer, lines=[{"description": hostile, "unit_price": "1.00"}])
    assert hostile in text_of(document_pdf(invoice))


@pytest.mark.slow  # a whole document rendered (the fast suite keeps the first test's)
@needs_engine
def test_a_bill_prints_the_vendor_as_seller_with_their_number(vendor):
    bill = make(vendor, kind="bill", vendor_reference="V-77", lines=[PAPER])
    text = text_of(document_pdf(bill))
    assert "Initech" in text and "BILL-2026-0001" in text and "V-77" in text and "Please pay" not in text


@needs_engine
@pytest.mark.parametrize(
    "role",
    # Each renders the whole document: the fast suite (-m "not slow") keeps the viewer's.
    ["viewer", *(pytest.param(role, marks=pytest.mark.slow) for role in ("accountant", "owner"))],
)
def test_every_role_downloads_the_pdf(users, client_for, customer, role):
    invoice = make(customer)
    answer = client_for(users[role]).get(f"{BASE}/invoices/{invoice.pk}/pdf/")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"] == 'inline; filename="INV-2026-0001.pdf"'
    assert "INV-2026-0001" in text_of(answer.content)


@needs_engine
def test_an_invoice_is_not_a_bill_and_unknown_ids_are_404(users, client_for, customer, vendor):
    viewer = client_for(users["viewer"])
    invoice = make(customer)
    bill = make(vendor, kind="bill", lines=[PAPER])
    assert viewer.get(f"{BASE}/bills/{bill.pk}/pdf/").status_code == 200
    assert_error(viewer.get(f"{BASE}/bills/{invoice.pk}/pdf/"), 404)
    assert_error(viewer.get(f"{BASE}/invoices/424242/pdf/", HTTP_ACCEPT="application/pdf"), 404)
    assert client_for(None).get(f"{BASE}/invoices/{invoice.pk}/pdf/").status_code == 401


def test_a_member_of_another_company_gets_nothing(
    users: dict[str, User], client_for: ClientFor, customer: Contact, foo: Company
) -> None:
    invoice = make(customer)
    mallory = client_for(users["non-member"])
    assert_error(mallory.get(f"{BASE}/invoices/{invoice.pk}/pdf/"), 404, "tenant_not_found")
    with tenant_context(foo):
        seed_tenant(company=foo)
    assert_error(mallory.get(f"/t/foo/api/v1/invoices/{invoice.pk}/pdf/"), 404)


def test_without_the_pdf_library_the_answer_is_503_saying_what_to_install(
    users, client_for, customer, monkeypatch
):
    invoice = make(customer)
    monkeypatch.setattr(pdf_render, "_engine", lambda: "OSError: cannot load library 'libpango-1.0-0'")
    answer = client_for(users["viewer"]).get(f"{BASE}/invoices/{invoice.pk}/pdf/")
    body = assert_error(answer, 503, "pdf_unavailable")
    assert "libpango" in body["message"]
