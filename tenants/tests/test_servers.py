"""Many PostgreSQL servers: placement of new companies, and move_tenant between two real servers."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from common.models import Company, DatabaseServer, Membership, RegistryEvent, TenantMove
from ledger.models import Account
from tenants.errors import TenantStateError
from tenants.lifecycle import backups, relocation
from tenants.lifecycle.backups import Census, census_of
from tenants.lifecycle.provisioning import create_database, database_exists, drop_database
from tenants.lifecycle.relocation import tenant_move, tenant_relocation_abort
from tenants.lifecycle.services import choose_server, tenant_bootstrap
from tenants.routing.context import tenant_context

from .relocation_support import account_codes, add_accounts, add_balances, default_server_row, read_only_error

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

MOVE_STEPS = ("freeze", "dump", "restore", "verify", "switch", "drop_source")


class Crash(Exception):
    """A simulated crash of the moving process."""


@pytest.fixture
def pg2(second):
    return second.row("pg2")


@pytest.fixture
def movable(books):
    """A company on the first server with books: accounts and a trial balance."""
    company = books("lc-mv")
    add_accounts("lc-mv", "7001", "7002")
    add_balances(company, ("250.00", "0"), ("0", "250.00"))
    return company


def assert_moved(company: Company, before: Census, target: DatabaseServer) -> None:
    company.refresh_from_db()
    assert company.server == target
    assert company.status == Company.Status.ACTIVE
    assert not database_exists(None, company.db_name)  # gone from the source
    assert census_of(target, company.db_name) == before
    assert "7002" in account_codes(company.slug)  # tenant_context follows the registry
    move = TenantMove.objects.get(company=company, finished_at__isnull=False, step=TenantMove.Step.DONE)
    assert move.target_server == "pg2"


def test_a_new_company_goes_to_the_accepting_server_with_the_fewest_companies(books, second, usd):
    pg1 = default_server_row("pg1")
    pg2 = second.row("pg2")
    second.row("pg3-full", accepts_new_tenants=False)
    Company.objects.create(slug="lc-on-pg1", name="x", base_currency=usd, server=pg1, db_name="lc_on_pg1")

    assert choose_server() == pg2
    first = books("lc-place-a")
    assert choose_server() == pg1  # a tie: by name
    second_company = books("lc-place-b")

    assert first.server == pg2 and database_exists(pg2, first.db_name)
    assert not database_exists(None, first.db_name)
    assert second_company.server == pg1
    assert account_codes("lc-place-a")  # migrated from pg2's own template and seeded


def test_a_move_puts_the_books_on_the_target_and_removes_them_from_the_source(movable, pg2):
    before = census_of(None, movable.db_name)
    out = StringIO()

    call_command("move_tenant", "lc-mv", "--to", "pg2", stdout=out)

    assert_moved(movable, before, pg2)
    assert before.totals == {"trial_balance_debit": "250.0000", "trial_balance_credit": "250.0000"}
    assert "moved to pg2" in out.getvalue()
    with tenant_context("lc-mv"):
        Account.objects.create(code="7010", name="Written on pg2", type=Account.Type.ASSET)
    assert "7010" in account_codes("lc-mv")


def test_a_move_back_to_the_default_server_works_and_a_second_run_changes_nothing(movable, pg2):
    tenant_move(company="lc-mv", target=pg2)

    call_command("move_tenant", "lc-mv", "--to", "default", stdout=StringIO())
    out = StringIO()
    call_command("move_tenant", "lc-mv", "--to", "default", stdout=out)

    movable.refresh_from_db()
    assert movable.server is None
    assert not database_exists(pg2, movable.db_name)
    assert "already on default" in out.getvalue()
    assert "7002" in account_codes("lc-mv")


def test_during_a_move_the_company_is_read_only_and_its_requests_get_503(movable, pg2, admin_user):
    Membership.objects.create(user=admin_user, company=movable, role="owner")
    client = Client()
    client.force_login(admin_user)
    seen: dict[str, object] = {}

    def watch(label: str) -> None:
        if label == "restore":
            movable.refresh_from_db()
            seen["status"] = movable.status
            seen["write"] = read_only_error(movable)
            seen["http"] = client.get("/t/lc-mv/", headers={"Accept": "application/json"})

    tenant_move(company="lc-mv", target=pg2, on_step=watch)

    assert seen["status"] == Company.Status.MAINTENANCE
    assert "read-only" in str(seen["write"])
    response = seen["http"]
    assert response.status_code == 503  # type: ignore[attr-defined]
    assert response.json()["code"] == "tenant_maintenance"  # type: ignore[attr-defined]
    assert read_only_error(Company.objects.get(slug="lc-mv")) is None  # the new copy is writable


@pytest.mark.parametrize("step", MOVE_STEPS)
def test_a_move_that_crashed_at_each_step_is_finished_by_running_it_again(movable, pg2, step):
    before = census_of(None, movable.db_name)

    def crash(label: str) -> None:
        if label == step:
            raise Crash(label)

    with pytest.raises(Crash):
        tenant_move(company="lc-mv", target=pg2, on_step=crash)
    move = TenantMove.objects.get(company=movable)
    assert move.finished_at is None and move.error == f"Crash: {step}"

    tenant_move(company="lc-mv", target=pg2)

    assert_moved(movable, before, pg2)


def test_a_move_that_crashed_halfway_through_the_restore_is_finished_by_the_next_run(
    movable, pg2, monkeypatch
):
    before = census_of(None, movable.db_name)
    real_restore = backups.restore_database

    def restore_then_crash(server, db_name, path):
        real_restore(server, db_name, path)
        raise Crash("restore")

    with monkeypatch.context() as patch, pytest.raises(Crash):
        patch.setattr(relocation, "restore_database", restore_then_crash)
        tenant_move(company="lc-mv", target=pg2)
    assert database_exists(pg2, movable.db_name)  # a copy that was never verified

    call_command("move_tenant", "lc-mv", "--to", "pg2", stdout=StringIO())

    assert_moved(movable, before, pg2)


def test_a_move_that_crashed_after_the_switch_drops_the_old_copy_on_the_next_run(movable, pg2, monkeypatch):
    before = census_of(None, movable.db_name)
    real_drop = drop_database

    def source_down(server, name):
        if server is None:  # the source; the target's leftovers are still dropped
            raise Crash("source server down")
        return real_drop(server, name)

    with monkeypatch.context() as patch, pytest.raises(Crash):
        patch.setattr(relocation, "drop_database", source_down)
        tenant_move(company="lc-mv", target=pg2)
    movable.refresh_from_db()
    assert movable.server == pg2  # switched: the books are served from pg2's copy
    assert database_exists(None, movable.db_name)

    tenant_move(company="lc-mv", target=pg2)

    assert_moved(movable, before, pg2)


def test_an_unfinished_move_must_be_resumed_or_aborted_before_another(movable, pg2, second):
    pg3 = second.row("pg3")
    with pytest.raises(Crash):
        tenant_move(company="lc-mv", target=pg2, on_step=lambda s: (_ for _ in ()).throw(Crash(s)))

    with pytest.raises(TenantStateError) as info:
        tenant_move(company="lc-mv", target=pg3)

    assert "unfinished move" in info.value.message and "--abort" in info.value.message


def test_aborting_a_move_drops_the_target_copy_and_puts_the_company_back(movable, pg2):
    add_accounts("lc-mv", "7003")

    def crash(label: str) -> None:
        if label == "switch":
            raise Crash(label)

    with pytest.raises(Crash):
        tenant_move(company="lc-mv", target=pg2, on_step=crash)
    assert database_exists(pg2, movable.db_name)

    call_command("move_tenant", "lc-mv", "--abort", stdout=StringIO())

    movable.refresh_from_db()
    assert movable.server is None and movable.status == Company.Status.ACTIVE
    assert not database_exists(pg2, movable.db_name)
    assert read_only_error(movable) is None
    assert TenantMove.objects.get(company=movable).step == TenantMove.Step.ABORTED
    with pytest.raises(TenantStateError):
        tenant_relocation_abort(company="lc-mv")


def test_a_suspended_company_is_moved_and_stays_suspended_with_its_new_copy_frozen(movable, pg2):
    call_command("suspend_tenant", "lc-mv", stdout=StringIO())

    tenant_move(company="lc-mv", target=pg2)

    movable.refresh_from_db()
    assert (movable.server, movable.status) == (pg2, Company.Status.SUSPENDED)
    assert read_only_error(movable) is not None  # the restored copy is read-only like the old one
    actions = (
        RegistryEvent.objects.filter(company_slug="lc-mv").order_by("id").values_list("action", flat=True)
    )
    assert list(actions) == ["tenant.suspend", "tenant.move.start", "tenant.move.switch", "tenant.move.done"]


def test_an_aborted_move_of_a_suspended_company_leaves_its_database_frozen(movable, pg2):
    call_command("suspend_tenant", "lc-mv", stdout=StringIO())

    def crash(label: str) -> None:
        if label == "switch":
            raise Crash(label)

    with pytest.raises(Crash):
        tenant_move(company="lc-mv", target=pg2, on_step=crash)
    call_command("move_tenant", "lc-mv", "--abort", stdout=StringIO())

    movable.refresh_from_db()
    assert movable.status == Company.Status.SUSPENDED
    assert read_only_error(movable) is not None


def test_a_move_onto_a_server_that_has_the_database_already_changes_nothing(movable, pg2):
    create_database(pg2, movable.db_name)
    try:
        with pytest.raises(TenantStateError) as info:
            tenant_move(company="lc-mv", target=pg2)
    finally:
        drop_database(pg2, movable.db_name)

    assert "already has a database" in info.value.message
    movable.refresh_from_db()
    assert (movable.server, movable.status) == (None, Company.Status.ACTIVE)
    assert not TenantMove.objects.exists()


def test_move_tenant_to_an_unknown_server_fails_in_one_line(movable):
    with pytest.raises(CommandError) as info:
        call_command("move_tenant", "lc-mv", "--to", "nowhere")

    assert "No database server 'nowhere'" in str(info.value)
    assert "\n" not in str(info.value)


def test_bootstrap_refuses_a_company_being_moved(movable, pg2):
    with pytest.raises(Crash):
        tenant_move(company="lc-mv", target=pg2, on_step=lambda s: (_ for _ in ()).throw(Crash(s)))

    with pytest.raises(TenantStateError):
        tenant_bootstrap(slug="lc-mv")


def test_a_move_whose_dump_went_missing_dumps_again_on_the_next_run(movable, pg2):
    before = census_of(None, movable.db_name)

    def crash(label: str) -> None:
        if label == "restore":
            raise Crash(label)

    with pytest.raises(Crash):
        tenant_move(company="lc-mv", target=pg2, on_step=crash)
    dump = Path(TenantMove.objects.get(company=movable).dump_path)
    dump.unlink()

    tenant_move(company="lc-mv", target=pg2)

    assert_moved(movable, before, pg2)
    assert Path(TenantMove.objects.get(company=movable).dump_path) != dump
