"""Backups of tenant databases: pg_dump custom format plus a JSON manifest, and their restore.

The manifest (`<backup>.json`, next to the dump) records what the dump holds: the row count of
every table of the tenant apps, the totals named by PYLEDGER_TENANT_TOTALS (the trial balance) and
each fiscal year's hash-chain head (PYLEDGER_TENANT_CHAIN). All are read in the very snapshot that
pg_dump dumps (`pg_export_snapshot` + `--snapshot`), so a company in use while it is backed up
still gets a manifest that matches its dump exactly, and a restored copy is verified against it.
The heads are also checkpointed in the common database (common.ChainCheckpoint), where a superuser
of the company's database cannot rewrite them.

Backups are `<slug>-<UTC time>-<reason>.backup` in PYLEDGER_BACKUP_DIR/<slug>/. They are kept
until an operator deletes them: unlike the pre-migration snapshots (`*.dump` in the same folder,
see tenants/lifecycle/snapshots.py), nothing prunes them.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.utils.module_loading import import_string
from psycopg import sql

from common.checkpoints import Head, record_heads
from common.models import ChainCheckpoint, Company, DatabaseServer

from ..errors import BackupError
from ..lifetime import child_dies_with_us
from .provisioning import conninfo, server_label
from .snapshots import (
    PRIVATE_UMASK,
    pg_tool,
    private_dir,
    prune_partials,
    tenant_dir,
    tool_environment,
    write_private,
)

SUFFIX = ".backup"
MANIFEST_FORMAT = 1


@dataclass(frozen=True)
class Census:
    """What a tenant database holds, in numbers a copy must reproduce exactly."""

    tables: dict[str, int]
    totals: dict[str, str] = field(default_factory=dict)
    chain: list[Head] | None = None  # None: a manifest written before heads were recorded

    def differences(self, other: Census) -> list[str]:
        """Human-readable differences from `other` (the expected census); empty when equal."""
        found = []
        for name in sorted(set(self.tables) | set(other.tables)):
            mine, theirs = self.tables.get(name), other.tables.get(name)
            if mine != theirs:
                found.append(f"{name}: {mine if mine is not None else 'missing'} rows, expected {theirs}")
        for name in sorted(set(self.totals) | set(other.totals)):
            if self.totals.get(name) != other.totals.get(name):
                found.append(f"{name}: {self.totals.get(name)}, expected {other.totals.get(name)}")
        if other.chain is not None:  # the hash-chain head of each fiscal year
            copy, backup = _heads(self.chain or []), _heads(other.chain)
            for year in sorted(set(copy) | set(backup)):
                if copy.get(year) != backup.get(year):
                    found.append(
                        f"{year} chain head: {copy.get(year, 'none')}, expected {backup.get(year, 'none')}"
                    )
        return found


def _heads(chain: list[Head]) -> dict[str, str]:
    return {h["fiscal_year"]: f"no. {h['last_number']} ({h['head_hash'][:12]})" for h in chain}


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict[str, Any]

    @property
    def census(self) -> Census:
        return Census(
            tables=self.manifest["tables"], totals=self.manifest["totals"], chain=self.manifest.get("chain")
        )

    @property
    def chain(self) -> list[Head]:
        """Each fiscal year's chain head (none in a manifest written before they were recorded)."""
        return list(self.manifest.get("chain") or [])

    @property
    def slug(self) -> str:
        return str(self.manifest["slug"])


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def take_census(conn: psycopg.Connection[Any]) -> Census:
    """Count the rows of every table of the tenant apps (found in information_schema, so a table
    added or removed by a migration is simply part of the census) and read the book totals."""
    tables: dict[str, int] = {}
    for label in settings.PYLEDGER_TENANT_APPS:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "AND table_type = 'BASE TABLE' AND table_name LIKE %s ORDER BY table_name",
            [label.replace("_", r"\_") + r"\_%"],
        ).fetchall()
        for (table,) in rows:
            row = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()
            assert row is not None
            tables[table] = int(row[0])
    totals_of: Callable[[psycopg.Connection[Any]], dict[str, str]] = import_string(
        settings.PYLEDGER_TENANT_TOTALS
    )
    chain_of: Callable[[psycopg.Connection[Any]], list[Head]] = import_string(settings.PYLEDGER_TENANT_CHAIN)
    return Census(tables=tables, totals=totals_of(conn), chain=chain_of(conn))


def census_of(server: DatabaseServer | None, db_name: str) -> Census:
    """The census of a database now (read-only transaction on a direct connection)."""
    with psycopg.connect(**conninfo(server, db_name)) as conn:
        conn.read_only = True
        try:
            return take_census(conn)
        finally:
            conn.rollback()


