"""A GB-taxed company with a quarter of invoices, bills, a credit note and hand entries with tax
(the invoicing tests' fixtures), and the figures worked out by hand in test_return.py."""

from __future__ import annotations

import pytest

from common.models import Company
from invoicing.tests.conftest import ALICE as ALICE  # re-exported to the tax tests
from invoicing.tests.conftest import books, customer, invoicing_books, vendor  # noqa: F401 (fixtures)
from ledger.api.tests.conftest import client_for, fresh_throttles, make_user, users  # noqa: F401 (fixtures)
from tenants.testing import seeded_acme

from .prepared import hand as hand  # re-exported to the tax tests
from .prepared import issue as issue


@pytest.fixture
def tax_books(invoicing_books: Company) -> Company:  # noqa: F811 (the fixture imported above)
    """Acme's UK books with the quarter of prepared.fill_quarter, made once per session."""
    return seeded_acme(invoicing_books, "tax_books")


@pytest.fixture
def quarter(tax_books: Company, books: Company) -> None:  # noqa: F811 (the fixtures above)
    """Q1 2026 (see the figures in test_return.py), with an April invoice after it: on acme's
    books made once per session (tax_books), which `books` enters."""
