"""migrate_all_tenants over a fleet: processes, plan, check, fail-fast, the fleet lock, a kill -9."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import ExitStack
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from common.tests.factories import DatabaseServerFactory
from tenants.errors import FleetBusy
from tenants.lifecycle.provisioning import conninfo
from tenants.migrating.fleet import FLEET_LOCK, migrate_fleet, run_fleet
from tenants.testing import lock_held_elsewhere, run_sql
from tenants.tests.migration_support import (
    is_up_to_date,
    last_migration,
    make_behind,
    manage_py,
    previous_target,
    sessions_on,
    subprocess_database_url,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture(autouse=True)
def backups(tmp_path: Path) -> Iterator[Path]:
    """Snapshots (taken when the newest migration is destructive) go to a throwaway folder."""
    with override_settings(PYLEDGER_BACKUP_DIR=tmp_path):
        yield tmp_path


def run(*args: str) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("migrate_all_tenants", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def line_of(output: str, slug: str) -> str:
    return next(line.strip() for line in output.splitlines() if line.strip().startswith(f"{slug}:"))


def child_pids(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")  # Linux
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie is dead, only not yet reaped


def pending_name() -> str:
    app, name = last_migration()
    return f"{app}.{name}"


def test_parallel_run_migrates_the_fleet_and_reports_the_broken_tenants(make_tenant):
    behind = make_behind(make_tenant, *(f"fl-par-{i:02}" for i in range(10)))
    clash = make_tenant("fl-par-clash")  # its tables exist, but their record in django_migrations is gone
    run_sql(clash, "DELETE FROM django_migrations WHERE app = 'ledger'")
    make_tenant("fl-par-lost", database=None)  # its database was dropped

    output, error = run("--jobs", "2")

    assert error is not None
    assert "2 of 12 failed to migrate" in str(error)
    assert "12 tenants: 10 migrated, 0 up to date, 2 failed" in output
    assert line_of(output, "fl-par-clash").startswith("fl-par-clash: failed")
    assert line_of(output, "fl-par-lost").startswith("fl-par-lost: failed")
    assert all(is_up_to_date(c) for c in behind)
    failed_table = output[output.index("Failed") :]
    assert "fl-par-clash" in failed_table
    assert "fl-par-lost" in failed_table
    assert "fl-par-03" not in failed_table


def test_workers_pass_up_to_date_tenants_without_their_lock_and_report_busy_ones_that_are_behind(make_tenant):
    behind, busy = make_behind(make_tenant, "fl-w-behind", "fl-w-busy")
    make_tenant("fl-w-current")

    with lock_held_elsewhere("tenant:fl-w-busy"), lock_held_elsewhere("tenant:fl-w-current"):
        output, error = run("--jobs", "2")

    assert error is not None
    assert "3 tenants: 1 migrated, 1 up to date, 1 failed" in output
    assert "Another process is working on tenant:fl-w-busy" in line_of(output, "fl-w-busy")
    assert is_up_to_date(behind)
    assert not is_up_to_date(busy)


def test_to_moves_every_tenant_back_after_a_snapshot_and_a_plain_run_brings_them_forward(
    make_tenant, backups
):
    first, second = make_tenant("fl-to-a"), make_tenant("fl-to-b")
    app, _ = last_migration()
    earlier = f"{app}.{previous_target(last_migration())}"

    output, error = run("--to", earlier, "--yes", "--jobs", "2")

    assert error is None, error
    assert "2 tenants: 2 migrated, 0 up to date, 0 failed" in output
    assert line_of(output, "fl-to-a").startswith(
        f"fl-to-a: migrated unapplied 1, now at {earlier}; snapshot "
    )
    assert "Migration sets that differ" not in output  # every tenant differs from the code on purpose
    assert len(list(backups.glob("*/*.dump"))) == 2
    assert not is_up_to_date(first)
    assert not is_up_to_date(second)

    output, error = run()

    assert error is None, error
    assert is_up_to_date(first)
    assert is_up_to_date(second)


def test_to_without_yes_and_without_a_terminal_changes_nothing(make_tenant):
    company = make_tenant("fl-to-ask")

    _, error = run("--to", "ledger.zero")

    assert "without --yes" in str(error)
    assert is_up_to_date(company)


def test_plan_prints_the_pending_migrations_and_changes_nothing(make_tenant):
    (behind,) = make_behind(make_tenant, "fl-plan-a")
    make_tenant("fl-plan-b")

    output, error = run("--plan", "--jobs", "2")

    assert error is None
    assert line_of(output, "fl-plan-a") == f"fl-plan-a: 1 pending: {pending_name()}"
    assert "fl-plan-b" not in output
    assert "Plan: 1 of 2 tenants would be migrated (1 migrations); nothing was changed." in output
    assert not is_up_to_date(behind)


def test_check_exits_1_while_a_tenant_is_behind_and_0_once_migrated(make_tenant):
    make_behind(make_tenant, "fl-chk-a")
    make_tenant("fl-chk-b")

    output, error = run("--check")

    assert error is not None
    assert str(error) == "1 of 2 tenants are not up to date: fl-chk-a"
    assert line_of(output, "fl-chk-a") == f"fl-chk-a: 1 pending ({pending_name()})"

    run()
    output, error = run("--check")

    assert error is None
    assert "All 2 tenants are up to date." in output


def test_check_reports_tenants_that_differ_from_the_template_even_when_they_are_the_majority(make_tenant):
    make_behind(make_tenant, "fl-tpl-a", "fl-tpl-b")
    current = make_tenant("fl-tpl-c")
    ahead = make_tenant("fl-tpl-d")
    run_sql(
        ahead, "INSERT INTO django_migrations (app, name, applied) VALUES ('ledger', '9999_future', now())"
    )

    output, error = run("--check")

    assert error is not None
    report = output[output.index("differ from the majority") :]
    rows = {line.split()[0]: line for line in report.splitlines()[2:] if line.strip()}
    assert "template" in rows["fl-tpl-a"] and "code (behind)" in rows["fl-tpl-a"]
    assert "template" in rows["fl-tpl-b"]
    assert "majority" in rows["fl-tpl-c"] and "template" not in rows["fl-tpl-c"]
    assert "code (ahead)" in rows["fl-tpl-d"]
    assert current.slug in rows


def test_fail_fast_stops_at_the_first_failure(make_tenant):
    make_tenant("fl-ff-a", database=None)  # fails first: its database is gone
    later = make_behind(make_tenant, "fl-ff-b", "fl-ff-c")

    output, error = run("--fail-fast", "-v", "2")

    assert error is not None
    assert "3 tenants: 0 migrated, 0 up to date, 1 failed, 2 not attempted" in output
    assert line_of(output, "fl-ff-b") == "fl-ff-b: skipped not attempted (--fail-fast)"
    assert not any(is_up_to_date(c) for c in later)


def test_server_selects_the_companies_of_one_server(make_tenant):
    down = DatabaseServerFactory.create(name="fl-down")
    (here,) = make_behind(make_tenant, "fl-srv-here")
    make_tenant("fl-srv-far", database=None, server=down)

    output, error = run("--server", "default", "-v", "2")

    assert error is None
    assert "1 tenants: 1 migrated" in output
    assert "fl-srv-far" not in output
    assert is_up_to_date(here)
    with pytest.raises(CommandError, match="Unknown server 'nowhere'"):
        call_command("migrate_all_tenants", "--server", "nowhere")


def test_a_second_fleet_run_stops_at_once_with_fleet_busy(make_tenant):
    (behind,) = make_behind(make_tenant, "fl-lock-a")

    with lock_held_elsewhere(FLEET_LOCK):
        with pytest.raises(FleetBusy) as info:
            migrate_fleet([behind])
        _, error = run("--jobs", "2")
        _, check_error = run("--check")  # read-only: not blocked by a running migration

    assert info.value.code == "fleet_busy"
    assert error is not None
    assert str(error) == "Another process is running fleet:migrate; try again when it ends."
    assert check_error is not None and "fl-lock-a" in str(check_error)
    assert not is_up_to_date(behind)


def test_a_run_killed_with_sigkill_midway_is_finished_by_running_it_again(make_tenant, backups):
    fleet = make_behind(make_tenant, *(f"fl-kill-{i:02}" for i in range(20)))
    process = manage_py("migrate_all_tenants", "--jobs", "2", env={"PYLEDGER_BACKUP_DIR": str(backups)})
    migrated = 0
    deadline = time.monotonic() + 60
    assert process.stdout is not None
    while migrated < 3 and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        migrated += ": migrated" in line

    workers = child_pids(process.pid)
    assert len(workers) == 2 or not Path("/proc").exists()
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    process.stdout.close()

    assert migrated == 3
    deadline = time.monotonic() + 10  # the workers die with their parent, and their sessions end
    while (sessions_on("test_tenant_fl_kill") or any(map(alive, workers))) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(alive, workers))
    assert sessions_on("test_tenant_fl_kill") == 0
    done = [c for c in fleet if is_up_to_date(c)]
    assert 3 <= len(done) < len(fleet)

    output, error = run("--jobs", "2")

    assert error is None, output
    assert f"20 tenants: {20 - len(done)} migrated, {len(done)} up to date, 0 failed" in output
    assert all(is_up_to_date(c) for c in fleet)


def descendants(pid: int) -> list[int]:
    found = []
    for child in child_pids(pid):
        found += [child, *descendants(child)]
    return found


def command_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except FileNotFoundError:
        return ""


def pg_dump_sessions(prefix: str) -> int:
    with psycopg.connect(**conninfo(None), autocommit=True) as conn:
        (count,) = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pg_dump' AND datname LIKE %s",
            [prefix.replace("_", r"\_") + "%"],
        ).fetchone()  # type: ignore[misc]
    return int(count)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc")
def test_killing_the_parent_ends_its_workers_and_their_pg_dump_at_once(make_tenant, backups):
    fleet = make_behind(make_tenant, "fl-orphan-a", "fl-orphan-b", snapshot=True)
    with ExitStack() as stack:
        # pg_dump (the snapshot before the destructive migration) waits on these locks: a dump that
        # would take long, so an orphaned one would still be running when checked.
        for company in fleet:
            blocker = stack.enter_context(psycopg.connect(**conninfo(None, company.db_name)))
            blocker.execute("LOCK TABLE ledger_account IN ACCESS EXCLUSIVE MODE")
        process = manage_py("migrate_all_tenants", "--jobs", "2", env={"PYLEDGER_BACKUP_DIR": str(backups)})
        deadline = time.monotonic() + 60
        tree: list[int] = []
        while time.monotonic() < deadline:
            tree = descendants(process.pid)
            if sum("pg_dump" in command_of(pid) for pid in tree) == 2:
                break
            time.sleep(0.05)
        assert sum("pg_dump" in command_of(pid) for pid in tree) == 2

        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        killed = time.monotonic()
        while any(map(alive, tree)) and time.monotonic() < killed + 1:
            time.sleep(0.02)

        assert [command_of(pid) for pid in tree if alive(pid)] == []
    # A session waiting for a lock notices its client is gone once it gets the lock.
    released = time.monotonic()
    while pg_dump_sessions("test_tenant_fl_orphan") and time.monotonic() < released + 2:
        time.sleep(0.02)
    assert pg_dump_sessions("test_tenant_fl_orphan") == 0
    assert process.stdout is not None
    process.stdout.close()


def test_workers_started_with_spawn_set_django_up_on_the_same_databases(make_tenant, monkeypatch, backups):
    (behind,) = make_behind(make_tenant, "fl-spawn-a")
    current = make_tenant("fl-spawn-b")
    # A spawned worker imports the test settings afresh: point them at this session's databases
    # (and its snapshots at the throwaway folder, since override_settings stays in this process).
    monkeypatch.setenv("TEST_DATABASE_URL", subprocess_database_url())
    monkeypatch.setenv("PYLEDGER_BACKUP_DIR", str(backups))

    results = run_fleet([behind, current], action="migrate", jobs=2, method="spawn")

    assert [(r.slug, r.outcome) for r in results] == [
        ("fl-spawn-a", "migrated"),
        ("fl-spawn-b", "up-to-date"),
    ]
    assert is_up_to_date(behind)
