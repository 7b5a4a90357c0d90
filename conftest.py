"""Session set-up shared by every app's tests: a migrated tenant template and two test tenants."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from common.models import Company
from tenants.connections import alias_for, register, unregister
from tenants.migrate import ensure_template
from tenants.provisioning import create_database, database_name, drop_database, template_name
from tenants.testing import TEST_SLUGS, make_company


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        ensure_template(None)
        for slug in TEST_SLUGS:
            name = database_name(slug)
            drop_database(None, name)
            create_database(None, name, template=template_name())
            register(alias_for(slug), name, None)
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        for slug in TEST_SLUGS:
            unregister(alias_for(slug))
            drop_database(None, database_name(slug))


@pytest.fixture
def acme(db: None) -> Company:
    return make_company("acme")


@pytest.fixture
def foo(db: None) -> Company:
    return make_company("foo", currency="EUR")
