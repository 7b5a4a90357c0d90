"""SAF-T export: valid against the schema, totals and balances equal to the ledger's, foreign
currency amounts, parties; the endpoint's roles, isolation and errors; the command."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xmlschema
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from common.models import Company
from invoicing.models import Contact, Document
from ledger.api.tests.support import seed
from ledger.models import Account, JournalEntry, JournalLine
from ledger.reports import account_balances
from tenants.routing.context import tenant_context
from tenants.testing import seeded_acme

from .prepared import post_by_alice

pytestmark = pytest.mark.django_db(databases="__all__")

SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "saft-2.00-gl-subset.xsd"
NS = {"s": "urn:OECD:StandardAuditFile-Tax:2.00"}
URL = "/t/acme/api/v1/export/saf-t/"


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMA))


@pytest.fixture
def saft_books(invoicing_books: Company) -> Company:
    """Acme's UK books with the two years of prepared.fill_for_saft, made once per session."""
    return seeded_acme(invoicing_books, "saft_books")


@pytest.fixture
def year(saft_books: Company, books: Company) -> Company:
    """FY2025 with one entry (the opening balances of 2026); FY2026 with an invoice, a bill, a
    euro sale, a hand entry and a draft (left out of the file): acme's books made once per session
    (saft_books), which `books` enters."""
    return books


@pytest.fixture
def customer(year: Company) -> Contact:
    return Contact.objects.get(name="Globex Ltd")


@pytest.fixture
def vendor(year: Company) -> Contact:
    return Contact.objects.get(name="Initech")


def export(client: APIClient, **params: str) -> bytes:
    response: Any = client.get(URL, {"fiscal_year": "2026", **params})  # streaming_content: not in the stubs
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def parse(data: bytes) -> ET.Element:
    return ET.fromstring(data)  # noqa: S314 (the project's own output)


def find(element: ET.Element, path: str) -> ET.Element:
    found = element.find(path, NS)
    assert found is not None, path
    return found


def text(element: ET.Element, path: str) -> str:
    return element.findtext(path, default="", namespaces=NS)


def money(element: ET.Element, path: str) -> Decimal:
    return Decimal(element.findtext(path, namespaces=NS) or "0")


def test_the_file_of_a_small_company_is_valid_and_its_totals_match_the_ledger(
    year, users, client_for, schema
):
    data = export(client_for(users["accountant"]))
    schema.validate(io.BytesIO(data))
    root = parse(data)
    entries = find(root, "s:GeneralLedgerEntries")
    with tenant_context(year):
        posted = JournalEntry.objects.filter(fiscal_year__end_date__year=2026, status="posted")
        lines = JournalLine.objects.filter(entry__in=posted)
        debit = sum(line.base_amount for line in lines if line.side == "D")
        credit = sum(line.base_amount for line in lines if line.side == "C")
        assert text(entries, "s:NumberOfEntries") == str(posted.count()) == "4"
    assert money(entries, "s:TotalDebit") == debit == money(entries, "s:TotalCredit") == credit
    transactions = entries.findall("s:Journal/s:Transaction", NS)
    assert len(transactions) == 4
    line_debits = sum(money(line, "s:DebitAmount/s:Amount") for line in entries.iterfind(".//s:Line", NS))
    assert line_debits == debit
    journals = [text(j, "s:JournalID") for j in entries.findall("s:Journal", NS)]
    assert journals == ["GL", "purchases", "sales"]


def test_opening_and_closing_balances_are_the_ledgers_at_the_year_bounds(year, users, client_for):
    root = parse(export(client_for(users["owner"])))
    accounts = {
        text(a, "s:AccountID"): a for a in root.findall("s:MasterFiles/s:GeneralLedgerAccounts/s:Account", NS)
    }
    with tenant_context(year):
        assert set(accounts) == set(Account.objects.values_list("code", flat=True))
        opening = account_balances(date(2025, 12, 31))
        closing = account_balances(date(2026, 12, 31))
        for code, account in accounts.items():
            pk = Account.objects.get(code=code).pk
            shown = money(account, "s:OpeningDebitBalance") - money(account, "s:OpeningCreditBalance")
            assert shown == opening.get(pk, 0), code
            shown = money(account, "s:ClosingDebitBalance") - money(account, "s:ClosingCreditBalance")
            assert shown == closing.get(pk, 0), code
    assert money(accounts["1110"], "s:OpeningDebitBalance") == Decimal("1000.00")
    assert money(accounts["3000"], "s:OpeningCreditBalance") == Decimal("1000.00")


def test_foreign_currency_lines_carry_their_amount_code_and_rate(year, users, client_for):
    root = parse(export(client_for(users["accountant"])))
    sale = next(t for t in root.iterfind(".//s:Transaction", NS) if "Euro sale" in text(t, "s:Description"))
    assert text(sale, "s:Description") == "Euro sale <&> ☃"
    credit = find(sale, "s:Line/s:CreditAmount")
    assert text(credit, "s:Amount") == "120.00"  # the rate of 2026-03-01
    assert text(credit, "s:CurrencyCode") == "EUR"
    assert text(credit, "s:CurrencyAmount") == "100.00"
    assert Decimal(text(credit, "s:ExchangeRate")) == Decimal("1.2")


