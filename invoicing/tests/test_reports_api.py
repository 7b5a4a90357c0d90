"""The aging and statement endpoints: figures, CSV, bad parameters, roles and isolation."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.contrib.auth.models import User

from common.models import Company
from invoicing.models import Contact
from ledger.api.tests.conftest import ClientFor
from ledger.api.tests.support import assert_error
from ledger.seed import seed_tenant
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

from .test_aging import issue, pay

pytestmark = tenant_db
BASE = "/t/acme/api/v1"
AGED = f"{BASE}/reports/aged-receivables/?as_of=2026-06-30"


@pytest.fixture
def ledger_of_globex(customer: Contact) -> Contact:
    late = issue(customer, "400.00", date(2026, 3, 1), date(2026, 3, 31))
    issue(customer, "200.00", date(2026, 5, 15), date(2026, 6, 10))
    issue(customer, "1000.00", date(2026, 6, 1), date(2026, 7, 1), currency="EUR")
    pay(customer, "150.00", date(2026, 6, 1), [{"document": late.pk, "amount": "150.00"}])
    pay(customer, "70.00", date(2026, 6, 3))
    return customer


def test_aged_receivables_as_json_per_contact_and_currency(users, client_for, ledger_of_globex):
    answer = client_for(users["viewer"]).get(AGED)

    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["title"], body["currency"]) == ("Aged receivables", "USD")
    assert body["meta"] == {"as_of": "2026-06-30"}
    eur, usd = body["rows"]
    assert eur == {
        "contact": ledger_of_globex.pk, "name": "Globex Ltd", "currency": "EUR", "current": "1000.00",
        "days_1_30": "0.00", "days_31_60": "0.00", "days_61_90": "0.00", "over_90": "0.00", "credits": "0.00",
        "total": "1000.00", "base_total": "1200.00",
    }  # fmt: skip
    assert (usd["days_1_30"], usd["over_90"], usd["credits"], usd["total"]) == (
        "200.00", "250.00", "-70.00", "380.00",
    )  # fmt: skip
    totals = [(c["currency"], c["total"]) for c in body["currencies"]]
    assert totals == [("EUR", "1000.00"), ("USD", "380.00")]
    assert body["totals"] == {"base_total": "1580.00"}
    assert "items" not in body


def test_one_contact_comes_with_its_open_items(users, client_for, ledger_of_globex):
    body = client_for(users["viewer"]).get(f"{AGED}&contact={ledger_of_globex.pk}").json()

    assert body["meta"]["contact"] == ledger_of_globex.pk
    assert [(i["reference"], i["bucket"], i["days_overdue"], i["open"]) for i in body["items"]] == [
        ("INV-2026-0003", "current", -1, "1000.00"),
        ("INV-2026-0001", "over_90", 91, "250.00"),
        ("", "credits", 27, "-70.00"),
        ("INV-2026-0002", "days_1_30", 20, "200.00"),
    ]


def test_aged_receivables_as_csv_list_contacts_then_each_currencys_total(users, client_for, ledger_of_globex):
    answer = client_for(users["viewer"]).get(f"{AGED}&format=csv")

    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    assert answer["Content-Disposition"] == 'attachment; filename="aged-receivables-2026-06-30.csv"'
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    assert rows[0] == ["contact", "name", "currency", "current", "days_1_30", "days_31_60", "days_61_90",
                       "over_90", "credits", "total", "base_total"]  # fmt: skip
    assert [row[1:3] + row[-2:] for row in rows[1:5]] == [
        ["Globex Ltd", "EUR", "1000.00", "1200.00"],
        ["Globex Ltd", "USD", "380.00", "380.00"],
        ["Total", "EUR", "1000.00", "1200.00"],
        ["Total", "USD", "380.00", "380.00"],
    ]
    assert rows[5:] == [[], ["total_base_total", "1580.00"]]


def test_an_empty_report_still_has_its_header(users, client_for, books):
    answer = client_for(users["viewer"]).get(f"{BASE}/reports/aged-payables/?format=csv")
    assert answer.content.decode().splitlines() == [
        "contact,name,currency,current,days_1_30,days_31_60,days_61_90,over_90,credits,total,base_total",
        "",
        "total_base_total,0.00",
    ]


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("as_of=2026-13-01", 400, "invalid_parameter"),
        ("contact=abc", 400, "invalid_parameter"),
        ("contact=-1", 400, "invalid_parameter"),
        ("contact=99999999999999999999999", 400, "invalid_parameter"),
        ("contact=424242", 404, None),
        ("as_of=2026-13-01&format=csv", 400, "invalid_parameter"),
    ],
)
def test_bad_parameters_are_4xx_in_the_one_error_shape(users, client_for, books, query, status, code):
    answer = client_for(users["viewer"]).get(f"{BASE}/reports/aged-receivables/?{query}")
    assert_error(answer, status, code)


def test_a_statement_lists_every_document_and_payment_with_the_running_balance(users, client_for, customer):
    first = issue(customer, "300.00", date(2026, 1, 10), date(2026, 2, 10))
    pay(customer, "100.00", date(2026, 1, 31), [{"document": first.pk, "amount": "100.00"}])
    second = issue(customer, "120.00", date(2026, 2, 15), date(2026, 3, 15))
    pay(customer, "250.00", date(2026, 3, 1), [{"document": first.pk, "amount": "200.00"},
                                               {"document": second.pk, "amount": "50.00"}])  # fmt: skip
    issue(customer, "40.00", date(2026, 4, 2), date(2026, 4, 16))
    url = f"{BASE}/contacts/{customer.pk}/statement/?from=2026-02-01&to=2026-03-31"

    body = client_for(users["viewer"]).get(url).json()

    assert (body["title"], body["party"], body["meta"]) == (
        "Statement of Globex Ltd", "customer", {"from": "2026-02-01", "to": "2026-03-31"},
    )  # fmt: skip
    [usd] = body["currencies"]
    assert (usd["currency"], usd["opening"], usd["closing"]) == ("USD", "200.00", "70.00")
    lines = [(li["date"], li["type"], li["reference"], li["amount"], li["balance"]) for li in usd["lines"]]
    assert lines == [
        ("2026-02-01", "opening", "", "0.00", "200.00"),
        ("2026-02-15", "document", "INV-2026-0002", "120.00", "320.00"),
        ("2026-03-01", "payment", "", "-250.00", "70.00"),
        ("2026-03-31", "closing", "", "0.00", "70.00"),
    ]
    csv_answer = client_for(users["viewer"]).get(url + "&format=csv")
    rows = list(csv.reader(io.StringIO(csv_answer.content.decode())))
    assert rows[0] == ["currency", "date", "type", "kind", "id", "reference", "due_date", "amount", "balance"]
    assert rows[2][:3] + rows[2][5:] == ["USD", "2026-02-15", "document", "INV-2026-0002", "2026-03-15",
                                         "120.00", "320.00"]  # fmt: skip
    assert len(rows) == 5


def test_a_statement_refuses_bad_dates_and_an_unknown_contact(users, client_for, customer):
    viewer = client_for(users["viewer"])
    url = f"{BASE}/contacts/{customer.pk}/statement/"
    assert_error(viewer.get(f"{url}?from=2026-03-01&to=2026-02-01"), 400, "invalid_parameter")
    assert_error(viewer.get(f"{url}?party=both"), 400, "invalid_parameter")
    assert_error(viewer.get(f"{BASE}/contacts/424242/statement/"), 404)


@pytest.mark.parametrize("role", ["viewer", "accountant", "owner"])
def test_every_role_reads_the_reports(users, client_for, customer, role):
    client = client_for(users[role])
    for url in (AGED, f"{BASE}/reports/aged-payables/", f"{BASE}/contacts/{customer.pk}/statement/"):
        assert client.get(url).status_code == 200, url


def test_anonymous_users_get_nothing(client_for, customer):
    assert client_for(None).get(AGED).status_code == 401


def test_a_member_of_another_company_gets_nothing(
    users: dict[str, User], client_for: ClientFor, ledger_of_globex: Contact, foo: Company
) -> None:
    mallory = client_for(users["non-member"])
    for url in (AGED, f"{BASE}/contacts/{ledger_of_globex.pk}/statement/"):
        assert_error(mallory.get(url), 404, "tenant_not_found")
    with tenant_context(foo):
        seed_tenant(company=foo)
    own = "/t/foo/api/v1"
    assert mallory.get(f"{own}/reports/aged-receivables/?as_of=2026-06-30").json()["rows"] == []
    assert_error(mallory.get(f"{own}/contacts/{ledger_of_globex.pk}/statement/"), 404)
