"""The tax endpoints: the report (JSON, CSV, drill-down), filing (settlement, filed codes,
overlap, idempotency), mappings; isolation and roles, in the API and the admin."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient

from common.models import Company
from ledger.api.tests.conftest import ClientFor
from ledger.models import Account, JournalLine, TaxCode
from ledger.seed import seed_tenant
from tax.models import TaxReturn
from tenants.routing.context import tenant_context

pytestmark = pytest.mark.django_db(databases="__all__")
BASE = "/t/acme/api/v1"
REPORT = f"{BASE}/reports/tax-return/"
Q1 = {"scheme": "uk-vat", "from": "2026-01-01", "to": "2026-03-31"}


def file_q1(client: APIClient, **extra: Any) -> Any:
    return client.post(f"{BASE}/tax-returns/", {**Q1, **extra.pop("body", {})}, format="json", **extra)


def test_the_report_answers_each_box_with_its_drill_down(users, client_for, quarter):
    vera = client_for(users["viewer"])
    body = vera.get(REPORT, Q1).json()
    boxes = {row["key"]: row for row in body["rows"]}
    assert boxes["1"]["amount"] == "290.00" and boxes["5"]["amount"] == "178.00"
    assert boxes["5"]["formula"] == "3 - 4" and boxes["5"]["drill_down"] is None
    assert body["totals"] == {"payable": "178.00", "tax_accounts_movement": "178.00", "difference": "0.00"}
    assert body["meta"]["tax_codes"] == ["VAT0", "VAT20", "VAT5"] and body["meta"]["tax_accounts"] == ["2300"]
    lines = vera.get(boxes["4"]["drill_down"]).json()
    assert [row["signed"] for row in lines["rows"]] == ["100.00", "2.00", "10.00"]
    assert lines["totals"] == {"amount": "112.00"} and lines["meta"]["next_offset"] is None
    first = lines["rows"][0]
    assert (first["account"], first["tax_code"], first["component"], first["source"]) == (
        "2300", "VAT20", "input_tax", "purchases",
    )  # fmt: skip
    page = vera.get(boxes["4"]["drill_down"] + "&limit=2").json()
    assert len(page["rows"]) == 2 and page["meta"]["next_offset"] == 2


def test_the_report_shows_what_filing_would_post_and_which_codes_are_filed(users, client_for, quarter):
    vera, olga = client_for(users["viewer"]), client_for(users["owner"])
    body = vera.get(REPORT, Q1).json()
    assert [(ln["account"], ln["debit"], ln["credit"]) for ln in body["settlement"]] == [
        ("2300", "178.00", None),
        ("2310", None, "178.00"),
    ]
    assert body["settlement"][1]["account_name"] == "VAT payable"
    assert body["meta"]["filed_through"] == {}
    filed = file_q1(olga).json()
    with tenant_context("acme"):
        posted = [
            (ln.account.code, ln.side, ln.base_amount)
            for ln in JournalLine.objects.filter(entry_id=filed["entry"]).select_related("account")
        ]
    assert posted == [("2300", "D", Decimal("178.00")), ("2310", "C", Decimal("178.00"))]
    again = vera.get(REPORT, Q1).json()
    q1_end = "2026-03-31"
    assert again["meta"]["filed_through"] == {"VAT0": q1_end, "VAT20": q1_end, "VAT5": q1_end}


def test_the_report_as_csv(users, client_for, quarter):
    vera = client_for(users["viewer"])
    answer = vera.get(REPORT, {**Q1, "format": "csv"})
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    assert "tax-return-uk-vat-2026-01-01-2026-03-31.csv" in answer["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    assert rows[0] == ["key", "label", "amount", "lines", "formula"]
    assert rows[1][:3] == ["1", "VAT due on sales and other outputs", "290.00"]
    assert ["total_payable", "178.00"] in rows
    lines = vera.get(REPORT, {**Q1, "box": "6", "format": "csv"})
    body = list(csv.reader(io.StringIO(lines.content.decode())))
    assert body[0][:3] == ["entry", "date", "reference"] and len(body) == 1 + 6 + 2  # header, lines, totals


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-01-01", "to": "2026-03-31"}, "scheme"),
        ({**Q1, "scheme": "nope"}, "scheme"),
        ({**Q1, "from": "2026-13-01"}, "from"),
        ({**Q1, "to": "2025-12-31"}, "to"),
        ({**Q1, "box": "99"}, "box"),
        ({**Q1, "box": "1", "limit": "-1"}, "limit"),
        ({**Q1, "box": "1", "offset": "1e9"}, "offset"),
    ],
)
def test_bad_parameters_are_400_in_the_one_error_shape_also_as_csv(users, client_for, books, params, field):
    vera = client_for(users["viewer"])
    for extra in ({}, {"format": "csv"}):
        answer = vera.get(REPORT, {**params, **extra})
        assert answer.status_code == 400, answer.content
        assert field in answer.json()["fields"]


def test_filing_posts_the_settlement_records_the_return_and_closes_the_period(users, client_for, quarter):
    olga = client_for(users["owner"])
    answer = file_q1(olga)
    assert answer.status_code == 201, answer.json()
    filed = answer.json()
    assert (filed["payable"], filed["payable_account"], filed["period_to"]) == (
        "178.00",
        "2310",
        "2026-03-31",
    )
    assert filed["tax_codes"] == ["VAT0", "VAT20", "VAT5"] and filed["filed_by_name"] == "olga"
    assert {b["key"]: b["amount"] for b in filed["boxes"]}["1"] == "290.00"
    with tenant_context("acme"):
        settlement = [
            (ln.account.code, ln.side, ln.base_amount, ln.tax_code_id)
            for ln in JournalLine.objects.filter(entry_id=filed["entry"]).select_related("account")
        ]
        assert settlement == [("2300", "D", Decimal("178.00"), None), ("2310", "C", Decimal("178.00"), None)]
        assert Account.objects.get(code="2310").type == "liability"
        assert set(
            TaxCode.objects.filter(code__startswith="VAT").values_list("filed_through", flat=True)
        ) == {date(2026, 3, 31)}
    # The figures filed stay: the report of the period, read again, still says 178 payable,
    # and the settlement is no part of the tax accounts' movement it reconciles with.
    again = olga.get(REPORT, Q1).json()
    assert again["totals"] == {"payable": "178.00", "tax_accounts_movement": "178.00", "difference": "0.00"}
    assert olga.get(f"{BASE}/tax-returns/{filed['id']}/").json()["entry_label"] == filed["entry_label"]
    assert olga.get(f"{BASE}/tax-returns/").json()["results"][0]["id"] == filed["id"]


def test_after_filing_a_posting_in_the_period_is_refused_and_a_correction_goes_later(
    users, client_for, quarter
):
    olga, alan = client_for(users["owner"]), client_for(users["accountant"])
    assert file_q1(olga).status_code == 201
    late = {
        "date": "2026-03-15",
        "status": "posted",
        "lines": [
            {"account": "1110", "debit": "12.00"},
            {"account": "4100", "credit": "10.00", "tax_code": "VAT20"},
            {"account": "2300", "credit": "2.00", "tax_code": "VAT20"},
        ],
    }
    refused = alan.post(f"{BASE}/journal-entries/", late, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "tax_period_filed"
    corrected = alan.post(f"{BASE}/journal-entries/", {**late, "date": "2026-04-01"}, format="json")
    assert corrected.status_code == 201
    q2 = olga.get(REPORT, {**Q1, "from": "2026-04-01", "to": "2026-06-30"}).json()
    assert {r["key"]: r["amount"] for r in q2["rows"]}["1"] == "62.00"  # the April invoice's 60 and 2


def test_a_second_filing_overlapping_a_filed_period_is_refused(users, client_for, quarter):
    olga = client_for(users["owner"])
    assert file_q1(olga).status_code == 201
    for period in ({"from": "2026-03-01", "to": "2026-04-30"}, {"from": "2026-01-01", "to": "2026-03-31"}):
        answer = file_q1(olga, body=period)
        assert answer.status_code == 409 and answer.json()["code"] == "tax_return_overlaps"
        assert "2026-03-31" in answer.json()["message"]
    per_code = file_q1(olga, body={"scheme": "per-code"})  # the same codes, by another scheme
    assert per_code.status_code == 409
    assert file_q1(olga, body={"from": "2026-04-01", "to": "2026-06-30"}).status_code == 201
    assert TaxReturn.objects.using("tenant_acme").count() == 2


def test_filing_with_an_idempotency_key_files_once(users, client_for, quarter):
    olga = client_for(users["owner"])
    first = file_q1(olga, HTTP_IDEMPOTENCY_KEY="q1-2026")
    again = file_q1(olga, HTTP_IDEMPOTENCY_KEY="q1-2026")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    other = file_q1(olga, HTTP_IDEMPOTENCY_KEY="q1-2026", body={"to": "2026-03-30"})
    assert other.status_code == 409 and other.json()["code"] == "idempotency_conflict"
    assert TaxReturn.objects.using("tenant_acme").count() == 1


def test_a_bad_filing_is_400(users, client_for, books):
    olga = client_for(users["owner"])
    for body, field in (
        ({"to": "2025-01-01"}, "to"),
        ({"scheme": "x"}, "scheme"),
        ({"from": "nope"}, "from"),
    ):
        answer = file_q1(olga, body=body)
        assert answer.status_code == 400 and field in answer.json()["fields"], answer.json()


def test_owners_map_codes_to_boxes_and_the_report_follows(users, client_for, quarter):
    olga = client_for(users["owner"])
    mapped = olga.post(
        f"{BASE}/tax-schemes/uk-vat/mapping/",
        {"tax_code": "VAT0", "boxes": {"sales_net": ["6", "8"]}},
        format="json",
    )
    assert mapped.status_code == 200, mapped.json()
    vat0 = next(m for m in mapped.json()["mappings"] if m["tax_code"] == "VAT0")
    assert vat0 == {"tax_code": "VAT0", "rate": "0.0000", "boxes": {"sales_net": ["6", "8"]}, "custom": True}
    boxes = {r["key"]: r["amount"] for r in olga.get(REPORT, Q1).json()["rows"]}
    assert boxes["8"] == "50.00" and boxes["6"] == "1650.00"
    bad = olga.post(
        f"{BASE}/tax-schemes/uk-vat/mapping/", {"tax_code": "VAT0", "boxes": {"x": ["5"]}}, format="json"
    )
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_tax_mapping"
    computed = olga.post(
        f"{BASE}/tax-schemes/uk-vat/mapping/",
        {"tax_code": "VAT0", "boxes": {"sales_net": ["5"]}},
        format="json",
    )
    assert computed.status_code == 400  # box 5 is computed
    fixed = olga.post(
        f"{BASE}/tax-schemes/per-code/mapping/", {"tax_code": "VAT0", "boxes": {}}, format="json"
    )
    assert fixed.status_code == 400
    schemes = client_for(users["viewer"]).get(f"{BASE}/tax-schemes/").json()
    assert [s["key"] for s in schemes] == ["uk-vat", "de-ustva", "eu-rates", "per-code"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [("viewer", 403), ("accountant", 403), ("owner", 201), ("non-member", 404), ("staff", 404)],
)
def test_only_owners_file_returns(users, client_for, quarter, role, expected):
    answer = file_q1(client_for(users[role]))
    assert answer.status_code == expected, answer.json()


@pytest.mark.parametrize(("role", "expected"), [("viewer", 403), ("accountant", 403), ("owner", 200)])
def test_only_owners_change_mappings(users, client_for, books, role, expected):
    answer = client_for(users[role]).post(
        f"{BASE}/tax-schemes/uk-vat/mapping/", {"tax_code": "VAT0", "boxes": {}}, format="json"
    )
    assert answer.status_code == expected


def test_another_company_gets_nothing(
    users: dict[str, User], client_for: ClientFor, quarter: None, foo: Company
) -> None:
    olga = client_for(users["owner"])
    filed = file_q1(olga).json()
    mallory = client_for(users["non-member"])
    for url in (REPORT, f"{BASE}/tax-returns/", f"{BASE}/tax-returns/{filed['id']}/", f"{BASE}/tax-schemes/"):
        assert mallory.get(url, Q1).status_code == 404
    assert file_q1(mallory).status_code == 404
    with tenant_context(foo):
        seed_tenant(company=foo)
    own = "/t/foo/api/v1"
    assert mallory.get(f"{own}/tax-returns/{filed['id']}/").status_code == 404
    assert mallory.get(f"{own}/tax-returns/").json()["results"] == []
    theirs = mallory.get(f"{own}/reports/tax-return/", {**Q1, "scheme": "per-code"}).json()
    assert theirs["totals"]["payable"] == "0.00"


def test_staff_read_filed_returns_in_the_admin_and_change_nothing(
    users: dict[str, User], client_for: ClientFor, quarter: None, admin_client: Client, foo: Company
) -> None:
    filed = file_q1(client_for(users["owner"])).json()
    admin_client.post("/admin/company/", {"company": "acme"})
    listing = admin_client.get("/admin/tax/taxreturn/")
    assert listing.status_code == 200 and b"uk-vat" in listing.content
    assert admin_client.get(f"/admin/tax/taxreturn/{filed['id']}/change/").status_code == 200
    assert admin_client.get("/admin/tax/taxreturn/add/").status_code == 403
    assert (
        admin_client.post(f"/admin/tax/taxreturn/{filed['id']}/delete/", {"post": "yes"}).status_code == 403
    )
    assert admin_client.get("/admin/tax/taxboxmapping/").status_code == 200
    with tenant_context(foo):
        seed_tenant(company=foo)
    admin_client.post("/admin/company/", {"company": "foo"})
    assert b"uk-vat" not in admin_client.get("/admin/tax/taxreturn/").content
    assert admin_client.get(f"/admin/tax/taxreturn/{filed['id']}/change/").status_code in (302, 404)


def test_an_admin_of_another_company_cannot_open_acmes_returns(users, client_for, quarter, django_user_model):
    from common.models import Membership

    filed = file_q1(client_for(users["owner"])).json()
    stan = django_user_model.objects.create_user(username="stan2", password="x", is_staff=True)
    Membership.objects.create(user=stan, company=Company.objects.get(slug="foo"), role=Membership.Role.OWNER)
    client = Client()
    client.force_login(stan)
    chosen = client.post("/admin/company/", {"company": "acme"})
    assert chosen.status_code == 302 and chosen["Location"].startswith("/admin/company/")
    assert client.get(f"/admin/tax/taxreturn/{filed['id']}/change/").status_code in (302, 403, 404)


def test_a_viewer_on_the_staff_reads_returns_in_the_admin_but_adds_none(
    users, client_for, quarter, django_user_model
):
    from django.contrib.auth.models import Permission

    from common.models import Membership

    filed = file_q1(client_for(users["owner"])).json()
    vera = django_user_model.objects.create_user(username="vera2", password="x", is_staff=True)
    vera.user_permissions.add(*Permission.objects.filter(content_type__app_label="tax"))
    Membership.objects.create(
        user=vera, company=Company.objects.get(slug="acme"), role=Membership.Role.VIEWER
    )
    client = Client()
    client.force_login(vera)
    assert client.post("/admin/company/", {"company": "acme"}).status_code == 302
    assert client.get("/admin/tax/taxreturn/").status_code == 200
    assert client.get(f"/admin/tax/taxreturn/{filed['id']}/change/").status_code == 200
    assert client.get("/admin/tax/taxreturn/add/").status_code == 403
    assert client.post(f"/admin/tax/taxreturn/{filed['id']}/delete/", {"post": "yes"}).status_code == 403
    assert TaxReturn.objects.using("tenant_acme").count() == 1
