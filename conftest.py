"""Session set-up shared by every app's tests: a migrated tenant template and two test tenants."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connections
from pytest_django import DjangoDbBlocker

from common.models import Company, Currency, DatabaseServer
from pyledger_project.testing import clone_session_database, drop_session_database
from tenants.lifecycle.freezing import thaw_database
from tenants.lifecycle.provisioning import (
    conninfo,
    create_database,
    database_name,
    drop_database,
    template_name,
)
from tenants.migrating.migrate import ensure_template
from tenants.routing.connections import alias_for, register, unregister
from tenants.testing import (
    SEEDED_BOOKS,
    TEST_SLUGS,
    make_company,
    seed_books_database,
    seeded_acme,
    seeded_database,
)


@pytest.fixture(scope="session")
def django_db_keepdb(
    request: pytest.FixtureRequest, django_db_modify_db_settings: None, django_db_blocker: DjangoDbBlocker
) -> bool:
    """The common test database is cloned from a migrated template here (pyledger_project.testing):
    Django finds it and keeps it instead of migrating a new one. `--create-db` rebuilds the template."""
    with django_db_blocker.unblock():
        clone_session_database(rebuild=bool(request.config.getoption("create_db")))
    return True


SEEDED_NEEDED = pytest.StashKey[frozenset[str]]()
# The database acme's alias points at for the next test: its own, or seeded books (below).
_acme_database = [database_name("acme")]


@pytest.fixture(scope="session")
def django_db_setup(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[None]:
    needed: frozenset[str] = request.config.stash.get(SEEDED_NEEDED, frozenset())
    seeded = sorted(needed)
    with django_db_blocker.unblock():
        ensure_template(None)
        for slug in TEST_SLUGS:
            name = database_name(slug)
            drop_database(None, name)
            create_database(None, name, template=template_name())
            register(alias_for(slug), _acme_database[0] if slug == "acme" else name, None)
        for fixture in seeded:
            seed_books_database(fixture)
    yield
    with django_db_blocker.unblock():
        for slug in TEST_SLUGS:
            unregister(alias_for(slug))
            drop_database(None, database_name(slug))
        for fixture in seeded:
            drop_database(None, seeded_database(fixture))
        drop_session_database()  # Django keeps it (django_db_keepdb)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Note which of acme's seeded books the collected tests take: the session makes only those."""
    taken = set().union(*(getattr(item, "fixturenames", ()) for item in items))
    config.stash[SEEDED_NEEDED] = frozenset(fixture for fixture in SEEDED_BOOKS if fixture in taken)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Register acme's alias on the seeded books the test takes (the last listed, when it takes a
    filled one and its plain one), else on acme's own database, before its fixtures start the
    test's transactions (an alias is re-pointed only outside them)."""
    fixtures = getattr(item, "fixturenames", ())
    taken = [seeded_database(fixture) for fixture in SEEDED_BOOKS if fixture in fixtures]
    wanted = taken[-1] if taken else database_name("acme")
    if wanted == _acme_database[0]:
        return
    _acme_database[0] = wanted
    alias = alias_for("acme")
    if alias in connections.settings:  # else django_db_setup registers it, on _acme_database
        unregister(alias)
        register(alias, wanted, None)


@pytest.fixture
def us_books(acme: Company) -> Company:
    """Acme (USD) with books seeded for the United States (NY-SALES and EXEMPT tax codes)."""
    return seeded_acme(acme, "us_books")


@pytest.fixture
def gb_books(acme: Company) -> Company:
    """Acme (USD) with books seeded for the United Kingdom (its VAT codes)."""
    return seeded_acme(acme, "gb_books")


FROZEN_AMONG = (
    "SELECT d.datname FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase "
    "WHERE d.datname = ANY(%s) AND 'default_transaction_read_only=on' = ANY(s.setconfig)"
)
_probe: list[psycopg.Connection[Any]] = []


@pytest.fixture(autouse=True)
def _thaw_test_companies(request: pytest.FixtureRequest) -> Iterator[None]:
    """Thaw the session's test companies when a test left one frozen: a suspension's ALTER
    DATABASE outlives the test's transaction. One query per test, on a connection kept open."""
    yield
    uses_db = request.node.get_closest_marker("django_db") is not None
    if not (uses_db or {"db", "transactional_db"} & set(request.fixturenames)):
        return
    if not _probe:
        _probe.append(psycopg.connect(**conninfo(None), autocommit=True))
    names = [database_name(slug) for slug in TEST_SLUGS] + [
        seeded_database(fixture) for fixture in SEEDED_BOOKS
    ]
    for (name,) in _probe[0].execute(FROZEN_AMONG, [names]).fetchall():
        thaw_database(None, name)