def test_customers_suppliers_and_tax_codes_are_master_files(year, users, client_for, customer, vendor):
    root = parse(export(client_for(users["accountant"])))
    masters = find(root, "s:MasterFiles")
    assert text(masters, "s:Customers/s:Customer/s:Name") == "Globex Ltd"
    assert text(masters, "s:Suppliers/s:Supplier/s:SupplierID") == str(vendor.pk)
    codes = [text(c, "s:TaxCode") for c in masters.iterfind(".//s:TaxCodeDetails", NS)]
    assert "VAT20" in codes
    invoice = next(j for j in root.iterfind(".//s:Journal", NS) if text(j, "s:JournalID") == "sales")
    transaction = find(invoice, "s:Transaction")
    assert text(transaction, "s:CustomerID") == str(customer.pk)
    receivable = [
        line for line in transaction.iterfind("s:Line", NS) if line.find("s:CustomerID", NS) is not None
    ]
    assert len(receivable) == 1 and receivable[0].find("s:DebitAmount", NS) is not None
    with tenant_context(year):
        number = Document.objects.get(kind="invoice").number
    assert {text(line, "s:SourceDocumentID") for line in transaction.iterfind("s:Line", NS)} == {number}


def test_the_answer_is_a_streamed_xml_attachment(year, users, client_for):
    response = client_for(users["accountant"]).get(
        URL, {"fiscal_year": "FY2026"}, HTTP_ACCEPT="application/xml"
    )
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("application/xml")
    assert response["Content-Disposition"] == 'attachment; filename="saf-t-acme-FY2026.xml"'


@pytest.mark.parametrize(
    "role, status", [("viewer", 403), ("accountant", 200), ("owner", 200), ("non-member", 404)]
)
def test_accountants_and_owners_export_others_do_not(year, users, client_for, role, status):
    response = client_for(users[role]).get(URL, {"fiscal_year": "2026"})
    assert response.status_code == status
    if status != 200:
        assert response.json()["code"] in ("permission_denied", "tenant_not_found")


def test_a_company_exports_only_its_own_books(year, foo, users, client_for):
    seed(foo)
    with tenant_context(foo):
        post_by_alice(date(2026, 2, 2), {"account": "1110", "debit": "3"}, {"account": "4100", "credit": "3"})
    response = client_for(users["non-member"]).get("/t/foo/api/v1/export/saf-t/", {"fiscal_year": "2026"})
    data = b"".join(response.streaming_content)
    root = parse(data)
    assert text(root, "s:Header/s:Company/s:Name") == foo.name
    assert text(root, "s:Header/s:DefaultCurrencyCode") == "EUR"
    assert text(root, ".//s:NumberOfEntries") == "1"
    assert b"Globex" not in data and b"Euro sale" not in data


@pytest.mark.parametrize("value", ["", "1999", "999", "FY1999", "twenty", "25006", "999999999"])
def test_a_bad_fiscal_year_is_a_400_naming_the_parameter(year, users, client_for, value):
    response = client_for(users["accountant"]).get(URL, {"fiscal_year": value}, HTTP_ACCEPT="application/xml")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_parameter" and "fiscal_year" in body["fields"]


def test_books_saf_t_cannot_carry_are_refused_before_any_byte(year, users, client_for):
    year.country = ""
    year.save(update_fields=["country"])
    response = client_for(users["accountant"]).get(URL, {"fiscal_year": "2026"})
    assert response.status_code == 409
    assert response.json()["code"] == "saft_not_representable"


def test_account_codes_longer_than_saf_t_takes_are_refused_by_name(year, users, client_for):
    long_code = "Assets:" + "Deposits:" * 8 + "Savings"
    with tenant_context(year):
        Account.objects.create(code=long_code, name="Savings", type="asset")
    response = client_for(users["accountant"]).get(URL, {"fiscal_year": "2026"})
    assert response.status_code == 409
    assert response.json()["code"] == "saft_not_representable" and long_code in response.json()["message"]


def test_the_command_writes_the_same_file_whole(year, tmp_path, schema):
    target = tmp_path / "books.xml"
    call_command("export_books", "acme", "--to", "saf-t", "--year", "2026", "--output", str(target))
    schema.validate(str(target))
    assert text(parse(target.read_bytes()), ".//s:NumberOfEntries") == "4"
    assert not (tmp_path / "books.xml.partial").exists()


@pytest.mark.parametrize("args, message", [
    (["--year", "1999"], "No fiscal year '1999'"),
    ([], "give --year"),
])  # fmt: skip
def test_the_command_refuses_in_one_line(year, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_books", "acme", "--to", "saf-t", *args, stdout=io.StringIO())


def test_the_file_is_the_same_however_many_lines_a_page_holds(year, users, client_for, monkeypatch):
    import interchange.saft

    alan = client_for(users["accountant"])
    whole = export(alan)
    monkeypatch.setattr(interchange.saft, "CHUNK", 2)
    monkeypatch.setattr(interchange.saft, "BUFFER", 10)
    assert export(alan) == whole
