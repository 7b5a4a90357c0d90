"""The bank admin: statements and lines of the company chosen, readable, never writable."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from bank.models import BankAccount
from common.models import Company
from ledger.seed import seed_tenant
from tenants.routing.context import tenant_context

from .conftest import AddLines

pytestmark = pytest.mark.django_db(databases="__all__")


def test_staff_read_the_chosen_companys_lines_and_change_nothing(
    admin_client: Client, foo: Company, bank: BankAccount, add_lines: AddLines
) -> None:
    [line] = add_lines((date(2026, 1, 10), "42.00", "Globex Unique"))
    admin_client.post("/admin/company/", {"company": "acme"})
    listing = admin_client.get("/admin/bank/statementline/")
    assert listing.status_code == 200 and b"Globex Unique" in listing.content
    assert admin_client.get(f"/admin/bank/statementline/{line.pk}/change/").status_code == 200
    assert admin_client.get("/admin/bank/statementline/add/").status_code == 403
    changed = admin_client.post(f"/admin/bank/statementline/{line.pk}/change/", {"status": "ignored"})
    assert changed.status_code == 403
    for page in ("statement", "bankaccount", "bankrule"):
        assert admin_client.get(f"/admin/bank/{page}/").status_code == 200
    with tenant_context(foo):
        seed_tenant(company=foo)
    admin_client.post("/admin/company/", {"company": "foo"})
    assert b"Globex Unique" not in admin_client.get("/admin/bank/statementline/").content
    other = admin_client.get(f"/admin/bank/statementline/{line.pk}/change/")
    assert other.status_code in (302, 404)
