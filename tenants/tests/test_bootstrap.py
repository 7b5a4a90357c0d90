"""bootstrap_tenant: register, create, migrate, seed, activate; idempotent and resumable."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.test import override_settings

from common.models import Company, DatabaseServer
from ledger.models import Account
from tenants.errors import TenantBusy, TenantStateError
from tenants.lifecycle import services
from tenants.lifecycle.provisioning import (
    create_database,
    database_exists,
    database_name,
    drop_database,
)
from tenants.lifecycle.services import BOOTSTRAP_STEPS, tenant_bootstrap
from tenants.migrating import migrate
from tenants.migrating.migrate import migration_state
from tenants.routing.connections import alias_for, register_company, unregister
from tenants.routing.context import tenant_context
from tenants.testing import lock_held_elsewhere, tenant_databases

pytestmark = pytest.mark.django_db(transaction=True)


class Crash(Exception):
    """A simulated crash of the bootstrapping process."""


@pytest.fixture
def track(late_aliases: None) -> Iterator[Callable[[str], str]]:
    """Name the slugs a test bootstraps; their aliases and databases are removed afterwards."""
    slugs: list[str] = []

    def add(slug: str) -> str:
        slugs.append(slug)
        return slug

    try:
        yield add
    finally:
        for slug in slugs:
            unregister(alias_for(slug))
            drop_database(None, database_name(slug))


def account_codes(slug: str) -> list[str]:
    with tenant_context(slug):
        return list(Account.objects.order_by("code").values_list("code", flat=True))


def assert_ready(slug: str) -> Company:
    """The company is active, its database exists, is migrated to head and seeded."""
    company = Company.objects.get(slug=slug)
    assert company.status == Company.Status.ACTIVE
    assert database_exists(company.server, company.db_name)
    assert migration_state(register_company(company)).up_to_date
    assert account_codes(slug)
    return company


def create_empty_database(server: DatabaseServer | None, name: str, *, template: str | None = None) -> bool:
    """create_database without the template: the migrate step then has real work to do."""
    return create_database(server, name)


def crashing_seeder(*, company: Company, demo: bool = False) -> None:
    """A seeder that dies after writing part of the reference data."""
    Account.objects.create(code="1000", name="Cash", type=Account.Type.ASSET)
    raise Crash("seed")


def test_bootstrap_tenant_creates_an_active_migrated_seeded_company(usd, track):
    slug = track("lc-boot-new")
    out = StringIO()

    call_command("bootstrap_tenant", slug, "--name", "LC New", "--country", "us", stdout=out)

    company = assert_ready(slug)
    assert company.name == "LC New"
    assert company.country == "US"
    assert company.db_name == database_name(slug)
    assert out.getvalue().strip().count("\n") == 0  # one line of report


def test_a_second_bootstrap_changes_nothing(usd, track):
    slug = track("lc-boot-twice")
    tenant_bootstrap(slug=slug)
    company = Company.objects.get(slug=slug)
    codes = account_codes(slug)

    result = tenant_bootstrap(slug=slug)

    assert set(result.skipped) == {"register", "create_database", "migrate", "activate"}
    assert Company.objects.get(slug=slug).updated_at == company.updated_at
    assert account_codes(slug) == codes


@pytest.mark.parametrize(
    "step",
    # Each bootstraps a company twice: the fast suite (-m "not slow") keeps the crash before seeding.
    [step if step == "seed" else pytest.param(step, marks=pytest.mark.slow) for step in BOOTSTRAP_STEPS],
)
def test_a_run_that_crashed_before_each_step_is_finished_by_the_next_run(usd, track, step):
    slug = track(f"lc-crash-{step.replace('_', '-')}")

    def crash(label: str) -> None:
        if label == step:
            raise Crash(label)

    with pytest.raises(Crash):
        tenant_bootstrap(slug=slug, on_step=crash)
    tenant_bootstrap(slug=slug)

    assert_ready(slug)


@pytest.mark.slow  # every migration, from an empty database
def test_a_crash_after_creating_an_empty_database_is_finished_by_migrating_it(usd, track, monkeypatch):
    slug = track("lc-crash-in-create")

    def create_then_crash(server, name, *, template=None):
        create_empty_database(server, name)
        raise Crash("create_database")

    with monkeypatch.context() as patch, pytest.raises(Crash):
        patch.setattr(services, "create_database", create_then_crash)
        tenant_bootstrap(slug=slug)

    result = tenant_bootstrap(slug=slug)

    assert "create_database" in result.skipped
    assert "migrate" in result.done
    assert_ready(slug)


@pytest.mark.slow  # every migration, from an empty database
def test_a_crash_while_migrating_is_finished_by_the_next_run(usd, track, monkeypatch):
    slug = track("lc-crash-in-migrate")
    real_migrate_alias = migrate.migrate_alias

    def migrate_then_crash(alias, **kwargs):
        real_migrate_alias(alias, **kwargs)
        raise Crash("migrate")

    with monkeypatch.context() as patch, pytest.raises(TenantStateError) as info:
        patch.setattr(
            services, "create_database", lambda server, name, template=None: create_database(server, name)
        )
        patch.setattr(migrate, "migrate_alias", migrate_then_crash)
        tenant_bootstrap(slug=slug)
    assert info.value.code == "tenant_state"

    tenant_bootstrap(slug=slug)

    assert_ready(slug)


def test_a_crash_while_seeding_leaves_no_partial_seed_and_the_next_run_seeds(usd, track):
    slug = track("lc-crash-in-seed")

    with override_settings(PYLEDGER_TENANT_SEEDER=f"{__name__}.crashing_seeder"), pytest.raises(Crash):
        tenant_bootstrap(slug=slug)
    assert account_codes(slug) == []  # the seed runs in one transaction

    tenant_bootstrap(slug=slug)

    assert "1000" in account_codes(slug)
    assert_ready(slug)


def test_a_crash_while_activating_is_finished_by_the_next_run(usd, track, monkeypatch):
    slug = track("lc-crash-in-activate")

    def crash(company, status):
        raise Crash("activate")

    with monkeypatch.context() as patch, pytest.raises(Crash):
        patch.setattr(services, "tenant_set_status", crash)
        tenant_bootstrap(slug=slug)
    assert Company.objects.get(slug=slug).status == Company.Status.PROVISIONING

    result = tenant_bootstrap(slug=slug)

    assert result.done == ["seed", "activate"]
    assert_ready(slug)


def test_bootstrap_of_a_tenant_another_session_is_working_on_fails_with_tenant_busy(usd, track):
    slug = track("lc-boot-busy")

    with lock_held_elsewhere(f"tenant:{slug}"):
        with pytest.raises(TenantBusy) as info:
            tenant_bootstrap(slug=slug)
        with pytest.raises(CommandError) as command:
            call_command("bootstrap_tenant", slug)

    assert info.value.code == "tenant_busy"
    assert slug in str(command.value)
    assert "\n" not in str(command.value)
    assert not Company.objects.filter(slug=slug).exists()
    assert database_name(slug) not in tenant_databases()


def test_bootstrap_on_an_unreachable_server_leaves_nothing_and_works_once_the_server_is_removed(usd, track):
    slug = track("lc-boot-down")
    before = tenant_databases()
    server = DatabaseServer.objects.create(
        name="lc-down", host="127.0.0.1", port=1, user="postgres", accepts_new_tenants=True
    )

    with pytest.raises(CommandError) as info:
        call_command("bootstrap_tenant", slug)

    message = str(info.value)
    assert "unreachable" in message
    assert "lc-down" in message
    assert "\n" not in message
    assert not Company.objects.filter(slug=slug).exists()
    assert tenant_databases() == before

    server.delete()  # possible only because no half-made company points at it
    call_command("bootstrap_tenant", slug, stdout=StringIO())

    assert assert_ready(slug).server is None


@pytest.mark.slow  # bootstraps twice, as the test before does
def test_bootstrap_on_an_unreachable_server_works_once_the_server_row_is_fixed(usd, track):
    slug = track("lc-boot-fixed")
    server = DatabaseServer.objects.create(
        name="lc-fixed", host="127.0.0.1", port=1, user="postgres", accepts_new_tenants=True
    )
    with pytest.raises(CommandError):
        call_command("bootstrap_tenant", slug)

    default = connections["default"].settings_dict
    server.host, server.port = default["HOST"], int(default["PORT"] or 5432)
    server.save()
    call_command("bootstrap_tenant", slug, stdout=StringIO())

    assert assert_ready(slug).server == server


def test_bootstrap_refuses_to_replace_the_missing_database_of_an_active_company(usd, track):
    slug = track("lc-boot-lost")
    company = tenant_bootstrap(slug=slug).company
    unregister(alias_for(slug))
    drop_database(None, company.db_name)

    with pytest.raises(TenantStateError) as info:
        tenant_bootstrap(slug=slug)

    assert info.value.code == "tenant_state"
    assert not database_exists(None, company.db_name)


@pytest.mark.parametrize("status", [Company.Status.SUSPENDED, Company.Status.ARCHIVED])
def test_bootstrap_refuses_a_suspended_or_archived_company(usd, track, status):
    slug = track("lc-boot-asleep")
    Company.objects.create(
        slug=slug, name="Asleep", base_currency=usd, status=status, db_name=database_name(slug)
    )

    with pytest.raises(TenantStateError) as info:
        tenant_bootstrap(slug=slug)

    assert info.value.code == "tenant_state"
    assert database_name(slug) not in tenant_databases()
