"""check_migrations: the migration linter and the walk down to zero and back on a scratch tenant."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tenants.lifecycle.provisioning import create_database, drop_database
from tenants.migrating.migrate import code_loader, code_order
from tenants.migrating.migration_lint import lint
from tenants.migrating.reversibility import drop_abandoned_scratch, scratch_prefix
from tenants.testing import lock_held_elsewhere, tenant_databases
from tenants.tests.migration_probes import real_leaf
from tenants.tests.migration_support import swapped_migrations

pytestmark = pytest.mark.slow


def check(*args: str) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("check_migrations", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


@pytest.mark.django_db(transaction=True)
def test_check_migrations_passes_on_the_real_migrations_and_drops_its_scratch_database(late_aliases):
    before = tenant_databases()

    output, error = check("--strict", "-v", "2")

    assert error is None, output
    assert f"lint: {len(code_order())} tenant migrations, 0 warnings" in output
    assert "ledger: backward to zero" in output
    app, last = code_order()[-1]
    assert f"{app}: forward to {last}" in output
    assert "schema identical afterwards" in output
    assert tenant_databases() == before


@pytest.mark.django_db(transaction=True)
def test_check_migrations_fails_in_one_line_on_a_migration_that_cannot_be_reversed(late_aliases):
    before = tenant_databases()
    with swapped_migrations("irreversible"):
        output, error = check()

    assert error is not None
    assert str(error).startswith(f"ledger: migrating backward to {real_leaf()} failed: IrreversibleError")
    assert "\n" not in str(error)
    assert "warning: ledger.0900_probe_one_way: run_python_irreversible: forwards" in output
    assert tenant_databases() == before


def test_the_linter_flags_each_backward_incompatible_operation():
    with swapped_migrations("lint", rebuild_template=False):
        findings = lint(code_loader(), code_order())

    flagged = {(f.migration[1], f.code, f.target) for f in findings if not f.ignored}
    assert flagged == {
        ("0002_risky", "remove_field", "ledger.thing.legacy"),
        ("0002_risky", "rename_field", "ledger.thing.code -> ref"),
        ("0002_risky", "not_null_without_default", "ledger.thing.name"),
        ("0002_risky", "run_python_irreversible", "forwards"),
        ("0002_risky", "run_sql_irreversible", "UPDATE ledger_thing SET size = 0"),
        ("0002_risky", "rename_model", "ledger.Other -> Another"),
        ("0002_risky", "delete_model", "ledger.Another"),
    }
    assert [(f.migration[1], f.code) for f in findings if f.ignored] == [("0003_accepted", "remove_field")]


def test_lint_warnings_fail_the_check_only_with_strict():
    with swapped_migrations("lint", rebuild_template=False):
        output, error = check("--lint-only")
        _, strict_error = check("--lint-only", "--strict")

    assert error is None
    assert "warning: ledger.0002_risky: remove_field: ledger.thing.legacy: drops a column" in output
    assert "0003_accepted" not in output  # allowed by its lint_ignore
    assert "lint: 3 tenant migrations, 7 warnings, 1 allowed by lint_ignore" in output
    assert str(strict_error) == "7 migration lint warnings (--strict); see above."


@pytest.mark.django_db(transaction=True)
def test_a_scratch_database_left_by_a_killed_check_is_dropped_by_the_next_one(late_aliases):
    leftover = f"{scratch_prefix()}deadbeef"
    create_database(None, leftover)
    in_use = f"{scratch_prefix()}0badc0de"
    create_database(None, in_use)
    try:
        with lock_held_elsewhere(f"migcheck:{in_use}"):  # a check still running in another process
            dropped = drop_abandoned_scratch()
            _, error = check()

        assert dropped == [leftover]
        assert error is None
        assert leftover not in tenant_databases()
        assert in_use in tenant_databases()
    finally:
        drop_database(None, leftover)
        drop_database(None, in_use)
