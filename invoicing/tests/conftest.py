"""Acme's books (USD, with the UK's VAT codes) seeded, a customer and a vendor, and EUR rates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from common.models import Company
from invoicing.models import Contact
from ledger.actor import Actor
from ledger.models import ExchangeRate
from ledger.services.periods import period_for
from tenants.routing.context import tenant_context

ALICE = Actor(1, "alice")


@pytest.fixture
def books(gb_books: Company) -> Iterator[Company]:
    with tenant_context(gb_books):
        period_for(date(2026, 1, 1))  # the year's periods, so that posting writes nothing else
        ExchangeRate.objects.create(currency_id="EUR", date=date(2026, 1, 1), rate=Decimal("1.10"))
        ExchangeRate.objects.create(currency_id="EUR", date=date(2026, 3, 1), rate=Decimal("1.20"))
        yield gb_books


@pytest.fixture
def customer(books: Company) -> Contact:
    return Contact.objects.create(name="Globex Ltd", is_customer=True, payment_terms_days=14)


@pytest.fixture
def vendor(books: Company) -> Contact:
    return Contact.objects.create(name="Initech", is_customer=False, is_vendor=True)


from ledger.api.tests.conftest import client_for, fresh_throttles, make_user, users  # noqa: E402, F401
