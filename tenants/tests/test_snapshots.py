"""pg_dump snapshots: taken before destructive migrations, restorable, pruned, password kept off
command lines."""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from common.models import Company, DatabaseServer
from tenants.lifecycle.backups import backup_company
from tenants.lifecycle.provisioning import conninfo
from tenants.lifecycle.snapshots import (
    list_snapshots,
    prune,
    restore_command,
    take_snapshot,
    tool_environment,
)
from tenants.migrating.migrate import destructive_steps
from tenants.testing import run_sql
from tenants.tests.migration_support import is_up_to_date, migrate_to, swapped_migrations

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def backups(tmp_path: Path) -> Iterator[Path]:
    with override_settings(PYLEDGER_BACKUP_DIR=tmp_path / "backups", PYLEDGER_SNAPSHOT_KEEP=5):
        yield tmp_path / "backups"


def rows(company: Company, table: str) -> list[tuple[object, ...]]:
    with psycopg.connect(**conninfo(None, company.db_name), autocommit=True) as conn:
        return conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()  # noqa: S608 (test constant)


def restore_into(path: Path, company: Company) -> None:
    """Run the printed restore command, as an operator would (password from the environment)."""
    command = restore_command(path, company)
    subprocess.run(
        shlex.split(command),
        env=tool_environment(conninfo(None, company.db_name)),
        check=True,
        capture_output=True,
    )


def test_a_snapshot_restores_into_a_new_database_with_the_same_rows(make_tenant, backups):
    company = make_tenant("sn-copy")
    run_sql(company, "CREATE TABLE probe (id int PRIMARY KEY, label text)")
    run_sql(company, "INSERT INTO probe VALUES (1, 'one'), (2, 'two'), (3, 'three')")
    target = make_tenant("sn-copy-restored", database="empty")

    path = take_snapshot(company, reason="Manual check")
    restore_into(path, target)

    assert path.parent == backups / "sn-copy"
    assert path.name.startswith("sn-copy-") and path.name.endswith("-manual-check.dump")
    assert path.stat().st_mode & 0o777 == 0o600
    assert list_snapshots(company) == [path]
    assert rows(target, "probe") == [(1, "one"), (2, "two"), (3, "three")]


def test_prune_keeps_the_newest_snapshots_of_that_company_only(backups):
    company = Company(slug="sn-keep", db_name="test_tenant_sn_keep")
    folder = backups / "sn-keep"
    folder.mkdir(parents=True)
    names = [f"sn-keep-2026010{day}T000000000000Z-pre-migrate.dump" for day in range(1, 8)]
    for name in [*names, "sn-keep-20260109T000000000000Z.dump.partial", "notes.txt"]:
        (folder / name).write_text("x")

    removed = prune(company, keep=3)

    assert sorted(p.name for p in removed) == names[:4]
    assert [p.name for p in list_snapshots(company)] == names[-3:][::-1]
    assert (folder / "notes.txt").exists()
    with override_settings(PYLEDGER_SNAPSHOT_KEEP=1):
        prune(company)
    assert [p.name for p in list_snapshots(company)] == [names[-1]]


def test_dumps_left_half_written_by_a_killed_pg_dump_are_pruned_once_abandoned(make_tenant, backups):
    company = make_tenant("sn-partial")
    folder = backups / "sn-partial"
    folder.mkdir(parents=True)
    abandoned = [folder / "sn-partial-20260101T000000000000Z.dump.partial", folder / "old.backup.partial"]
    writing = folder / "sn-partial-20260102T000000000000Z.dump.partial"
    for path in [*abandoned, writing]:
        path.write_text("x")
    two_hours_ago = time.time() - 7200
    for path in abandoned:
        os.utime(path, (two_hours_ago, two_hours_ago))

    removed = prune(company)
    backup_company(company)  # a backup prunes them too (nothing left to prune here)

    assert sorted(removed) == sorted(abandoned)
    assert writing.exists()  # could be a dump still being written: too recent to call abandoned
    os.utime(writing, (two_hours_ago, two_hours_ago))
    backup_company(company)
    assert not writing.exists()


