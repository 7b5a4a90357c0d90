"""backup_tenant, restore_tenant and drop_tenant: dumps with a manifest, verified restores, drops."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from common.checkpoints import Head
from common.models import ChainCheckpoint, Company, TenantMove
from ledger.charts import SMALL_BUSINESS
from ledger.checkpoints import take_checkpoints
from ledger.models import JournalEntry
from tenants.errors import BackupError, TenantStateError
from tenants.lifecycle import backups, relocation
from tenants.lifecycle.backups import Census, census_of, load_backup, manifest_path
from tenants.lifecycle.provisioning import database_exists, database_name
from tenants.lifecycle.relocation import RESTORED_SUFFIX, tenant_restore
from tenants.lifecycle.services import tenant_backup, tenant_drop, tenant_reactivate
from tenants.routing.context import tenant_context

from .relocation_support import account_codes, add_accounts, add_balances, databases_of

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


class Crash(Exception):
    """A simulated crash of the restoring process."""


@pytest.fixture
def acme_books(books):
    """A company with seeded accounts, two more, and balance totals (a trial balance)."""
    company = books("lc-bk")
    add_accounts("lc-bk", "7001", "7002")
    add_balances(company, ("100.00", "0"), ("0", "60.50"), ("0", "39.50"))
    return company


def test_a_backup_is_a_dump_with_a_manifest_of_row_counts_and_trial_balance(acme_books, backup_dir):
    backup = tenant_backup(company="lc-bk")

    assert backup.path.parent == backup_dir / "lc-bk"
    assert backup.path.name.startswith("lc-bk-") and backup.path.suffix == ".backup"
    assert backup.path.stat().st_mode & 0o777 == 0o600
    manifest = json.loads(manifest_path(backup.path).read_text())
    assert manifest["slug"] == "lc-bk"
    assert manifest["tables"]["ledger_account"] == len(SMALL_BUSINESS) + 2
    assert manifest["tables"]["ledger_accountbalance"] == 3
    assert manifest["totals"] == {"trial_balance_debit": "100.0000", "trial_balance_credit": "100.0000"}
    assert manifest["company"]["base_currency"] == "USD"


def test_backup_tenant_writes_where_output_says(acme_books, tmp_path):
    target = tmp_path / "elsewhere" / "acme.backup"
    out = StringIO()

    call_command("backup_tenant", "lc-bk", "--output", str(target), stdout=out)

    assert target.is_file() and manifest_path(target).is_file()
    assert str(target) in out.getvalue()


def test_restoring_into_a_new_slug_reproduces_the_row_counts_and_the_trial_balance(acme_books, books):
    books.track("lc-bk-copy")
    backup = tenant_backup(company="lc-bk")
    before = census_of(acme_books.server, acme_books.db_name)
    out = StringIO()

    call_command("restore_tenant", "lc-bk", "--from", str(backup.path), "--as", "lc-bk-copy", stdout=out)
    copy = Company.objects.get(slug="lc-bk-copy")
    after = census_of(copy.server, copy.db_name)

    assert copy.status == Company.Status.ACTIVE
    assert copy.db_name == database_name("lc-bk-copy")
    assert after == before
    assert after.totals == {"trial_balance_debit": "100.0000", "trial_balance_credit": "100.0000"}
    assert account_codes("lc-bk-copy") == account_codes("lc-bk")
    assert "verified" in out.getvalue()


def test_books_without_postings_back_up_and_restore_with_a_zero_trial_balance(books):
    books("lc-bk-plain")
    backup = tenant_backup(company="lc-bk-plain")
    books.track("lc-bk-plain2")

    result = tenant_restore(slug="lc-bk-plain", source=backup.path, new_slug="lc-bk-plain2")

    assert backup.census.totals == {"trial_balance_debit": "0", "trial_balance_credit": "0"}
    assert result.census == backup.census


def test_a_restore_over_an_active_company_is_refused_without_replace(acme_books):
    backup = tenant_backup(company="lc-bk")

    with pytest.raises(TenantStateError) as info:
        tenant_restore(slug="lc-bk", source=backup.path)
    with pytest.raises(CommandError) as command:
        call_command("restore_tenant", "lc-bk", "--from", str(backup.path))

    assert "--replace" in info.value.message
    assert "--replace" in str(command.value)
    assert Company.objects.get(slug="lc-bk").status == Company.Status.ACTIVE


def test_replace_without_yes_in_non_interactive_mode_is_refused(acme_books):
    backup = tenant_backup(company="lc-bk")
    add_accounts("lc-bk", "7003")

    with pytest.raises(CommandError) as info:
        call_command("restore_tenant", "lc-bk", "--from", str(backup.path), "--replace")

    assert "--yes" in str(info.value)
    assert "7003" in account_codes("lc-bk")


def test_restoring_over_the_same_slug_with_replace_brings_the_backup_books_back(acme_books):
    backup = tenant_backup(company="lc-bk")
    add_accounts("lc-bk", "7003")  # written after the backup: the restore takes it away
    old_db = acme_books.db_name

    call_command(
        "restore_tenant", "lc-bk", "--from", str(backup.path), "--replace", "--yes", stdout=StringIO()
    )

    company = Company.objects.get(slug="lc-bk")
    assert company.status == Company.Status.ACTIVE
    assert company.db_name == old_db + RESTORED_SUFFIX
    assert databases_of("lc-bk", None) == {company.db_name}  # the replaced database is dropped
    assert "7003" not in account_codes("lc-bk")
    assert census_of(None, company.db_name) == backup.census
    assert TenantMove.objects.get(company=company).step == TenantMove.Step.DONE


def test_a_second_replace_goes_back_to_the_plain_database_name(acme_books):
    backup = tenant_backup(company="lc-bk")
    tenant_restore(slug="lc-bk", source=backup.path, replace=True)

    tenant_restore(slug="lc-bk", source=backup.path, replace=True)

    company = Company.objects.get(slug="lc-bk")
    assert company.db_name == database_name("lc-bk")
    assert databases_of("lc-bk", None) == {database_name("lc-bk")}


def test_a_replace_that_crashed_while_restoring_is_finished_by_the_next_run(acme_books, monkeypatch):
    backup = tenant_backup(company="lc-bk")
    add_accounts("lc-bk", "7003")
    real_restore = backups.restore_database

    def restore_then_crash(server, db_name, path):
        real_restore(server, db_name, path)
        raise Crash("restore")

    with monkeypatch.context() as patch, pytest.raises(Crash):
        patch.setattr(relocation, "restore_database", restore_then_crash)
        tenant_restore(slug="lc-bk", source=backup.path, replace=True)
    company = Company.objects.get(slug="lc-bk")
    assert company.status == Company.Status.MAINTENANCE
    assert TenantMove.objects.get(company=company).error.startswith("Crash")

    tenant_restore(slug="lc-bk", source=backup.path, replace=True)

    company.refresh_from_db()
    assert company.status == Company.Status.ACTIVE
    assert databases_of("lc-bk", None) == {company.db_name}
    assert "7003" not in account_codes("lc-bk")


def test_aborting_an_interrupted_replace_keeps_the_current_books(acme_books, monkeypatch):
    backup = tenant_backup(company="lc-bk")
    add_accounts("lc-bk", "7003")
    with monkeypatch.context() as patch, pytest.raises(Crash):
        patch.setattr(relocation, "verify_copy", lambda *a: (_ for _ in ()).throw(Crash("verify")))
        tenant_restore(slug="lc-bk", source=backup.path, replace=True)

    call_command("restore_tenant", "lc-bk", "--abort", stdout=StringIO())

    company = Company.objects.get(slug="lc-bk")
    assert company.status == Company.Status.ACTIVE
    assert databases_of("lc-bk", None) == {database_name("lc-bk")}
    add_accounts("lc-bk", "7004")  # writable again
    assert {"7003", "7004"} <= set(account_codes("lc-bk"))


def test_a_backup_whose_copy_differs_from_its_manifest_is_not_activated(acme_books, books):
    books.track("lc-bk-bad")
    backup = tenant_backup(company="lc-bk")
    meta = manifest_path(backup.path)
    manifest = json.loads(meta.read_text())
    manifest["tables"]["ledger_account"] += 1
    meta.write_text(json.dumps(manifest))

    with pytest.raises(BackupError) as info:
        tenant_restore(slug="lc-bk", source=backup.path, new_slug="lc-bk-bad")

    accounts = len(SMALL_BUSINESS) + 2
    assert f"ledger_account: {accounts} rows, expected {accounts + 1}" in info.value.message
    assert Company.objects.get(slug="lc-bk-bad").status == Company.Status.PROVISIONING


def test_a_truncated_backup_is_refused_before_anything_is_registered(acme_books):
    backup = tenant_backup(company="lc-bk")
    data = backup.path.read_bytes()
    backup.path.write_bytes(data[: len(data) // 2])

    with pytest.raises(BackupError) as info:
        tenant_restore(slug="lc-bk", source=backup.path, new_slug="lc-bk-cut")

    assert info.value.code == "backup_failed"
    assert not Company.objects.filter(slug="lc-bk-cut").exists()


def test_a_backup_of_another_company_is_refused(acme_books):
    backup = tenant_backup(company="lc-bk")

    with pytest.raises(TenantStateError) as info:
        tenant_restore(slug="lc-other", source=backup.path, new_slug="lc-bk-x")

    assert "backup of 'lc-bk'" in info.value.message


def test_drop_backs_up_drops_the_database_and_archives_the_company(acme_books, backup_dir):
    out = StringIO()

    call_command("drop_tenant", "lc-bk", "--yes", stdout=out)

    company = Company.objects.get(slug="lc-bk")
    assert company.status == Company.Status.ARCHIVED
    assert not database_exists(None, company.db_name)
    (backup_file,) = (backup_dir / "lc-bk").glob("*-drop.backup")
    assert load_backup(backup_file).census.tables["ledger_account"] == len(SMALL_BUSINESS) + 2
    assert str(backup_file) in out.getvalue()


def test_drop_without_yes_in_non_interactive_mode_is_refused_and_drops_nothing(acme_books, backup_dir):
    with pytest.raises(CommandError) as info:
        call_command("drop_tenant", "lc-bk")

    assert "--yes" in str(info.value)
    assert database_exists(None, acme_books.db_name)
    assert Company.objects.get(slug="lc-bk").status == Company.Status.ACTIVE
    assert not backup_dir.exists()


def test_drop_with_forget_and_no_backup_leaves_nothing(acme_books, backup_dir):
    call_command("drop_tenant", "lc-bk", "--yes", "--no-backup", "--forget", stdout=StringIO())

    assert not Company.objects.filter(slug="lc-bk").exists()
    assert not database_exists(None, acme_books.db_name)
    assert not backup_dir.exists()


def test_a_dropped_company_cannot_be_reactivated_but_its_backup_brings_it_back(acme_books):
    result = tenant_drop(company="lc-bk")
    assert result.backup is not None

    with pytest.raises(TenantStateError) as info:
        tenant_reactivate(company="lc-bk")
    assert "restore" in info.value.message

    restored = tenant_restore(slug="lc-bk", source=result.backup.path)

    assert restored.company.status == Company.Status.ACTIVE
    assert restored.census == result.backup.census
    assert "7002" in account_codes("lc-bk")


def test_census_differences_name_each_table_and_total():
    expected = Census(tables={"ledger_account": 3, "ledger_x": 1}, totals={"tb": "1"})
    found = Census(tables={"ledger_account": 2}, totals={"tb": "2"})

    assert found.differences(expected) == [
        "ledger_account: 2 rows, expected 3",
        "ledger_x: missing rows, expected 1",
        "tb: 2, expected 1",
    ]


def head(year: str, number: int, hash_: str) -> Head:
    totals = {"debit": "1", "credit": "1"}
    return Head(
        fiscal_year_id=1,
        fiscal_year=year,
        last_number=number,
        head_hash=hash_,
        entry_count=number,
        totals=totals,
    )


def test_census_differences_name_each_chain_head_that_differs():
    expected = Census(tables={}, chain=[head("FY2025", 9, "a" * 64), head("FY2026", 3, "b" * 64)])
    found = Census(tables={}, chain=[head("FY2025", 9, "a" * 64), head("FY2026", 2, "c" * 64)])

    assert found.differences(expected) == [
        "FY2026 chain head: no. 2 (cccccccccccc), expected no. 3 (bbbbbbbbbbbb)",
    ]
    assert Census(tables={}).differences(Census(tables={}, chain=[head("FY2026", 3, "b" * 64)])) == [
        "FY2026 chain head: none, expected no. 3 (bbbbbbbbbbbb)"
    ]
    assert found.differences(Census(tables={})) == []  # a manifest from before heads were recorded


def test_a_backup_records_each_years_chain_head_in_its_manifest_and_as_a_checkpoint(acme_books):
    backup = tenant_backup(company="lc-bk")

    with tenant_context("lc-bk"):
        entry = JournalEntry.objects.get()
    (recorded,) = json.loads(manifest_path(backup.path).read_text())["chain"]
    assert recorded == {
        "fiscal_year_id": entry.fiscal_year_id,
        "fiscal_year": "FY2026",
        "last_number": 1,
        "head_hash": entry.hash,
        "entry_count": 1,
        "totals": {"debit": "100.0000", "credit": "100.0000"},
    }
    mark = ChainCheckpoint.objects.get(company=acme_books)
    assert (mark.reason, mark.last_number, mark.head_hash) == ("backup", 1, entry.hash)


def test_restoring_older_books_supersedes_the_checkpoints_taken_since(acme_books):
    backup = tenant_backup(company="lc-bk")
    add_balances(acme_books, ("5.00", "0"), ("0", "5.00"))
    assert take_checkpoints("lc-bk").recorded[0].last_number == 2

    call_command(
        "restore_tenant", "lc-bk", "--from", str(backup.path), "--replace", "--yes", stdout=StringIO()
    )
    out = StringIO()
    call_command("verify_ledger", "lc-bk", stdout=out)

    assert out.getvalue() == "lc-bk: ok\n"
    current = ChainCheckpoint.objects.filter(company=acme_books, superseded_at__isnull=True)
    assert [(c.reason, c.last_number) for c in current] == [("restore", 1)]
    assert ChainCheckpoint.objects.filter(company=acme_books, superseded_at__isnull=False).count() == 2
