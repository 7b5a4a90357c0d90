from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from bank.formats import (
    MAX_STATEMENT_BYTES,
    BalanceMismatch,
    ParsedStatement,
    StatementFormatError,
    check_balances,
    check_size,
    parse_statement,
)
from common.errors import DomainError

from .expected import ACCOUNT, CLOSING, LINES, OPENING, PERIOD


def _statement(opening: str | None, closing: str | None) -> ParsedStatement:
    return ParsedStatement(
        format="camt053",
        account=ACCOUNT,
        currency="EUR",
        statement_id="S1",
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        opening_balance=None if opening is None else Decimal(opening),
        closing_balance=None if closing is None else Decimal(closing),
        lines=LINES,
    )


def test_balances_that_add_up_pass() -> None:
    check_balances(_statement(str(OPENING), str(CLOSING)))


def test_a_balance_mismatch_names_the_difference() -> None:
    with pytest.raises(BalanceMismatch, match=r"a difference of -0\.01$") as caught:
        check_balances(_statement(str(OPENING), str(CLOSING - Decimal("0.01"))))

    assert caught.value.difference == Decimal("-0.01")
    assert caught.value.code == "statement_balance_mismatch"


def test_balances_are_not_checked_when_the_file_gives_only_one() -> None:
    check_balances(_statement(None, "1.00"))
    check_balances(_statement("1.00", None))


def test_a_missing_line_shows_as_a_mismatch() -> None:
    statement = replace(_statement(str(OPENING), str(CLOSING)), lines=LINES[1:])

    with pytest.raises(BalanceMismatch, match=r"difference of 2380\.00$"):
        check_balances(statement)


def test_files_above_the_limit_are_refused_before_reading() -> None:
    check_size(MAX_STATEMENT_BYTES)
    with pytest.raises(
        StatementFormatError, match=r"^file is 20,971,521 bytes; the limit is 20,971,520 bytes"
    ):
        check_size(MAX_STATEMENT_BYTES + 1)


def test_parse_refuses_an_oversized_file_whatever_its_content() -> None:
    with pytest.raises(StatementFormatError, match="the limit is"):
        parse_statement(b" " * (MAX_STATEMENT_BYTES + 1))


def test_format_errors_are_value_errors_and_domain_errors_with_a_code() -> None:
    error = StatementFormatError("line 3: amount 'x' is not a number")

    assert isinstance(error, ValueError)
    assert isinstance(error, DomainError)
    assert error.as_dict() == {"code": "statement_format", "message": str(error), "fields": {}}
