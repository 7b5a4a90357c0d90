"""The company as its invoices print it: address, tax id, email and a logo, kept in the invoicing
settings; owners change them, every member reads them."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader
from rest_framework.test import APIClient

from invoicing.models import Contact, Document, InvoicingSettings
from invoicing.pdf import document_context, document_pdf, pdf_engine
from invoicing.services.documents import DocumentData, document_create
from invoicing.services.setup import LOGO_MAX_BYTES, logo_media_type
from ledger.api.tests.support import assert_error
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

from .conftest import ALICE

pytestmark = tenant_db
BASE = "/t/acme/api/v1"
# The smallest valid PNG: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
DETAILS = {
    "company_address": "1 Ledger Lane\nLondon EC1A 1AA",
    "company_tax_id": "GB987654321",
    "company_email": "accounts@acme.test",
}


def upload(client: APIClient, data: bytes, name: str = "logo.png") -> Any:
    file = SimpleUploadedFile(name, data)
    return client.put(f"{BASE}/invoicing-settings/logo/", {"file": file}, format="multipart")


def invoice(customer: Contact) -> Document:
    data = DocumentData(
        kind="invoice", contact=customer, issue_date=date(2026, 3, 2), currency="USD",
        lines=[{"description": "Consulting", "unit_price": "100.00", "tax_code": "VAT20"}],
    )  # fmt: skip
    return document_create(data=data, actor=ALICE, issue=True)


def test_owners_set_the_details_and_logo_that_members_read(users, client_for, books):
    olga, vera = client_for(users["owner"]), client_for(users["viewer"])
    changed = olga.patch(f"{BASE}/invoicing-settings/", DETAILS, format="json")
    assert changed.status_code == 200, changed.json()
    assert {k: changed.json()[k] for k in DETAILS} == DETAILS
    assert changed.json()["has_logo"] is False

    assert upload(olga, PNG).json()["has_logo"] is True
    shown = vera.get(f"{BASE}/invoicing-settings/logo/")
    assert shown.status_code == 200 and shown.content == PNG
    assert shown["Content-Type"] == "image/png"
    assert "sandbox" in shown["Content-Security-Policy"]  # an SVG never runs as a page

    assert olga.delete(f"{BASE}/invoicing-settings/logo/").status_code == 204
    assert_error(vera.get(f"{BASE}/invoicing-settings/logo/"), 404, "not_found")


def test_only_owners_change_them(users, client_for, books):
    alan = client_for(users["accountant"])
    assert upload(alan, PNG).status_code == 403
    assert alan.patch(f"{BASE}/invoicing-settings/", DETAILS, format="json").status_code == 403
    with tenant_context("acme"):
        settings = InvoicingSettings.objects.first()
        assert settings is None or (not settings.logo and not settings.company_tax_id)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"GIF89a" + b"\0" * 20, "PNG, JPEG or SVG"),
        (b"<html><script>alert(1)</script></html>", "PNG, JPEG or SVG"),
        (PNG + b"\0" * LOGO_MAX_BYTES, "at most 512 KiB"),
    ],
)
def test_a_file_that_is_not_a_small_image_is_refused_and_the_old_logo_kept(
    users, client_for, books, data, message
):
    olga = client_for(users["owner"])
    upload(olga, PNG)
    answer = upload(olga, data)
    assert_error(answer, 400, "invalid_logo" if data else None)
    assert message in str(answer.json()) or not data
    assert olga.get(f"{BASE}/invoicing-settings/logo/").content == PNG


def test_a_bad_email_is_refused(users, client_for, books):
    answer = client_for(users["owner"]).patch(
        f"{BASE}/invoicing-settings/", {"company_email": "not an email"}, format="json"
    )
    assert_error(answer, 400, "validation_error")


def test_svg_with_an_xml_declaration_is_an_svg():
    assert logo_media_type(SVG) == "image/svg+xml"
    assert logo_media_type(b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    assert logo_media_type(b"%PDF-1.7") is None


@pytest.mark.slow  # a whole document rendered, with the logo
def test_an_invoice_names_the_company_with_its_stored_details_and_logo(users, client_for, customer):
    olga = client_for(users["owner"])
    olga.patch(f"{BASE}/invoicing-settings/", DETAILS, format="json")
    upload(olga, PNG)
    with tenant_context("acme"):
        made = invoice(customer)
        context = document_context(made)
    assert context["seller"]["address"] == DETAILS["company_address"]
    assert context["seller"]["tax_id"] == "GB987654321"
    assert context["seller"]["email"] == "accounts@acme.test"
    assert context["logo"].startswith("data:image/png;base64,")
    if pdf_engine() is None:
        with tenant_context("acme"):
            pdf = document_pdf(made)
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        for expected in ("1 Ledger Lane", "London EC1A 1AA", "GB987654321", "accounts@acme.test"):
            assert expected in text, expected


def test_another_companys_member_gets_nothing(users, client_for, books, foo):
    olga = client_for(users["owner"])
    olga.patch(f"{BASE}/invoicing-settings/", DETAILS, format="json")
    upload(olga, PNG)
    mallory = client_for(users["non-member"])
    assert_error(mallory.get(f"{BASE}/invoicing-settings/logo/"), 404, "tenant_not_found")
    assert upload(mallory, SVG).status_code == 404
    assert mallory.delete(f"{BASE}/invoicing-settings/logo/").status_code == 404
    assert olga.get(f"{BASE}/invoicing-settings/logo/").content == PNG
