"""Fixtures of the ledger's correctness tests: acme's seeded books, a one-call poster, and a
company database of its own for tests that commit."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from pytest_django import DjangoDbBlocker

from common.currencies import iso4217
from common.models import Company
from ledger.models import Currency, JournalEntry
from ledger.seed import seed_tenant
from tenants.lifecycle.provisioning import create_database, database_name, drop_database, template_name
from tenants.routing.connections import alias_for, register, unregister
from tenants.routing.context import tenant_context

from .factories import ALICE, PostedEntryFactory

__all__ = ["ALICE", "books", "post", "race"]

ACME_ALIAS = "tenant_acme"

Post = Callable[..., JournalEntry]


@pytest.fixture
def books(us_books: Company) -> Iterator[Company]:
    """Acme (USD, United States: NY-SALES tax code) seeded, with its books active."""
    with tenant_context(us_books):
        yield us_books


@pytest.fixture
def post(books: Company) -> Post:
    """post(day, debit_account, credit_account, amount, **journal_entry_create kwargs): posted."""

    def _post(day: date, debit: str, credit: str, amount: str, **kwargs: Any) -> JournalEntry:
        return PostedEntryFactory.create(date=day, debit=debit, credit=credit, amount=amount, **kwargs)

    return _post


@pytest.fixture(scope="session")
def race_books(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    """A seeded company database made once per session, which each `race` company clones (a clone
    takes a fraction of the seeding's time). Its name."""
    slug = "race-books"
    name = database_name(slug)
    company = Company(
        slug=slug, name="Race", base_currency_id="USD", db_name=name, status=Company.Status.ACTIVE
    )
    with django_db_blocker.unblock():
        drop_database(None, name)
        create_database(None, name, template=template_name())
        try:
            register(alias_for(slug), name, None)
            with tenant_context(company):
                # Non-db tests run after the transactional ones, whose flush empties the common
                # DB's currencies: take them from the ISO 4217 file the common DB is loaded from.
                Currency.objects.bulk_create(
                    [Currency(code=c.code, name=c.name, minor_units=c.minor_units) for c in iso4217()]
                )
                seed_tenant(company=company)
        finally:
            unregister(alias_for(slug))  # a database is cloned only while no session is open on it
    yield name
    with django_db_blocker.unblock():
        drop_database(None, name)


@pytest.fixture
def race(race_books: str, django_db_blocker: DjangoDbBlocker) -> Iterator[Company]:
    """A seeded company database of its own (a clone of race_books), dropped afterwards. Not a
    django_db test: those refuse connections from threads to aliases they do not manage, so the
    DB is unblocked by hand.

    The Company object is built in memory and handed to tenant_context(): threads could not see a
    registry row created inside a test transaction, and this one needs none."""
    slug = f"race-{uuid.uuid4().hex[:8]}"
    name = database_name(slug)
    company = Company(
        slug=slug, name="Race", base_currency_id="USD", db_name=name, status=Company.Status.ACTIVE
    )
    with django_db_blocker.unblock():
        create_database(None, name, template=race_books)
        try:
            register(alias_for(slug), name, None)
            yield company
        finally:
            unregister(alias_for(slug))
            drop_database(None, name)
