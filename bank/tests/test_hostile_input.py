"""Hostile input on the bank endpoints: rule patterns, uploads, statement-line filters."""

from __future__ import annotations

import time
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from bank.errors import InvalidRule
from bank.models import BankAccount, BankRule, Statement
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
