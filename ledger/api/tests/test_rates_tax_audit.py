"""Exchange rates, tax codes and the audit trail over the API."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.models import ExchangeRate
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

from .support import api, assert_error, entry_body, seed

pytestmark = tenant_db

RATES = api("exchange-rates/")


# --- exchange rates ---------------------------------------------------------------------------


def test_an_accountant_records_a_rate_and_it_is_listed_newest_first(accountant):
    first = accountant.post(RATES, {"currency": "EUR", "date": "2026-03-01", "rate": "1.0850"}, format="json")
    accountant.post(RATES, {"currency": "gbp", "date": "2026-03-01", "rate": "1.27"}, format="json")

    listed = accountant.get(RATES).json()

    assert first.status_code == 201, first.content
    assert first.json() == {"currency": "EUR", "date": "2026-03-01", "rate": "1.085"}
    assert set(listed) == {"next", "previous", "results"}
    assert [(r["currency"], r["rate"]) for r in listed["results"]] == [("GBP", "1.27"), ("EUR", "1.085")]


def test_a_second_rate_on_the_same_day_corrects_the_first(accountant):
    accountant.post(RATES, {"currency": "EUR", "date": "2026-03-01", "rate": "1.1"}, format="json")

    response = accountant.post(RATES, {"currency": "EUR", "date": "2026-03-01", "rate": "1.2"}, format="json")

    assert response.status_code == 201, response.content
    with tenant_context("acme"):
        assert list(ExchangeRate.objects.values_list("rate", flat=True)) == [Decimal("1.2")]


def test_rates_are_filtered_by_currency_and_dates(accountant):
    for currency, day in [("EUR", "2026-03-01"), ("EUR", "2026-04-01"), ("GBP", "2026-04-01")]:
        accountant.post(RATES, {"currency": currency, "date": day, "rate": "1.5"}, format="json")

    def listed(query: str) -> list[tuple[str, str]]:
        return [(r["currency"], r["date"]) for r in accountant.get(f"{RATES}?{query}").json()["results"]]

    assert listed("currency=eur") == [("EUR", "2026-04-01"), ("EUR", "2026-03-01")]
    assert listed("date_from=2026-04-01") == [("GBP", "2026-04-01"), ("EUR", "2026-04-01")]
    assert listed("currency=EUR&date_to=2026-03-31") == [("EUR", "2026-03-01")]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"currency": "ZZZ", "date": "2026-03-01", "rate": "1.1"}, "unknown_currency"),
        ({"currency": "EUR", "date": "2026-03-01", "rate": "0"}, "invalid_amount"),
        ({"currency": "EUR", "date": "2026-03-01", "rate": "-1.1"}, "invalid_amount"),
        ({"currency": "EUR", "date": "2026-03-01", "rate": "NaN"}, "invalid_amount"),
        ({"currency": "EUR", "date": "2026-03-01", "rate": "Infinity"}, "invalid_amount"),
        ({"currency": "EUR", "date": "2026-03-01", "rate": "abc"}, "invalid_amount"),
        ({"currency": "EUR", "date": "2026-03-01", "rate": 1.1}, "float_amount"),
        ({"currency": "EUR", "date": "2026-03-01", "rate": True}, "invalid_amount"),
        ({"currency": "EUR", "date": "2026-03-01", "rate": None}, "validation_error"),
        ({"currency": "EUR", "date": "2026-03-01"}, "validation_error"),
        ({"currency": "EUR", "rate": "1.1"}, "validation_error"),
        ({"currency": "EUR", "date": "2026-02-30", "rate": "1.1"}, "validation_error"),
        ({"currency": "EUROS", "date": "2026-03-01", "rate": "1.1"}, "max_length"),
        pytest.param(
            {"currency": "EUR", "date": "2026-03-01", "rate": "1e100000"},
            "invalid_amount",
        ),
        ({"currency": "EUR", "date": "2026-03-01", "rate": "0.00000000001"}, "invalid_amount"),
        pytest.param(
            {"currency": "EUR", "date": "2026-03-01", "rate": "12345678901"},
            "invalid_amount",
        ),
    ],
)
def test_a_bad_rate_is_refused_with_its_code(accountant, body, code):
    assert_error(accountant.post(RATES, body, format="json"), 400, code)


def test_a_viewer_reads_rates_but_does_not_record_them(viewer):
    assert viewer.get(RATES).status_code == 200
    response = viewer.post(RATES, {"currency": "EUR", "date": "2026-03-01", "rate": "1.1"}, format="json")

    assert_error(response, 403, "permission_denied")


# --- tax codes --------------------------------------------------------------------------------


def test_tax_codes_of_the_companys_country_are_listed(viewer):
    response = viewer.get(api("tax-codes/"))

    assert response.status_code == 200, response.content
    codes = {row["code"]: row for row in response.json()}
    assert set(codes) == {"EXEMPT", "NY-SALES"}
    assert codes["NY-SALES"] == {
        "code": "NY-SALES",
        "name": "New York City sales tax",
        "rate": "8.8750",
        "valid_from": "2020-01-01",
        "valid_to": None,
        "account": "2300",
        "is_active": True,
    }


def test_a_company_without_a_country_has_no_tax_codes(acme, users, client_for):
    seed(acme, country="")

    assert client_for(users["viewer"]).get(api("tax-codes/")).json() == []


def test_tax_codes_are_read_only(accountant):
    assert_error(accountant.post(api("tax-codes/"), {"code": "X"}, format="json"), 405, "method_not_allowed")


# --- audit trail ------------------------------------------------------------------------------


def test_every_change_is_in_the_audit_trail_newest_first(accountant):
    entry = accountant.post(api("journal-entries/"), entry_body(status="draft"), format="json").json()
    accountant.post(api(f"journal-entries/{entry['id']}/post/"))
    accountant.post(api("accounts/"), {"code": "7000", "name": "Other", "type": "expense"}, format="json")
    accountant.post(RATES, {"currency": "EUR", "date": "2026-03-01", "rate": "1.1"}, format="json")

    events = accountant.get(api("audit-events/")).json()["results"]

    assert [(e["action"], e["object_type"]) for e in events] == [
        ("set_rate", "exchangerate"),
        ("create", "account"),
        ("post", "journal_entry"),
        ("create", "journal_entry"),
        ("create", "fiscalyear"),
    ]
    assert set(events[0]) == {
        "id",
        "at",
        "actor_id",
        "actor_name",
        "action",
        "object_type",
        "object_id",
        "data",
    }
    assert events[0]["actor_name"] == "alan"
    assert events[2]["object_id"] == str(entry["id"])


def test_the_audit_trail_pages_by_cursor_and_filters(accountant):
    for n in range(5):
        accountant.post(RATES, {"currency": "EUR", "date": f"2026-03-0{n + 1}", "rate": "1.1"}, format="json")

    first = accountant.get(api("audit-events/?page_size=2&action=set_rate")).json()
    second = accountant.get(first["next"]).json()
    third = accountant.get(second["next"]).json()

    pages = [[e["data"]["date"] for e in page["results"]] for page in (first, second, third)]
    assert pages == [["2026-03-05", "2026-03-04"], ["2026-03-03", "2026-03-02"], ["2026-03-01"]]
    assert third["next"] is None
    assert accountant.get(third["previous"]).json()["results"] == second["results"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_audit_trail_is_read_only(accountant, method):
    response = getattr(accountant, method)(api("audit-events/"), {}, format="json")

    assert_error(response, 405, "method_not_allowed")


@pytest.mark.parametrize("query", ["actor_id=abc", "cursor=bogus"])
def test_a_bad_audit_query_is_a_4xx(accountant, query):
    assert_error(accountant.get(api(f"audit-events/?{query}")), 400 if "actor" in query else 404)


def test_a_reversal_is_audited_as_the_user_who_reversed(users, books, client_for):
    olga, alan = client_for(users["owner"]), client_for(users["accountant"])
    entry = olga.post(api("journal-entries/"), entry_body(), format="json").json()

    alan.post(api(f"journal-entries/{entry['id']}/reverse/"))

    events = alan.get(api("audit-events/?action=reverse")).json()["results"]
    assert [(e["object_id"], e["actor_name"]) for e in events] == [(str(entry["id"]), "alan")]
