"""Tenant aliases registered at run time, and the cap on open tenant connections per thread."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connections
from django.test import override_settings
from psycopg import sql
from pytest_django import DjangoDbBlocker

from common.models import Company, Currency, DatabaseServer
from ledger.models import Account
from tenants.lifecycle.provisioning import (
    create_database,
    database_name,
    drop_database,
    maintenance_connection,
    template_name,
)
from tenants.routing import connections as connections_module
from tenants.routing.connections import (
    alias_for,
    close_tenant_connections,
    open_tenant_connections,
    register,
    unregister,
)
from tenants.routing.context import tenant_context
from tenants.routing.db import tenant_atomic

pytestmark = pytest.mark.slow

CAP_PREFIX = "lc-cap-"


@pytest.fixture
def make_tenants(usd: Currency, django_db_blocker: DjangoDbBlocker) -> Iterator[Callable[[int], list[str]]]:
    """Register `n` companies, each with a database cloned from the template; return their slugs.

    Django's test case refuses connections to aliases registered after it started; pytest-django's
    unblock() lifts that for the test. Aliases and databases are removed afterwards.
    """
    slugs: list[str] = []

    def make(n: int) -> list[str]:
        for i in range(n):
            slug = f"{CAP_PREFIX}{i}"
            slugs.append(slug)
            name = database_name(slug)
            Company.objects.create(slug=slug, name=slug, base_currency=usd, status="active", db_name=name)
            create_database(None, name, template=template_name())
        return list(slugs)

    with django_db_blocker.unblock():
        try:
            yield make
        finally:
            for slug in slugs:
                unregister(alias_for(slug))
                drop_database(None, database_name(slug))


def server_sessions() -> int:
    """Sessions the server holds on the cap test databases, seen from a separate connection."""
    like = database_name(CAP_PREFIX + "x")[:-1] + "%"
    with maintenance_connection(None) as conn:
        row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname LIKE %s", [like]).fetchone()
    assert row is not None
    return int(row[0])


def settled_server_sessions(at_most: int) -> int:
    """Backends of closed connections exit asynchronously: give them a moment."""
    deadline = time.monotonic() + 5
    while (count := server_sessions()) > at_most and time.monotonic() < deadline:
        time.sleep(0.05)
    return count


@pytest.mark.django_db(transaction=True)
@override_settings(PYLEDGER_MAX_TENANT_CONNECTIONS=3)
def test_entering_ten_companies_in_turn_keeps_at_most_three_connections_open(make_tenants):
    slugs = make_tenants(10)
    most = 0

    for slug in slugs:
        with tenant_context(slug):
            assert Account.objects.count() == 0
        most = max(most, len(open_tenant_connections()))

    assert most == 3
    assert settled_server_sessions(at_most=3) <= 3
    with tenant_context(slugs[0]):  # its connection was closed: it reconnects
        assert Account.objects.count() == 0


@pytest.mark.django_db(transaction=True)
@override_settings(PYLEDGER_MAX_TENANT_CONNECTIONS=2)
def test_the_least_recently_used_connection_is_closed_first(make_tenants):
    a, b, c = make_tenants(3)
    for slug in (a, b, a, c):
        with tenant_context(slug):
            Account.objects.exists()

    assert sorted(open_tenant_connections()) == [alias_for(a), alias_for(c)]


@pytest.mark.django_db(transaction=True)
@override_settings(PYLEDGER_MAX_TENANT_CONNECTIONS=1)
def test_a_connection_inside_a_transaction_is_never_closed_by_the_cap(make_tenants):
    a, b = make_tenants(2)

    with tenant_context(a), tenant_atomic():
        Account.objects.create(code="1000", name="Cash", type=Account.Type.ASSET)
        with tenant_context(b):
            assert not Account.objects.exists()
        assert alias_for(a) in open_tenant_connections()

    with tenant_context(a):
        assert Account.objects.filter(code="1000").exists()


@pytest.mark.django_db(transaction=True)
def test_close_tenant_connections_closes_all_but_one_inside_a_transaction(make_tenants):
    a, b = make_tenants(2)
    with tenant_context(b):
        Account.objects.exists()

    with tenant_context(a), tenant_atomic():
        Account.objects.create(code="1000", name="Cash", type=Account.Type.ASSET)
        close_tenant_connections()
        assert open_tenant_connections() == [alias_for(a)]
    close_tenant_connections()

    assert open_tenant_connections() == []
    with tenant_context(a):  # the transaction was not broken by the close
        assert Account.objects.filter(code="1000").exists()


def test_a_registered_alias_has_the_full_settings_of_default():
    alias = register("tenant_lc-settings", "test_tenant_lc_settings", None)
    try:
        wanted = connections["default"].settings_dict
        got = connections[alias].settings_dict
        assert set(wanted) <= set(got)
        assert got["NAME"] == "test_tenant_lc_settings"
        assert got["OPTIONS"]["connect_timeout"] > 0
    finally:
        unregister(alias)
    assert alias not in connections


def test_registering_an_alias_again_for_another_database_re_points_it():
    alias = register("tenant_lc-repoint", "test_tenant_lc_one", None)
    try:
        assert register(alias, "test_tenant_lc_one", None) == alias
        register(alias, "test_tenant_lc_two", None)
        assert connections[alias].settings_dict["NAME"] == "test_tenant_lc_two"
    finally:
        unregister(alias)


@pytest.mark.parametrize("on_server", [False, True], ids=["common server", "another server"])
def test_registering_an_alias_again_for_the_same_database_builds_no_settings(monkeypatch, on_server):
    other = DatabaseServer(name="lc-other", host="db.example", port=6543, user="ledger")
    server = other if on_server else None
    alias = register("tenant_lc-again", "test_tenant_lc_again", server)
    try:
        before = connections.settings[alias]

        def built(*args: Any) -> dict[str, Any]:
            raise AssertionError("settings built for an alias that already points there")

        # Every tenant request registers its alias: the deep copy of default's settings it took
        # cost more than the rest of the tenant context.
        with monkeypatch.context() as patched:
            patched.setattr(connections_module, "database_settings", built)
            assert register(alias, "test_tenant_lc_again", server) == alias
        assert connections.settings[alias] is before

        moved = DatabaseServer(name="lc-moved", host="db2.example", port=6543, user="ledger")
        register(alias, "test_tenant_lc_again", moved if on_server else None)
        register(alias, "test_tenant_lc_again_two", moved if on_server else None)
        assert connections.settings[alias]["NAME"] == "test_tenant_lc_again_two"
        if on_server:
            assert connections.settings[alias]["HOST"] == "db2.example"
            register(alias, "test_tenant_lc_again_two", server)
            assert connections.settings[alias]["HOST"] == "db.example"
    finally:
        unregister(alias)


# --- many tenants -------------------------------------------------------------------------------

MANY_PREFIX = "lc-many-"
# Companies served round-robin by the test below. 200 fit the 30 s budget of a test in the normal
# suite: 8.6 s (setup + call + teardown) in a full run on this 2-CPU machine, 14 s alone under
# load; only with other test suites hammering the machine did it reach ~100 s. Set
# PYLEDGER_TEST_MANY_TENANTS=100 on a slow machine, or higher for a stress run. Databases are
# cloned with STRATEGY FILE_COPY, which does not WAL-log each page: ~8x faster here.
MANY = int(os.environ.get("PYLEDGER_TEST_MANY_TENANTS", "200"))


@pytest.fixture
def many_tenants(usd: Currency, django_db_blocker: DjangoDbBlocker) -> Iterator[list[str]]:
    """MANY companies with databases cloned from the template, dropped afterwards."""
    slugs = [f"{MANY_PREFIX}{i}" for i in range(MANY)]
    template = sql.Identifier(template_name())
    with django_db_blocker.unblock():
        Company.objects.bulk_create(
            Company(slug=s, name=s, base_currency=usd, status="active", db_name=database_name(s))
            for s in slugs
        )
        try:
            with maintenance_connection(None) as conn:
                for slug in slugs:
                    name = sql.Identifier(database_name(slug))
                    conn.execute(
                        sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(name, template)
                    )
            yield slugs
        finally:
            for slug in slugs:
                unregister(alias_for(slug))
            with maintenance_connection(None) as conn:
                for slug in slugs:
                    name = sql.Identifier(database_name(slug))
                    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def sessions_on(prefix: str, conn: Any) -> int:
    like = database_name(prefix + "x")[:-1] + "%"
    row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname LIKE %s", [like]).fetchone()
    return int(row[0])


@pytest.mark.django_db(transaction=True)
@override_settings(PYLEDGER_MAX_TENANT_CONNECTIONS=8)
def test_serving_many_companies_round_robin_keeps_connections_under_the_cap(many_tenants):
    cap = 8
    client_peak = server_peak = 0
    started = time.monotonic()

    with maintenance_connection(None) as observer:
        for round_ in range(2):
            for i, slug in enumerate(many_tenants):
                with tenant_context(slug):
                    if round_ == 0:
                        Account.objects.create(code=str(i), name=slug, type=Account.Type.ASSET)
                    else:
                        assert list(Account.objects.values_list("name", flat=True)) == [slug]
                client_peak = max(client_peak, len(open_tenant_connections()))
                server_peak = max(server_peak, sessions_on(MANY_PREFIX, observer))
    elapsed = time.monotonic() - started

    print(
        f"\n{MANY} companies x 2 rounds in {elapsed:.1f} s: peak {client_peak} open in this process, "
        f"{server_peak} sessions seen by the server (cap {cap})"
    )
    assert client_peak == cap
    # A closed connection's backend exits a moment later: the server may briefly see it too.
    assert server_peak <= cap + 2
    assert settled_server_sessions(at_most=cap) <= cap