def test_the_password_reaches_pg_dump_through_its_environment_only(monkeypatch, backups):
    monkeypatch.setenv("SN_SERVER_PASSWORD", "s3cret-pw")
    server = DatabaseServer(
        name="sn-far", host="db.example", port=6432, user="ops", password_env="SN_SERVER_PASSWORD"
    )
    company = Company(slug="sn-far", db_name="tenant_sn_far", server=server)
    calls = []

    def fake_run(command, *, env, **kwargs):
        calls.append((command, env))
        Path(next(a for a in command if a.startswith("--file=")).removeprefix("--file=")).write_text("dump")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_run)

    path = take_snapshot(company, reason="pre-migrate")
    restore = restore_command(path, company)

    ((command, env),) = calls
    assert "s3cret-pw" not in " ".join(command)
    assert env["PGPASSWORD"] == "s3cret-pw"
    assert (env["PGHOST"], env["PGPORT"], env["PGUSER"], env["PGDATABASE"]) == (
        "db.example",
        "6432",
        "ops",
        "tenant_sn_far",
    )
    assert "s3cret-pw" not in restore
    assert "--host db.example --port 6432 --username ops --dbname tenant_sn_far" in restore


def test_a_destructive_migration_takes_a_restorable_snapshot_first(make_tenant, backups):
    with swapped_migrations("destructive"):
        company = make_tenant("sn-drop")
        migrate_to(company, "ledger", "0900_probe_add")
        run_sql(company, "INSERT INTO ledger_probe (id, label) VALUES (1, 'kept'), (2, 'safe')")
        target = make_tenant("sn-drop-restored", database="empty")
        out = StringIO()

        call_command("migrate_all_tenants", "--tenants", "sn-drop", stdout=out)

        (path,) = list_snapshots(company)
        assert is_up_to_date(company)
    output = out.getvalue()
    assert "Snapshots taken before destructive migrations" in output
    assert "pg_restore --clean --if-exists --no-owner --single-transaction" in output
    assert str(path) in output
    restore_into(path, target)
    assert rows(target, "ledger_probe") == [(1, "kept"), (2, "safe")]


def test_plan_marks_destructive_migrations(make_tenant):
    with swapped_migrations("destructive"):
        company = make_tenant("sn-plan")
        migrate_to(company, "ledger", "0900_probe_add")
        out = StringIO()

        call_command("migrate_all_tenants", "--plan", stdout=out)

    assert "sn-plan: 1 pending: ledger.0901_probe_remove" in out.getvalue()
    assert (
        "destructive: ledger.0901_probe_remove: DeleteModel ledger.Probe (a pg_dump snapshot is taken first)"
        in out.getvalue()
    )


def test_no_snapshot_is_taken_when_asked_or_when_there_is_nothing_to_lose(make_tenant, backups):
    with swapped_migrations("destructive"):
        assert destructive_steps([("ledger", "0900_probe_add")]) == ()
        opted_out = make_tenant("sn-none-a")
        empty = make_tenant("sn-none-b", database="empty")

        call_command("migrate_tenant", "sn-none-a", "--no-snapshot", stdout=StringIO())
        call_command("migrate_tenant", "sn-none-b", stdout=StringIO())

        assert is_up_to_date(opted_out) and is_up_to_date(empty)
    assert not backups.exists() or not any(backups.rglob("*.dump"))


def test_a_failed_snapshot_leaves_the_tenant_unmigrated(make_tenant, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    with (
        swapped_migrations("destructive"),
        override_settings(PYLEDGER_BACKUP_DIR=tmp_path / "a-file" / "backups"),
    ):
        company = make_tenant("sn-fail")

        with pytest.raises(CommandError) as info:
            call_command("migrate_tenant", "sn-fail")

        assert "snapshot" in str(info.value).lower()
        assert "\n" not in str(info.value)
        assert not is_up_to_date(company)
