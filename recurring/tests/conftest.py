"""Acme's books (the invoicing tests' fixtures) and a monthly rent template."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from common.models import Company
from invoicing.tests.conftest import ALICE as ALICE  # re-exported to the recurring entries' tests
from invoicing.tests.conftest import books, invoicing_books  # noqa: F401 (fixtures)
from ledger.api.tests.conftest import client_for, fresh_throttles, make_user, users  # noqa: F401 (fixtures)
from ledger.tests.conftest import race, race_books  # noqa: F401 (fixtures)
from recurring.models import RecurringEntry
from recurring.services import recurring_create

RENT_LINES = [
    {"account": "6200", "debit": "1500.00", "description": "Office rent"},
    {"account": "1120", "credit": "1500.00"},
]


def rent_values(**changes: Any) -> dict[str, Any]:
    return {
        "name": "Rent",
        "lines": RENT_LINES,
        "frequency": "monthly",
        "day": 1,
        "start_date": date(2026, 1, 1),
        **changes,
    }


@pytest.fixture
def rent(books: Company) -> RecurringEntry:  # noqa: F811 (the fixture above)
    return recurring_create(actor=ALICE, **rent_values())