def _run(tool: str, args: list[str], params: dict[str, Any]) -> None:
    """Run a PostgreSQL client tool with the connection in its environment (password included)."""
    try:
        done = subprocess.run(  # noqa: S603 (fixed argument list, no shell)
            [pg_tool(tool), *args],
            env=tool_environment(params),
            capture_output=True,
            text=True,
            check=False,
            umask=PRIVATE_UMASK,  # a dump is 0600 from its first byte, not once complete
            preexec_fn=child_dies_with_us(),  # killed with this process (a fleet worker)
        )
    except OSError as exc:
        raise BackupError(f"Cannot run {tool}: {exc}") from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        detail = next((line for line in lines if "error" in line.lower()), lines[0] if lines else "")
        raise BackupError(f"{tool} failed: {detail or f'exit status {done.returncode}'}")


def dump_database(
    server: DatabaseServer | None, db_name: str, path: Path, *, own_folder: bool = True
) -> Census:
    """Dump a database to `path` (custom format) and return its census, read in the same snapshot.

    The dump is written under a temporary name and renamed when complete: a crash never leaves a
    truncated file under the final name. `own_folder`: the folder is pyledger's, set to 0700.
    """
    private_dir(path.parent, tighten=own_folder)
    partial = path.with_name(path.name + ".partial")
    params = conninfo(server, db_name)
    with psycopg.connect(**params) as conn:
        # pg_dump joins this transaction's snapshot: census and dump see exactly the same rows.
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        row = conn.execute("SELECT pg_export_snapshot()").fetchone()
        assert row is not None
        snapshot = row[0]
        census = take_census(conn)
        try:
            _run("pg_dump", ["--format=custom", f"--file={partial}", f"--snapshot={snapshot}"], params)
        except BackupError:
            partial.unlink(missing_ok=True)
            raise
        finally:
            conn.rollback()
    partial.replace(path)
    return census


def restore_database(server: DatabaseServer | None, db_name: str, path: Path) -> None:
    """Restore a custom-format dump into an existing, empty database, in one transaction.

    Owners and grants are not restored: the target server's role owns what it restores.
    """
    params = conninfo(server, db_name)
    args = ["--no-owner", "--no-acl", "--exit-on-error", "--single-transaction", f"--dbname={db_name}"]
    _run("pg_restore", [*args, str(path)], params)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def new_backup_path(company: Company, reason: str) -> Path:
    """A fresh `<slug>-<UTC time>-<reason>.backup` in the company's backup folder."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    tag = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")[:30] or "manual"
    return tenant_dir(company) / f"{company.slug}-{stamp}-{tag}{SUFFIX}"


def backup_company(company: Company, *, reason: str = "manual", output: Path | None = None) -> Backup:
    """Dump the company's database with its manifest; return both. BackupError if it fails."""
    path = (output or new_backup_path(company, reason)).resolve()
    if path.exists():
        raise BackupError(f"{path} already exists: choose another --output.")
    prune_partials(path.parent)  # what a killed earlier backup left behind
    census = dump_database(company.server, company.db_name, path, own_folder=output is None)
    manifest = {
        "format": MANIFEST_FORMAT,
        "slug": company.slug,
        "company": {
            "name": company.name,
            "base_currency": company.base_currency_id,
            "country": company.country,
        },
        "server": server_label(company.server),
        "db_name": company.db_name,
        "reason": reason,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "dump": path.name,
        "size": path.stat().st_size,
        "sha256": file_digest(path),
        "tables": census.tables,
        "totals": census.totals,
        "chain": census.chain,
    }
    meta = manifest_path(path)
    write_private(meta, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    record_heads(company, census.chain or [], reason=ChainCheckpoint.Reason.BACKUP)
    return Backup(path=path, manifest=manifest)


def load_backup(path: Path, *, check_digest: bool = True) -> Backup:
    """Read a backup and its manifest; BackupError if either is missing, unreadable or altered."""
    path = path.resolve()
    meta = manifest_path(path)
    if not path.is_file():
        raise BackupError(f"No backup file {path}.")
    if not meta.is_file():
        raise BackupError(
            f"No manifest {meta.name} next to {path.name}: a restore is verified against it "
            "(row counts and totals), so only backups made by backup_tenant can be restored."
        )
    try:
        manifest = json.loads(meta.read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"Cannot read {meta}: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError(f"{meta} is not a pyledger backup manifest (format {MANIFEST_FORMAT}).")
    if check_digest and file_digest(path) != manifest.get("sha256"):
        raise BackupError(f"{path.name} does not match its manifest (truncated or altered file).")
    return Backup(path=path, manifest=manifest)


def verify_copy(server: DatabaseServer | None, db_name: str, expected: Census) -> Census:
    """Census of a restored copy; BackupError naming the differences if it is not `expected`."""
    found = census_of(server, db_name)
    differences = found.differences(expected)
    if differences:
        shown = "; ".join(differences[:5]) + (
            f" (and {len(differences) - 5} more)" if len(differences) > 5 else ""
        )
        raise BackupError(f"The copy in {db_name!r} differs from the backup: {shown}")
    return found
