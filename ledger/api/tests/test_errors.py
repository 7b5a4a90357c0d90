"""Bad input is a 4xx in the one error shape {"code", "message", "fields"}: never a 500 or a trace."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions

from common.api_errors import exception_handler
from ledger.errors import UnbalancedEntry
from tenants.testing import tenant_db

from .support import ENDPOINTS, api, assert_error

pytestmark = tenant_db

ENTRIES = api("journal-entries/")
WRITES_WITH_A_BODY = [e for e in ENDPOINTS if e.body is not None]


def entry(*lines: Any, **fields: Any) -> dict[str, Any]:
    return {"date": "2026-03-02", "status": "posted", "lines": list(lines), **fields}


def line(account: Any = "1120", **extra: Any) -> dict[str, Any]:
    """A debit line of 10.00 to `account`, with `extra` fields."""
    return {"account": account, "debit": "10.00", **extra}


CREDIT = {"account": "4100", "credit": "10.00"}


def pair(side: str, value: Any, **extra: Any) -> dict[str, Any]:
    """Two lines with `value` as both amounts."""
    other = "credit" if side == "debit" else "debit"
    return entry({"account": "1120", side: value, **extra}, {"account": "4100", other: value, **extra})


def foreign(**extra: Any) -> dict[str, Any]:
    lines = [
        {"account": "1140", "debit": "10", "currency": "EUR", **extra},
        {"account": "3900", "credit": "10", "currency": "EUR", **extra},
    ]
    return entry(*lines)


BAD_ENTRIES = {
    # the body
    "a-list": ([], "validation_error"),
    "a-string": ("entry", "validation_error"),
    "a-number": (42, "validation_error"),
    "empty": ({}, "validation_error"),
    # fields of the entry
    "no-date": ({"lines": [line(), CREDIT]}, "validation_error"),
    "date-a-number": (entry(line(), CREDIT, date=20260302), "validation_error"),
    "date-no-day": (entry(line(), CREDIT, date="2026-02-30"), "validation_error"),
    "date-year-10000": (entry(line(), CREDIT, date="10000-01-01"), "validation_error"),
    "date-year-9999": (entry(line(), CREDIT, date="9999-12-31"), "invalid_date"),
    "date-null": (entry(line(), CREDIT, date=None), "validation_error"),
    "no-lines": ({"date": "2026-03-02"}, "validation_error"),
    "lines-an-object": (entry(lines={"0": line()}), "not_a_list"),
    "lines-of-numbers": (entry(1, 2), "validation_error"),
    "memo-a-list": (entry(line(), CREDIT, memo=["x"]), "validation_error"),
    "memo-too-long": (entry(line(), CREDIT, memo="x" * 2001), "max_length"),
    "reference-too-long": (entry(line(), CREDIT, reference="x" * 101), "max_length"),
    "status-unknown": (entry(line(), CREDIT, status="void"), "invalid_choice"),
    # accounts
    "account-unknown": (entry(line("8888"), CREDIT), "unknown_account"),
    "account-a-number": (entry(line(8888), CREDIT), "unknown_account"),
    "account-null": (entry(line(None), CREDIT), "validation_error"),
    "account-blank": (entry(line(""), CREDIT), "validation_error"),
    "account-too-long": (entry(line("1" * 201), CREDIT), "max_length"),
    "account-missing": (entry({"debit": "10.00"}, CREDIT), "validation_error"),
    "debit-and-credit": (entry(line(credit="10.00"), CREDIT), "invalid_amount"),
    "neither-debit-nor-credit": (entry({"account": "1120"}, CREDIT), "invalid_amount"),
    # amounts
    "amount-1e100000": (pair("debit", "1e100000"), "invalid_amount"),
    "amount-1e16": (pair("debit", "1e16"), "invalid_amount"),
    "amount-10e30-as-json-integer": (pair("debit", 10**30), "invalid_amount"),
    "amount-NaN": (pair("debit", "NaN"), "invalid_amount"),
    "amount-sNaN": (pair("debit", "sNaN"), "invalid_amount"),
    "amount-Infinity": (pair("credit", "Infinity"), "invalid_amount"),
    "amount--Infinity": (pair("debit", "-Infinity"), "invalid_amount"),
    "amount-empty": (pair("debit", ""), "invalid_amount"),
    "amount-text": (pair("debit", "ten"), "invalid_amount"),
    "amount-hex": (pair("debit", "0x10"), "invalid_amount"),
    "amount-a-list": (pair("debit", ["10"]), "invalid_amount"),
    "amount-an-object": (pair("debit", {"value": "10"}), "invalid_amount"),
    "amount-true": (pair("debit", True), "invalid_amount"),
    "amount-a-float": (pair("debit", 10.5), "float_amount"),
    "amount-a-float-in-range-of-cents": (pair("debit", 0.1), "float_amount"),
    "amount-too-precise": (pair("debit", "10.001"), "amount_precision"),
    "amount-negative": (pair("debit", "-10.00"), "invalid_amount"),
    # currencies and rates
    "currency-unknown": (foreign(currency="ZZZ", exchange_rate="1"), "unknown_currency"),
    "currency-too-long": (foreign(currency="EURO", exchange_rate="1"), "max_length"),
    "rate-zero": (foreign(exchange_rate="0"), "invalid_amount"),
    "rate-negative": (foreign(exchange_rate="-1.1"), "invalid_amount"),
    "rate-text": (foreign(exchange_rate="par"), "invalid_amount"),
    "rate-NaN": (foreign(exchange_rate="NaN"), "invalid_amount"),
    "rate-a-float": (foreign(exchange_rate=1.1), "float_amount"),
    "rate-1e100000": pytest.param(
        foreign(exchange_rate="1e100000"),
        "invalid_amount",
    ),
    "rate-1e-20": (foreign(exchange_rate="1e-20"), None),
    "rate-above-10e10": (foreign(exchange_rate="12345678901.5"), "invalid_amount"),
    "no-rate-known": (foreign(), "missing_exchange_rate"),
    # the rest of a line
    "tax-code-unknown": (entry(line(tax_code="NOPE"), CREDIT), "unknown_tax_code"),
    "tax-code-a-number": (entry(line(tax_code=7), CREDIT), "unknown_tax_code"),
    "description-too-long": (entry(line(description="x" * 301), CREDIT), "max_length"),
}


@pytest.mark.parametrize(("body", "code"), list(BAD_ENTRIES.values()), ids=list(BAD_ENTRIES))
def test_a_bad_entry_is_a_4xx_with_the_error_shape(accountant, body, code):
    response = accountant.post(ENTRIES, body, format="json")

    assert 400 <= response.status_code < 500, response.content
    assert_error(response, response.status_code, code)


@pytest.mark.parametrize(
    "text",
    ['{"date": ', "{'date': '2026-03-02'}", '{"date": NaN}', '{"lines": [Infinity]}', "\x00", "1" * 5000],
    ids=["truncated", "single-quotes", "NaN-literal", "Infinity-literal", "nul", "a-5000-digit-number"],
)
def test_malformed_json_is_a_parse_error(accountant, text):
    response = accountant.post(ENTRIES, text, content_type="application/json")

    assert_error(response, 400, "parse_error")


@pytest.mark.parametrize("endpoint", WRITES_WITH_A_BODY, ids=lambda e: e.id)
def test_every_endpoint_taking_a_body_refuses_malformed_json(owner, endpoint):
    method = getattr(owner, endpoint.method.lower())

    response = method(api(endpoint.url()), '{"broken": ', content_type="application/json")

    assert_error(response, 400, "parse_error")


@pytest.mark.parametrize("endpoint", WRITES_WITH_A_BODY, ids=lambda e: e.id)
def test_every_endpoint_taking_a_body_refuses_a_body_that_is_not_an_object(owner, endpoint):
    method = getattr(owner, endpoint.method.lower())

    response = method(
        api(endpoint.url()), json.dumps(["not", "an", "object"]), content_type="application/json"
    )

    assert 400 <= response.status_code < 500, response.content
    assert_error(response, response.status_code)


def test_an_unsupported_media_type_is_a_415(accountant):
    response = accountant.post(ENTRIES, "date=2026-03-02", content_type="text/plain")

    assert_error(response, 415, "unsupported_media_type")


def test_a_form_post_is_validated_like_json(accountant):
    response = accountant.post(ENTRIES, {"date": "2026-03-02"})

    assert_error(response, 400, "validation_error")


def test_an_unknown_method_is_a_405(accountant):
    assert_error(accountant.put(ENTRIES, {}, format="json"), 405, "method_not_allowed")


@pytest.mark.parametrize("path", ["nothing-here/", "journal-entries/1.5/", "accounts.json"])
def test_an_unknown_api_path_is_a_json_404(accountant, path):
    assert_error(accountant.get(api(path)), 404)


# --- the exception handler itself -------------------------------------------------------------


def test_an_unexpected_exception_is_a_500_that_reveals_nothing():
    response = exception_handler(RuntimeError("password=hunter2 at /srv/app.py line 3"), {})

    assert response is not None
    assert response.status_code == 500
    assert response.data == {
        "code": "server_error",
        "message": "Something went wrong on our side.",
        "fields": {},
    }


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (UnbalancedEntry("Off by 1.", fields={"lines": ["Off by 1."]}), 400, "unbalanced_entry"),
        (Http404("secret detail"), 404, "not_found"),
        (DjangoPermissionDenied("secret detail"), 403, "permission_denied"),
        (exceptions.NotAuthenticated(), 401, "not_authenticated"),
        (exceptions.Throttled(wait=5), 429, "throttled"),
        (exceptions.ValidationError({"date": ["Enter a date."]}), 400, "validation_error"),
        (exceptions.ValidationError(["Not right."]), 400, "validation_error"),
        (exceptions.ValidationError({"lines": [{}, {"account": ["Required."]}]}), 400, "validation_error"),
    ],
)
def test_every_error_has_the_one_shape(exc, status, code):
    response = exception_handler(exc, {})

    assert response is not None
    assert response.status_code == status
    assert set(response.data) == {"code", "message", "fields"}
    assert response.data["code"] == code
    assert "secret" not in response.data["message"]


def test_a_validation_error_names_its_field_in_the_message_and_the_fields():
    response = exception_handler(exceptions.ValidationError({"date": ["Enter a date."]}), {})

    assert response is not None
    assert response.data["message"] == "date: Enter a date."
    assert response.data["fields"] == {"date": ["Enter a date."]}
