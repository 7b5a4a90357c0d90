"""Fixtures of the ledger's correctness tests: acme's seeded books and a one-call poster."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from common.models import Company
from ledger.actor import Actor
from ledger.models import JournalEntry
from ledger.seed import seed_tenant
from ledger.services.entries import journal_entry_create
from tenants.context import tenant_context

ALICE = Actor(1, "alice")
ACME_ALIAS = "tenant_acme"

Post = Callable[..., JournalEntry]


@pytest.fixture
def books(acme: Company) -> Iterator[Company]:
    """Acme (USD, United States: NY-SALES tax code) seeded, with its books active."""
    acme.country = "US"
    acme.save(update_fields=["country"])
    with tenant_context(acme):
        seed_tenant(company=acme)
        yield acme


@pytest.fixture
def post(books: Company) -> Post:
    """post(day, debit_account, credit_account, amount, **journal_entry_create kwargs): posted."""

    def _post(day: date, debit: str, credit: str, amount: str, **kwargs: Any) -> JournalEntry:
        return journal_entry_create(
            date=day,
            lines=[{"account": debit, "debit": amount}, {"account": credit, "credit": amount}],
            actor=ALICE,
            post=True,
            **kwargs,
        )

    return _post
