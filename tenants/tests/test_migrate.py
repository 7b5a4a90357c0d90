"""Migrating tenant databases: one company, the whole fleet, and the consistency report."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from common.models import Company
from common.tests.factories import DatabaseServerFactory
from tenants.errors import TenantBusy
from tenants.lifecycle.services import tenant_migrate
from tenants.migrating.migrate import TenantResult, code_migrations, divergences, migration_state
from tenants.routing.connections import register_company
from tenants.testing import lock_held_elsewhere, run_sql, tenant_db


def is_up_to_date(company: Company) -> bool:
    return migration_state(register_company(company)).up_to_date


def migrate_all(*args: str) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("migrate_all_tenants", *args, verbosity=2, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def result_line(output: str, slug: str) -> str:
    return next(line.strip() for line in output.splitlines() if line.strip().startswith(f"{slug}:"))


# --- migrate_tenant ---------------------------------------------------------------------------


@tenant_db
def test_migrate_tenant_on_an_up_to_date_company_reports_up_to_date(acme):
    out = StringIO()

    call_command("migrate_tenant", "acme", stdout=out)

    assert out.getvalue().strip() == "acme: up-to-date"


@pytest.mark.slow  # every migration, from an empty database
@pytest.mark.django_db(transaction=True)
def test_migrate_tenant_creates_the_tables_of_an_empty_database(make_tenant):
    company = make_tenant("lc-mig-empty", database="empty")
    out = StringIO()

    call_command("migrate_tenant", "lc-mig-empty", stdout=out)

    assert out.getvalue().strip() == "lc-mig-empty: migrated"
    assert is_up_to_date(company)


@pytest.mark.django_db(transaction=True)
def test_migrate_tenant_refuses_a_database_ahead_of_the_code(make_tenant):
    company = make_tenant("lc-mig-ahead")
    run_sql(
        company, "INSERT INTO django_migrations (app, name, applied) VALUES ('ledger', '9999_future', now())"
    )

    with pytest.raises(CommandError) as info:
        call_command("migrate_tenant", "lc-mig-ahead")

    assert "unknown to the code" in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.django_db(transaction=True)
def test_migrate_tenant_on_a_lost_database_fails_in_one_line(make_tenant):
    make_tenant("lc-mig-lost", database=None)

    with pytest.raises(CommandError) as info:
        call_command("migrate_tenant", "lc-mig-lost")

    assert "unreachable" in str(info.value)
    assert "\n" not in str(info.value)


@tenant_db
def test_migrating_a_company_another_session_is_working_on_fails_with_tenant_busy(acme):
    with lock_held_elsewhere("tenant:acme"):
        with pytest.raises(TenantBusy) as info:
            tenant_migrate("acme")
        with pytest.raises(CommandError) as command:
            call_command("migrate_tenant", "acme")

    assert info.value.code == "tenant_busy"
    assert "acme" in str(command.value)
    assert "\n" not in str(command.value)


# --- migrate_all_tenants ----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_migrate_all_tenants_goes_on_past_broken_companies_and_exits_non_zero(make_tenant):
    empty = make_tenant("lc-all-a", database="empty")
    current = make_tenant("lc-all-b")
    clash = make_tenant("lc-all-c")  # its tables exist, but the record of 0001 is gone
    run_sql(clash, "DELETE FROM django_migrations WHERE app = 'ledger'")
    make_tenant("lc-all-d", database=None)  # its database was dropped
    make_tenant("lc-all-e", database=None, status=Company.Status.PROVISIONING)  # not migrated: skipped

    output, error = migrate_all()

    assert error is not None
    assert "\n" not in str(error)
    assert result_line(output, "lc-all-a").startswith("lc-all-a: migrated")
    assert result_line(output, "lc-all-b") == "lc-all-b: up-to-date"
    assert result_line(output, "lc-all-c").startswith("lc-all-c: failed")
    assert result_line(output, "lc-all-d").startswith("lc-all-d: failed")
    assert "lc-all-e" not in output
    assert "4 tenants: 1 migrated, 1 up to date, 2 failed" in output
    assert is_up_to_date(empty)
    assert is_up_to_date(current)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_migrate_all_tenants_lists_a_company_whose_applied_migrations_differ(make_tenant):
    make_tenant("lc-odd-a")
    make_tenant("lc-odd-b")
    odd = make_tenant("lc-odd-c")
    run_sql(odd, "DELETE FROM django_migrations WHERE app = 'ledger'")

    output, error = migrate_all()

    assert error is not None
    report = output[output.index("differ from the majority") :]
    assert "lc-odd-c" in report
    assert "lc-odd-a" not in report
    assert "lc-odd-b" not in report


@pytest.mark.django_db(transaction=True)
def test_migrate_all_tenants_goes_on_when_a_server_is_down(make_tenant):
    down = DatabaseServerFactory.create(name="lc-down")
    make_tenant("lc-srv-ok")
    make_tenant("lc-srv-far", database=None, server=down)

    output, error = migrate_all()

    assert error is not None
    assert result_line(output, "template@lc-down").startswith("template@lc-down: failed")
    assert result_line(output, "lc-srv-far").startswith("lc-srv-far: failed")
    assert result_line(output, "lc-srv-ok") == "lc-srv-ok: up-to-date"
    assert "2 tenants: 0 migrated, 1 up to date, 1 failed" in output


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_migrate_all_tenants_exits_zero_when_every_company_is_up_to_date(make_tenant):
    make_tenant("lc-fine-a")
    make_tenant("lc-fine-b")
    out = StringIO()

    call_command("migrate_all_tenants", stdout=out)

    assert "2 tenants: 0 migrated, 2 up to date, 0 failed" in out.getvalue()
    assert "differ" not in out.getvalue()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_migrate_all_tenants_with_tenants_migrates_only_those(make_tenant):
    named = make_tenant("lc-only-a", database="empty")
    other = make_tenant("lc-only-b", database="empty")

    call_command("migrate_all_tenants", "--tenants", "lc-only-a", stdout=StringIO())

    assert is_up_to_date(named)
    assert not is_up_to_date(other)


# --- the consistency report -------------------------------------------------------------------


def off_majority(results: list[TenantResult]) -> list[str]:
    """The tenants whose applied migrations differ from the most common set among them."""
    return [d.slug for d in divergences(results, {}) if d.from_majority]


def test_the_report_lists_the_tenants_that_differ_from_the_majority():
    head = code_migrations()
    behind = frozenset(sorted(head)[:-1])
    results = [
        TenantResult("a", "up-to-date", applied=head),
        TenantResult("b", "migrated", applied=head),
        TenantResult("c", "failed", "boom", applied=behind),
        TenantResult("d", "failed", "unreachable", applied=None),
    ]

    assert off_majority(results) == ["c"]


def test_no_tenant_differs_when_every_tenant_agrees_or_none_could_be_read():
    head = code_migrations()

    assert off_majority([TenantResult("a", "up-to-date", applied=head)] * 3) == []
    assert off_majority([TenantResult("a", "failed", "down")]) == []


def test_on_a_tie_the_codes_set_is_the_majority_and_otherwise_there_is_none():
    head = code_migrations()
    behind = frozenset(sorted(head)[:-1])
    older = frozenset(sorted(head)[:-2])

    tied_with_head = [
        TenantResult("a", "up-to-date", applied=behind),
        TenantResult("b", "up-to-date", applied=head),
    ]
    tied_without = [TenantResult("c", "failed", applied=behind), TenantResult("d", "failed", applied=older)]

    assert off_majority(tied_with_head) == ["a"]
    assert off_majority(tied_without) == []
