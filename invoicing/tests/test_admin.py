"""The invoicing admin: the chosen company's documents and payments, readable, never writable."""

from __future__ import annotations

from datetime import date

from django.test import Client

from common.models import Company
from invoicing.models import Contact
from invoicing.services.documents import DocumentData, document_create
from ledger.seed import seed_tenant
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

from .conftest import ALICE

pytestmark = tenant_db


def test_staff_read_the_chosen_companys_documents_and_change_nothing(
    admin_client: Client, foo: Company, customer: Contact
) -> None:
    data = DocumentData(kind="invoice", contact=customer, issue_date=date(2026, 2, 1),
                        lines=[{"description": "Unique widget", "unit_price": "10"}])  # fmt: skip
    made = document_create(data=data, actor=ALICE, issue=True)
    admin_client.post("/admin/company/", {"company": "acme"})
    listing = admin_client.get("/admin/invoicing/document/")
    assert listing.status_code == 200 and b"INV-2026-0001" in listing.content
    page = admin_client.get(f"/admin/invoicing/document/{made.pk}/change/")
    assert page.status_code == 200 and b"Unique widget" in page.content
    assert admin_client.get("/admin/invoicing/document/add/").status_code == 403
    assert admin_client.post(f"/admin/invoicing/document/{made.pk}/change/", {"memo": "x"}).status_code == 403
    for name in ("contact", "payment", "allocation"):
        assert admin_client.get(f"/admin/invoicing/{name}/").status_code == 200
    with tenant_context(foo):
        seed_tenant(company=foo)
    admin_client.post("/admin/company/", {"company": "foo"})
    assert b"INV-2026-0001" not in admin_client.get("/admin/invoicing/document/").content
    assert admin_client.get(f"/admin/invoicing/document/{made.pk}/change/").status_code in (302, 404)
