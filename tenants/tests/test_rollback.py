"""migrate_tenant --to: moving one tenant back to an earlier migration and forward again."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from common.models import Company
from tenants.migrating.migrate import applied_migrations
from tenants.routing.connections import register_company, unregister
from tenants.tests.migration_probes import real_leaf
from tenants.tests.migration_support import is_up_to_date, last_migration, previous_target, swapped_migrations

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def backups(tmp_path: Path) -> Iterator[Path]:
    with override_settings(PYLEDGER_BACKUP_DIR=tmp_path):
        yield tmp_path


def migrate_tenant(*args: str) -> str:
    out = StringIO()
    call_command("migrate_tenant", *args, stdout=out)
    return out.getvalue()


def test_migrating_back_one_migration_snapshots_first_and_the_next_migrate_comes_forward(
    make_tenant, backups
):
    company = make_tenant("rb-back")
    app, _ = last_migration()
    earlier = previous_target(last_migration())

    back = migrate_tenant("rb-back", "--to", f"{app}.{earlier}", "--yes")

    assert f"rb-back: migrated (unapplied 1, now at {app}.{earlier})" in back
    assert "restore with: " in back
    assert len(list((backups / "rb-back").glob("*.dump"))) == 1
    assert not is_up_to_date(company)

    forward = migrate_tenant("rb-back")

    assert forward.startswith("rb-back: migrated\n")
    assert is_up_to_date(company)


def test_migrating_to_where_the_tenant_is_changes_nothing(make_tenant, backups):
    make_tenant("rb-same")
    app, name = last_migration()

    out = migrate_tenant("rb-same", "--to", f"{app}.{name[:4]}", "--yes")  # a unique prefix works

    assert out.strip() == f"rb-same: up-to-date (already at {app}.{name})"
    assert not any(backups.iterdir())


@pytest.mark.parametrize(
    ("target", "says"),
    [
        ("ledger", "Name a migration as <app>.<migration>"),
        ("common.0001_initial", "'common' is not a tenant app"),
        ("ledger.9999_nothing", "The code has no migration ledger.9999_nothing"),
        ("ledger.000", "More than one ledger migration starts with '000'"),
    ],
)
def test_a_bad_target_fails_in_one_line_and_changes_nothing(make_tenant, backups, target, says):
    company = make_tenant("rb-bad")

    with pytest.raises(CommandError) as info:
        migrate_tenant("rb-bad", "--to", target, "--yes")

    assert says in str(info.value)
    assert "\n" not in str(info.value)
    assert is_up_to_date(company)


def test_without_yes_and_no_terminal_it_refuses(make_tenant, backups):
    company = make_tenant("rb-ask")

    with pytest.raises(CommandError) as info:
        migrate_tenant("rb-ask", "--to", "ledger.zero")

    assert "without --yes" in str(info.value)
    assert is_up_to_date(company)


def test_a_migration_that_cannot_be_undone_fails_in_one_line_and_stays_applied(make_tenant, backups):
    company = make_tenant("rb-oneway")

    with swapped_migrations("irreversible"):
        migrate_tenant("rb-oneway")
        with pytest.raises(CommandError) as info:
            migrate_tenant("rb-oneway", "--to", f"ledger.{real_leaf()}", "--yes")

        assert "IrreversibleError" in str(info.value)
        assert "\n" not in str(info.value)
        assert ("ledger", "0900_probe_one_way") in applied(company)


def applied(company: Company) -> frozenset[tuple[str, str]]:
    alias = register_company(company)
    try:
        return applied_migrations(alias)
    finally:
        unregister(alias)
