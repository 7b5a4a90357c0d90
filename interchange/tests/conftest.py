"""Acme's books with invoicing (a customer, a vendor, EUR rates) and the API's users and clients."""

from invoicing.tests.conftest import books, customer, vendor  # noqa: F401 (fixtures)
from ledger.api.tests.conftest import client_for, fresh_throttles, make_user, users  # noqa: F401 (fixtures)
from ledger.tests.conftest import ALICE as ALICE  # the actor of the import tests
