"""Acme's books (USD, with the UK's VAT codes) seeded, a customer and a vendor, and EUR rates."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from common.models import Company
from invoicing.models import Contact
from ledger.actor import Actor
from tenants.routing.context import tenant_context
from tenants.testing import seeded_acme

from . import prepared

ALICE = Actor(1, "alice")


@pytest.fixture
def invoicing_books(gb_books: Company) -> Company:
    """Acme's UK books with 2026's periods and EUR rates, made once per session (prepared.fill)."""
    return seeded_acme(gb_books, "invoicing_books")


@pytest.fixture
def books(invoicing_books: Company) -> Iterator[Company]:
    with tenant_context(invoicing_books):
        yield invoicing_books


@pytest.fixture
def customer(books: Company) -> Contact:
    return prepared.customer()


@pytest.fixture
def vendor(books: Company) -> Contact:
    return prepared.vendor()


from ledger.api.tests.conftest import client_for, fresh_throttles, make_user, users  # noqa: E402, F401
