"""Hostile input is a 4xx in the one error shape and writes nothing (each of these was a 500 or
was accepted though wrong)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from common.models import Company
from ledger.models import AuditEvent, ExchangeRate, JournalEntry
from ledger.reports import trial_balance
from ledger.services.periods import period_for
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

from .support import api, assert_error, entry_body

pytestmark = tenant_db

ENTRIES = api("journal-entries/")
NUL = "\x00"


def written(company: Company) -> tuple[int, int, int, list[Any]]:
    """Everything a refused request must leave as it was: entries, rates, audit rows, balances."""
    with tenant_context(company):
        rows = [(r.code, r.debit, r.credit) for r in trial_balance(date(9999, 12, 31)).rows]
        return JournalEntry.objects.count(), ExchangeRate.objects.count(), AuditEvent.objects.count(), rows


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient(raise_request_exception=False)


@pytest.fixture
def hostile(owner: APIClient, books: Company) -> APIClient:
    """acme's owner; a 500 comes back as a response, as a client would see it. The fiscal year
    of the dates used exists already (the first entry of a year creates it, refused or not)."""
    with tenant_context(books):
        period_for(date(2026, 3, 2))
    owner.raise_request_exception = False
    return owner


def assert_refused(response: Any, status: int = 400, code: str = "invalid_characters") -> None:
    """The API's error shape on API paths; pages (the admin) answer the same status in HTML."""
    if response["Content-Type"].startswith("application/json"):
        assert_error(response, status, code)
    else:
        assert response.status_code == status, response.content


# --- NUL bytes anywhere -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/t/ac%00me/api/v1/accounts/", {}),
        ("/api/v1/accounts/", {"HTTP_X_TENANT": "a\x00"}),
        (api("accounts/"), {"HTTP_COOKIE": "sessionid=ab\x00cd"}),
        (api("accounts/%00/"), {}),
        (api("reports/general-ledger/?account=%00&from=2026-01-01&to=2026-12-31"), {}),
        (api("journal-entries/?q=%00"), {}),
        ("/admin/?q=%00", {}),
    ],
    ids=["path-slug", "x-tenant", "cookie", "account-code", "query", "filter", "admin"],
)
@pytest.mark.parametrize("who", ["anonymous", "hostile"])
def test_a_nul_byte_anywhere_in_a_request_is_a_400(request, books, who, path, headers):
    client = request.getfixturevalue(who)

    assert_refused(client.get(path, **headers))


def test_a_token_with_a_nul_byte_is_a_400(anonymous, books):
    assert_refused(anonymous.get(api("accounts/"), HTTP_AUTHORIZATION="Token ab\x00cd"))


def test_a_nul_byte_in_the_idempotency_key_is_a_400_and_writes_nothing(hostile, books):
    before = written(books)

    response = hostile.post(ENTRIES, entry_body(), format="json", HTTP_IDEMPOTENCY_KEY="key" + NUL)

    assert_error(response, 400, "invalid_characters")
    assert written(books) == before


@pytest.mark.parametrize(
    "body",
    [
        entry_body(memo="a\x00b"),
        entry_body(reference="\x07bell"),
        entry_body(debit="11\x0020"),
        {**entry_body(), "lines": [{"account": "1120", "debit": "1", "description": "\ud800"}]},
        {**entry_body(), "memo\x00": "key with a NUL"},
    ],
    ids=["nul-in-memo", "bell-in-reference", "nul-in-account", "lone-surrogate", "nul-in-a-key"],
)
def test_control_characters_in_json_strings_are_refused(hostile, books, body):
    before = written(books)

    response = hostile.post(ENTRIES, json.dumps(body), content_type="application/json")

    assert_error(response, 400, "invalid_characters")
    assert written(books) == before


def test_tabs_and_line_breaks_stay_allowed_in_text(hostile, books):
    response = hostile.post(ENTRIES, entry_body(memo="Two lines\r\nand\ta tab"), format="json")

    assert response.status_code == 201, response.content
    assert response.json()["memo"] == "Two lines\r\nand\ta tab"


def test_a_nul_byte_in_a_form_field_is_a_400(hostile, books):
    response = hostile.post(ENTRIES, {"date": "2026-03-02", "memo": "a\x00"})

    assert_error(response, 400, "invalid_characters")


# --- numbers that overflow, bodies too big or too deep ------------------------------------------


def foreign(rate: str) -> dict[str, Any]:
    lines = [
        {"account": "1140", "debit": "10", "currency": "EUR", "exchange_rate": rate},
        {"account": "3900", "credit": "10", "currency": "EUR", "exchange_rate": rate},
    ]
    return {**entry_body(), "lines": lines}