@pytest.fixture
def acme(db: None) -> Company:
    return make_company("acme")


@pytest.fixture
def foo(db: None) -> Company:
    return make_company("foo", currency="EUR")


@pytest.fixture
def late_aliases(django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """Allow connections to aliases registered after the test started (the databases it makes).

    Django's test case refuses them ("threaded connections ... are not allowed"); pytest-django's
    unblock() puts the real ensure_connection back for the body of the test.
    """
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def usd() -> Currency:
    # The flush after each transactional test empties reference tables too.
    currency, _ = Currency.objects.get_or_create(code="USD", defaults={"name": "US dollar", "minor_units": 2})
    return currency


@pytest.fixture
def make_tenant(usd: Currency, django_db_blocker: DjangoDbBlocker) -> Iterator[Callable[..., Company]]:
    """Register companies with a database cloned from the template, an empty one, or none.

    Django's test case refuses connections to aliases registered after it started; pytest-django's
    unblock() lifts that for the test. Aliases and databases are removed afterwards.
    """
    made: list[Company] = []

    def make(
        slug: str,
        *,
        database: str | None = "template",
        status: str = Company.Status.ACTIVE,
        server: DatabaseServer | None = None,
    ) -> Company:
        name = database_name(slug)
        company = Company.objects.create(
            slug=slug, name=slug, base_currency=usd, status=status, db_name=name, server=server
        )
        made.append(company)
        if database is not None:
            create_database(None, name, template=template_name() if database == "template" else None)
        return company

    with django_db_blocker.unblock():
        try:
            yield make
        finally:
            for company in made:
                unregister(alias_for(company.slug))
                drop_database(None, company.db_name)


FUZZ_LINES = pytest.StashKey[list[str]]()


def _fuzz_lines() -> list[str]:
    import sys

    module = sys.modules.get("pyledger_project.tests.test_fuzz")
    return [tally.line() for tally in getattr(module, "TALLIES", [])]


# A module marked slow as a whole, on one line at its top level: `pytestmark = pytest.mark.slow`
# or `pytestmark = [..., pytest.mark.slow]`.
SLOW_MODULE = re.compile(r"^pytestmark = .*\bpytest\.mark\.slow\b", re.MULTILINE)


SCHEMATHESIS_PLUGIN = "schemathesis.pytest.plugin"
HYPOTHESIS_PLUGIN = "hypothesispytest"  # its entry point's name


def _leaves_slow_out(config: pytest.Config) -> bool:
    return "not slow" in (config.getoption("markexpr") or "")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """A run that leaves slow tests out does not even import the modules marked slow as a whole:
    each process would import them only to deselect their tests, and some are costly to import
    (schemathesis builds the API's schema as it is collected; hypothesis; the fuzzer)."""
    name = collection_path.name
    if name.startswith("test_") and name.endswith(".py") and _leaves_slow_out(config):
        return bool(SLOW_MODULE.search(collection_path.read_text(encoding="utf-8"))) or None
    return None


def pytest_configure(config: pytest.Config) -> None:
    """Only a run that may collect the property tests (all slow) has the plugins that serve them.

    schemathesis's (`-p no:schemathesis` in pyproject.toml) imports schemathesis and hypothesis as
    it loads, about a second of every process's start; hypothesis's imports hypothesis for the
    summary at the end of the run."""
    plugins = config.pluginmanager
    if not _leaves_slow_out(config):
        if not plugins.has_plugin(SCHEMATHESIS_PLUGIN):
            plugins.import_plugin(SCHEMATHESIS_PLUGIN)
    elif plugins.has_plugin(HYPOTHESIS_PLUGIN):
        plugins.unregister(name=HYPOTHESIS_PLUGIN)


def pytest_sessionfinish(session: Any) -> None:
    """Under pytest-xdist a worker hands its fuzz figures to the controller."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["fuzz"] = _fuzz_lines()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """pytest-xdist's hook: keep what a finished worker reported."""
    node.config.stash.setdefault(FUZZ_LINES, []).extend(getattr(node, "workeroutput", {}).get("fuzz", []))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The fuzz test's figures, in every run that ran it (pyledger_project/tests/test_fuzz.py)."""
    for line in _fuzz_lines() + terminalreporter.config.stash.get(FUZZ_LINES, []):
        terminalreporter.write_line(f"fuzz: {line}")


def pytest_unconfigure(config: Any) -> None:
    """Stop the throwaway embedded server this session started (docs: make test leaves none)."""
    from django.conf import settings
    from django.db import connections

    from pyledger_project.embedded import stop

    started = getattr(settings, "PYLEDGER_TEST_SERVER_STARTED", "") if settings.configured else ""
    if started:  # under pytest-xdist, each worker its own
        connections.close_all()
        stop(Path(started))
