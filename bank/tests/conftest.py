"""Fixtures of the bank tests: acme's seeded books with a bank account on 1120, and helpers that
store statement lines as an import would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from bank.dedup import dedup_keys
from bank.models import BankAccount, Statement, StatementLine
from bank.services.accounts import bank_account_create
from common.models import Company
from ledger.api.tests.conftest import client_for, fresh_throttles, make_user, users  # noqa: F401  (fixtures)
from ledger.tests.conftest import ALICE as ALICE  # re-exported to the bank's tests
from ledger.tests.conftest import Post as Post
from ledger.tests.conftest import books, post  # noqa: F401  (fixtures)

ACCOUNT_NUMBER = "000123456789"
AddLines = Callable[..., list[StatementLine]]


@pytest.fixture
def bank(books: Company) -> BankAccount:  # noqa: F811
    return bank_account_create(
        account="1120", name="Current account", account_number=ACCOUNT_NUMBER, currency="USD", actor=ALICE
    )


class _Line:
    def __init__(
        self, day: date, amount: str, counterparty: str = "", reference: str = "", tid: str = ""
    ) -> None:
        self.booking_date, self.amount = day, Decimal(amount)
        self.counterparty_name, self.reference, self.description, self.transaction_id = (
            counterparty,
            reference,
            "",
            tid,
        )


@pytest.fixture
def add_lines(bank: BankAccount) -> AddLines:
    """add_lines((day, amount, counterparty, reference), ...) → the stored lines, one statement."""
    counter = iter(range(1, 10_000))

    def _add(*rows: tuple[Any, ...]) -> list[StatementLine]:
        parsed = [_Line(*row) for row in rows]
        statement = Statement.objects.create(
            bank_account=bank, format="test", file_hash=f"hash{next(counter)}", lines_total=len(parsed)
        )
        return [
            StatementLine.objects.create(
                statement=statement,
                bank_account=bank,
                booking_date=p.booking_date,
                amount=p.amount,
                currency_id=bank.currency_id,
                counterparty_name=p.counterparty_name,
                reference=p.reference,
                transaction_id=p.transaction_id,
                dedup_key=key,
            )
            for p, key in zip(parsed, dedup_keys(parsed), strict=True)
        ]

    return _add