@pytest.mark.parametrize(
    "body",
    [entry_body("1e1000000"), entry_body("1E+999999999"), foreign("1e-999999999"), foreign("1e1000000")],
    ids=["debit-1e1000000", "debit-1E+999999999", "rate-1e-999999999", "rate-1e1000000"],
)
def test_an_exponent_beyond_the_decimal_context_is_a_400(hostile, books, body):
    before = written(books)

    response = hostile.post(ENTRIES, body, format="json")

    assert_error(response, 400, "invalid_amount")
    assert written(books) == before


@pytest.mark.parametrize("rate", ["1e-999999999", "0.000000001", "0.0000000001"])
def test_a_rate_below_the_lower_bound_is_refused(hostile, books, rate):
    before = written(books)

    response = hostile.post(
        api("exchange-rates/"), {"currency": "EUR", "date": "2026-03-01", "rate": rate}, format="json"
    )

    assert_error(response, 400, "invalid_amount")
    assert written(books) == before


def test_the_lowest_rate_allowed_is_taken(hostile, books):
    response = hostile.post(
        api("exchange-rates/"), {"currency": "EUR", "date": "2026-03-01", "rate": "0.00000001"}, format="json"
    )

    assert response.status_code == 201, response.content


def test_the_base_currency_takes_no_exchange_rate(hostile, books):
    before = written(books)

    response = hostile.post(
        api("exchange-rates/"), {"currency": "usd", "date": "2026-03-01", "rate": "1"}, format="json"
    )

    assert_error(response, 400, "base_currency_rate")
    assert written(books) == before


def test_a_base_currency_line_takes_no_rate_but_one(hostile, books):
    lines = [
        {"account": "1120", "debit": "10.00", "exchange_rate": "1.5"},
        {"account": "4100", "credit": "10.00", "exchange_rate": "1"},
    ]

    response = hostile.post(ENTRIES, {**entry_body(), "lines": lines}, format="json")

    assert_error(response, 400, "base_currency_rate")


def test_a_body_over_the_upload_limit_is_a_413(hostile, books, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    before = written(books)

    response = hostile.post(ENTRIES, entry_body(memo="x" * 2000), format="json")

    assert_error(response, 413, "request_too_large")
    assert written(books) == before


def test_a_form_body_over_the_upload_limit_is_a_413(hostile, books, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = hostile.post(ENTRIES, {"date": "2026-03-02", "memo": "x" * 2000})

    assert_error(response, 413, "request_too_large")


@pytest.mark.parametrize("depth", [33, 100_000])
def test_json_nested_too_deep_is_a_parse_error(hostile, books, depth):
    response = hostile.post(ENTRIES, "[" * depth + "]" * depth, content_type="application/json")

    assert_error(response, 400, "parse_error")


def test_brackets_inside_strings_do_not_count_as_nesting(hostile, books):
    response = hostile.post(ENTRIES, entry_body(memo="[" * 100 + "{" * 100), format="json")

    assert response.status_code == 201, response.content


# --- accepted before, though wrong ----------------------------------------------------------------


@pytest.mark.parametrize("day", ["2026-W01", "2026-W01-1", "20260302", "2026-063", "٢٠٢٦-٠٣-٠٢", "2026-3-2"])
def test_dates_are_iso_calendar_dates_only(hostile, books, day):
    assert_error(hostile.post(ENTRIES, entry_body(day=day), format="json"), 400, "validation_error")
    assert_error(hostile.get(api(f"reports/trial-balance/?as_of={day}")), 400, "invalid_parameter")
    assert_error(hostile.get(f"{ENTRIES}?date_from={day}"), 400)


@pytest.mark.parametrize(
    "amount",
    ["١٠", "1_000", "+10.00", "10 0", "10.", ".5", "1e2", "1,000", "１０", "0x10"],  # noqa: RUF001
)
def test_amounts_are_ascii_digits_with_an_optional_minus_and_point(hostile, books, amount):
    before = written(books)

    response = hostile.post(ENTRIES, entry_body(amount), format="json")

    assert_error(response, 400, "invalid_amount")
    assert written(books) == before


@pytest.mark.parametrize("value", ["-1e999999", "1e1000000", "9" * 40, "1.5"])
def test_an_id_filter_takes_whole_numbers_in_range_only(hostile, books, value):
    assert_error(hostile.get(api(f"audit-events/?actor_id={value}")), 400)


def test_format_csv_wins_over_an_accept_header_asking_for_json(hostile, books):
    response = hostile.get(api("reports/trial-balance/?format=csv"), HTTP_ACCEPT="application/json")

    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
