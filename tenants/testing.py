"""Helpers for the test suite: the session's test companies and their databases.

The session clones `acme` and `foo` from the migrated template once; each test registers the
Company rows inside its own transaction, so the common DB is clean again after every test.
"""

from __future__ import annotations

import pytest

from common.models import Company, Currency

from .connections import alias_for
from .provisioning import database_name

TEST_SLUGS = ("acme", "foo")
TENANT_DATABASES = ["default", *(alias_for(s) for s in TEST_SLUGS)]

# Mark a test that reads or writes the test companies' books.
tenant_db = pytest.mark.django_db(databases=TENANT_DATABASES)


def make_company(slug: str, *, status: str = Company.Status.ACTIVE, currency: str = "USD") -> Company:
    """Register one of the session's test companies (its database already exists)."""
    base, _ = Currency.objects.get_or_create(code=currency, defaults={"name": currency, "minor_units": 2})
    return Company.objects.create(
        slug=slug,
        name=slug.title(),
        base_currency=base,
        status=status,
        db_name=database_name(slug),
    )
