"""Dumps hold a company's books: backups, snapshots, their manifests and the partial files pg_dump
is still writing are readable by the owner only (0600, folders 0700), whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from tenants.lifecycle import backups, snapshots
from tenants.lifecycle.backups import backup_company, manifest_path
from tenants.lifecycle.snapshots import pg_tool, take_snapshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]  # pg_dump subprocesses


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def loose_umask() -> Iterator[None]:
    """The usual umask of a service account: files 0644, folders 0755 unless told otherwise."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def backup_root(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "srv" / "backups"  # neither exists yet
    with override_settings(PYLEDGER_BACKUP_DIR=root):
        yield root


@pytest.fixture
def partial_modes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[str]]:
    """Modes of the files pg_dump wrote, seen the moment it finishes, before they are renamed."""
    seen = tmp_path / "modes"
    wrapper = tmp_path / "pg_dump"
    wrapper.write_text(
        "#!/bin/sh\n"
        f'"{pg_tool("pg_dump")}" "$@" || exit $?\n'
        'for arg in "$@"; do case "$arg" in --file=*) '
        f'stat -c %a "${{arg#--file=}}" >> "{seen}";; esac; done\n'
    )
    wrapper.chmod(0o700)
    monkeypatch.setattr(snapshots, "pg_tool", lambda name: str(wrapper))
    monkeypatch.setattr(backups, "pg_tool", lambda name: str(wrapper))
    return lambda: seen.read_text().split()


def test_a_snapshot_is_private_while_written_and_after(make_tenant, backup_root, partial_modes):
    company = make_tenant("perm-snap")

    path = take_snapshot(company, reason="check")

    assert partial_modes() == ["600"]
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700  # the company's folder
    assert mode(backup_root) == 0o700  # created for it


def test_a_backup_and_its_manifest_are_private_while_written_and_after(
    make_tenant, backup_root, partial_modes
):
    company = make_tenant("perm-backup")
    older = backup_root / "perm-backup"
    older.mkdir(parents=True, mode=0o755)  # left by an older release
    older.chmod(0o755)

    backup = backup_company(company)

    assert partial_modes() == ["600"]
    assert mode(backup.path) == mode(manifest_path(backup.path)) == 0o600
    assert mode(older) == 0o700


def test_a_backup_written_where_output_says_is_private_but_leaves_that_folder_alone(
    make_tenant, tmp_path, partial_modes
):
    company = make_tenant("perm-output")
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)

    backup = backup_company(company, output=shared / "new" / "perm.backup")

    assert partial_modes() == ["600"]
    assert mode(backup.path) == mode(manifest_path(backup.path)) == 0o600
    assert mode(shared / "new") == 0o700
    assert mode(shared) == 0o755
