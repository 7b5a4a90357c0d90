"""Helpers for the test suite: the session's test companies and their databases.

The session clones `acme` and `foo` from the migrated template once; each test registers the
Company rows inside its own transaction, so the common DB is clean again after every test.

Acme's books, seeded, are a database of their own too, one per country the tests seed them for
(SEEDED_BOOKS): seeding took about 20 ms, in most tests. A test that takes one of those fixtures
gets acme registered on that copy, in which its transaction is rolled back like any other. Books a
module's tests all read (a year of entries, say) are such a database too, seeded and then filled
once per session, instead of being written again in each test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import LiteralString

import psycopg
import pytest
from django.conf import settings
from django.db import connections
from django.utils.module_loading import import_string

from common.models import Company, Currency

from .lifecycle.provisioning import (
    conninfo,
    create_database,
    database_name,
    drop_database,
    maintenance_connection,
    template_name,
)
from .locks import lock_key
from .routing.connections import alias_for, unregister
from .routing.context import tenant_context

TEST_SLUGS = ("acme", "foo")
TENANT_DATABASES = ["default", *(alias_for(s) for s in TEST_SLUGS)]


@dataclass(frozen=True)
class Books:
    """Acme's books as a database made once per session: seeded for `country`, then given what
    `fill` adds if set (the dotted path of a function of the company, run inside its context)."""

    country: str
    fill: str = ""


# Fixture name -> the books of acme it gives (conftest.py). A filled one's fixture takes its plain
# one too (which the API clients' fixtures take): a test gets the last of them it takes.
SEEDED_BOOKS = {
    "us_books": Books("US"),
    "gb_books": Books("GB"),
    "invoicing_books": Books("GB", fill="invoicing.tests.prepared.fill"),
    "tax_books": Books("GB", fill="tax.tests.prepared.fill_quarter"),
    "beancount_books": Books("US", fill="interchange.tests.prepared.fill_for_beancount"),
    "saft_books": Books("GB", fill="interchange.tests.prepared.fill_for_saft"),
}

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


def seeded_database(fixture: str) -> str:
    """The database of acme's books that `fixture` gives (SEEDED_BOOKS)."""
    return database_name(f"acme-{fixture.replace('_', '-')}")


def seed_books_database(fixture: str) -> None:
    """(Re)create the books `fixture` gives: a clone of the template, seeded by the tenant seeder
    (PYLEDGER_TENANT_SEEDER, as bootstrap does; no demo books) as for a company in the books'
    country with acme's base currency (USD), then filled if the books say how."""
    books = SEEDED_BOOKS[fixture]
    name = seeded_database(fixture)
    drop_database(None, name)
    create_database(None, name, template=template_name())
    company = Company(
        slug=f"acme-{fixture.replace('_', '-')}",
        name="Acme",
        base_currency_id="USD",
        country=books.country,
        db_name=name,
        status=Company.Status.ACTIVE,
    )
    try:
        seeder: Callable[..., None] = import_string(settings.PYLEDGER_TENANT_SEEDER)
        with tenant_context(company):
            seeder(company=company)
            if books.fill:
                import_string(books.fill)(company)
    finally:
        unregister(alias_for(company.slug))


def seeded_acme(acme: Company, fixture: str) -> Company:
    """Acme's registry row on the books `fixture` gives (conftest.py registers its alias on them)."""
    acme.country, acme.db_name = SEEDED_BOOKS[fixture].country, seeded_database(fixture)
    acme.save(update_fields=["country", "db_name"])
    return acme


def tenant_databases() -> set[str]:
    """Names of the test tenant databases on the default server."""
    with maintenance_connection(None) as conn:
        rows = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 'test_tenant_%'").fetchall()
    return {row[0] for row in rows}


@contextmanager
def lock_held_elsewhere(name: str) -> Iterator[None]:
    """Hold advisory lock `name` from a separate session on the common database."""
    params = conninfo(None, connections["default"].settings_dict["NAME"])
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", [lock_key(name)])
        yield


def run_sql(company: Company, statement: LiteralString) -> None:
    """Change a tenant database behind Django's back, as an operator or a bad deploy would."""
    with psycopg.connect(**conninfo(None, company.db_name), autocommit=True) as conn:
        conn.execute(statement)
