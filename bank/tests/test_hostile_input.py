"""Hostile input on the bank endpoints: rule patterns, uploads, statement-line filters."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from bank.errors import InvalidRule
from bank.models import BankAccount, BankRule, Statement
from bank.services.accounts import bank_account_create
from bank.services.automatch import auto_match
from bank.services.rules import fits, rule_create, rule_update
from common.models import Company
from ledger.api.tests.conftest import ClientFor
from ledger.tests.conftest import ALICE

from .conftest import AddLines

pytestmark = pytest.mark.django_db(databases="__all__")
BASE = "/t/acme/api/v1"


@pytest.fixture
def alan(users: dict[str, User], client_for: ClientFor, books: Company) -> APIClient:
    client = client_for(users["accountant"])
    client.raise_request_exception = False
    return client


def rule_body(pattern: str) -> dict[str, str]:
    return {"name": "r", "operator": "regex", "pattern": pattern, "counter_account": "6500"}


@pytest.mark.parametrize(
    "pattern",
    ["a{4294967296}", "a{1000}{1000}", "[", "(?P<a>x)(?P=a)", "(?<=a)b", "(" * 90 + "x" + ")" * 90],
    ids=["repeat-2**32", "repeat-of-repeat", "unclosed-class", "backreference", "lookbehind", "deep-groups"],
)
def test_a_rule_pattern_is_stored_or_refused_never_a_500(alan, pattern):
    response = alan.post(f"{BASE}/bank-rules/", rule_body(pattern), format="json")

    assert response.status_code in (201, 400), response.content
    if response.status_code == 400:
        assert response.json()["code"] == "invalid_rule"


def test_a_backtracking_pattern_matches_in_linear_time(bank: BankAccount, add_lines: AddLines) -> None:
    rule = rule_create(actor=ALICE, operator="regex", pattern="(a+)+$", counter_account="6500")
    (line,) = add_lines((date(2026, 1, 5), "-10.00", "a" * 150 + "b", "a" * 60 + "b"))

    started = time.perf_counter()
    matched = fits(rule, line)

    assert matched is False
    assert time.perf_counter() - started < 0.5  # Python's re: beyond any patience at 30 characters


def test_a_text_pattern_cannot_become_an_invalid_regex(bank: BankAccount) -> None:
    rule = rule_create(actor=ALICE, pattern="[unclosed", counter_account="6500")

    with pytest.raises(InvalidRule):
        rule_update(rule=rule, actor=ALICE, operator=BankRule.Operator.REGEX)


def test_an_invalid_regex_stored_before_the_checks_fits_nothing(
    bank: BankAccount, add_lines: AddLines
) -> None:
    rule = rule_create(actor=ALICE, pattern="[unclosed", counter_account="6500")
    BankRule.objects.filter(pk=rule.pk).update(operator=BankRule.Operator.REGEX)
    add_lines((date(2026, 1, 5), "-10.00", "[unclosed bracket"))

    result = auto_match(bank_account=bank, actor=ALICE, dry_run=True)

    assert result.booked == 0


def test_an_upload_with_a_nul_in_its_file_name_is_a_400(alan: APIClient, bank: BankAccount) -> None:
    response = alan.post(
        f"{BASE}/bank-accounts/{bank.pk}/statements/",
        {"file": SimpleUploadedFile("state\x00ment.csv", b"date;amount\n")},
        format="multipart",
    )

    assert response.status_code == 400, response.content
    assert not Statement.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        "from=2026-W01",
        "to=20260131",
        "from=%00",
        "bank_account=1e1000000",
        "bank_account=-1e999999",
        "statement=1.5",
    ],
)
def test_a_hostile_statement_line_filter_is_a_400(alan: APIClient, bank: BankAccount, query: str) -> None:
    response = alan.get(f"{BASE}/statement-lines/?{query}")

    assert response.status_code == 400, response.content


OFX = (Path(__file__).resolve().parent.parent / "formats" / "samples" / "ofx_sample.ofx").read_bytes()
FORTY = "1000000000000000000000000000000000000000..."  # an amount's first 40 digits, as messages show it


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "<TRNAMT>+2380.00",
            "<TRNAMT>+1" + "0" * 40,
            f"Line 1 (2026-01-02): {FORTY}",
        ),
        ("<TRNAMT>+2380.00", "<TRNAMT>10000000000000000", "Line 1 (2026-01-02): 10000000000000000 is too"),
        (
            "<BALAMT>20147.12",
            "<BALAMT>" + "9" * 5000,
            "Closing balance: " + "9" * 40 + "...",
        ),
        (
            "<TRNAMT>+2380.00",
            "<TRNAMT>+2380.005",
            "Line 1 (2026-01-02): 2380.005 has more decimals than EUR allows (2)",
        ),
    ],
    ids=["10^40", "10^16", "5000-digit-balance", "finer-than-a-cent"],
)
def test_an_amount_the_books_cannot_hold_is_a_400(
    alan: APIClient, books: Company, old: str, new: str, message: str
) -> None:
    """PostgreSQL refused a huge amount as the statement was stored: a 500 (numeric field overflow);
    one finer than the currency's minor unit was rounded to 4 places without a word."""
    eur = bank_account_create(
        account="1140", name="Euro account", iban="DE89370400440532013000", currency="EUR", actor=ALICE
    )
    data = OFX.replace(old.encode(), new.encode(), 1)

    response = alan.post(
        f"{BASE}/bank-accounts/{eur.pk}/statements/",
        {"file": SimpleUploadedFile("statement.ofx", data)},
        format="multipart",
    )

    assert response.status_code == 400, response.content
    assert response.json()["code"] == "statement_refused" and message in response.json()["message"]
    assert not Statement.objects.exists()


def test_trailing_zeros_past_the_minor_unit_are_the_same_amount(alan: APIClient, books: Company) -> None:
    eur = bank_account_create(
        account="1140", name="Euro account", iban="DE89370400440532013000", currency="EUR", actor=ALICE
    )
    data = OFX.replace(b"<TRNAMT>+2380.00", b"<TRNAMT>+2380.0000", 1)

    response = alan.post(
        f"{BASE}/bank-accounts/{eur.pk}/statements/",
        {"file": SimpleUploadedFile("statement.ofx", data)},
        format="multipart",
    )

    assert response.status_code == 201, response.content
