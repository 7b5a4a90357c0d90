"""Acme's books with invoicing (a customer, a vendor, EUR rates) and the API's users and clients."""

import pytest

from common.models import Company
from invoicing.tests.conftest import books, customer, invoicing_books, vendor  # noqa: F401 (fixtures)
from ledger.api.tests.conftest import client_for, fresh_throttles, make_user, users  # noqa: F401 (fixtures)
from ledger.tests.conftest import ALICE as ALICE  # the actor of the import tests
from tenants.testing import seeded_acme


@pytest.fixture
def beancount_books(us_books: Company) -> Company:
    """Acme's US books with a year of entries for the Beancount export (prepared.fill_for_beancount)."""
    return seeded_acme(us_books, "beancount_books")
