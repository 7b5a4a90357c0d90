"""Tenant reads and writes through pgbouncer in transaction pooling mode (as in production).

Needs the `pgbouncer` binary (Debian: `apt-get install pgbouncer`); skipped without it.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connections
from pytest_django import DjangoDbBlocker

from common.models import DatabaseServer
from ledger.models import Account
from tenants.routing.context import tenant_context
from tenants.routing.db import tenant_atomic

PGBOUNCER = shutil.which("pgbouncer") or next(
    (p for p in ("/usr/sbin/pgbouncer", "/usr/local/sbin/pgbouncer") if os.access(p, os.X_OK)), None
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(PGBOUNCER is None, reason="pgbouncer is not installed (apt-get install pgbouncer)"),
    pytest.mark.django_db(transaction=True),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


CONFIG = """\
[databases]
; Fallback entry: any database name is forwarded to the server, so tenants created at run time
; need no configuration change.
* = host={host} port={port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen}
unix_socket_dir =
auth_type = trust
auth_file = {folder}/userlist.txt
admin_users = {user}
pool_mode = transaction
default_pool_size = 4
max_client_conn = 200
server_reset_query =
ignore_startup_parameters = extra_float_digits,options
logfile = {folder}/pgbouncer.log
pidfile = {folder}/pgbouncer.pid
"""


@pytest.fixture(scope="module")
def pgbouncer(django_db_blocker: DjangoDbBlocker) -> Iterator[int]:
    """pgbouncer in transaction mode in front of the test server, on a free localhost port."""
    default = connections["default"].settings_dict
    folder = Path(tempfile.mkdtemp(prefix="pyledger-pgbouncer-"))
    port = free_port()
    user = default["USER"] or "postgres"
    (folder / "userlist.txt").write_text(f'"{user}" ""\n')
    (folder / "pgbouncer.ini").write_text(
        CONFIG.format(
            host=default["HOST"], port=default["PORT"] or 5432, listen=port, folder=folder, user=user
        )
    )
    command = [str(PGBOUNCER), str(folder / "pgbouncer.ini")]
    if os.geteuid() == 0:
        # pgbouncer refuses to run as root: -u drops to the user that owns the server's socket
        # folder (the embedded server's own user), who can reach the socket.
        host = str(default["HOST"] or "")
        runner = pwd.getpwuid(Path(host).stat().st_uid).pw_name if host.startswith("/") else "nobody"
        shutil.chown(folder, runner)
        for path in folder.iterdir():
            shutil.chown(path, runner)
        command[1:1] = ["-u", runner]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(port, process, folder)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def _wait_for(port: int, process: subprocess.Popen[bytes], folder: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (folder / "pgbouncer.log").read_text() if (folder / "pgbouncer.log").exists() else ""
            raise RuntimeError(
                f"pgbouncer exited: {process.stderr.read().decode() if process.stderr else ''}{log}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("pgbouncer did not start listening within 10 s")


def transactions_through(port: int, db_name: str) -> int:
    """Transactions pgbouncer has passed to `db_name`, from its admin console."""
    user = connections["default"].settings_dict["USER"] or "postgres"
    with psycopg.connect(host="127.0.0.1", port=port, user=user, dbname="pgbouncer", autocommit=True) as conn:
        cursor = conn.cursor()
        cursor.execute("SHOW STATS")
        columns = [c.name for c in cursor.description or []]
        for row in cursor.fetchall():
            stats = dict(zip(columns, row, strict=True))
            if stats["database"] == db_name:
                return int(stats["total_xact_count"])
    return 0


@pytest.fixture
def behind_pgbouncer(pgbouncer, make_tenant, monkeypatch):
    """A company whose server row points at pgbouncer, with server-side cursors off (as the
    DISABLE_SERVER_SIDE_CURSORS setting does for every alias in production)."""
    monkeypatch.setitem(connections.settings["default"], "DISABLE_SERVER_SIDE_CURSORS", True)
    server = DatabaseServer.objects.create(
        name="bouncer", host="127.0.0.1", port=pgbouncer, user=connections["default"].settings_dict["USER"]
    )
    company = make_tenant("lc-pgb")
    company.server = server
    company.save()
    return company


def test_tenant_reads_and_writes_go_through_pgbouncer_in_transaction_mode(behind_pgbouncer, pgbouncer):
    company = behind_pgbouncer

    with tenant_context(company) as tenant:
        settings = connections[tenant.alias].settings_dict
        assert (settings["HOST"], str(settings["PORT"])) == ("127.0.0.1", str(pgbouncer))
        assert settings["DISABLE_SERVER_SIDE_CURSORS"] is True
        with tenant_atomic():
            for code in ("1000", "1100", "1200", "1300", "1400"):
                Account.objects.create(code=code, name=f"Account {code}", type=Account.Type.ASSET)
        with pytest.raises(RuntimeError), tenant_atomic():
            Account.objects.create(code="9999", name="Rolled back", type=Account.Type.ASSET)
            raise RuntimeError("roll back")
        # A chunked read: a server-side cursor would not survive the end of pgbouncer's transaction.
        streamed = [a.code for a in Account.objects.order_by("code").iterator(chunk_size=2)]
        with tenant_atomic(), connections[tenant.alias].cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = '5s'")  # SET LOCAL: this transaction only
            cursor.execute("SHOW statement_timeout")
            (inside,) = cursor.fetchone()

    assert streamed == ["1000", "1100", "1200", "1300", "1400"]
    assert inside == "5s"
    assert transactions_through(pgbouncer, company.db_name) > 0


def test_many_short_sessions_share_pgbouncer_pool(behind_pgbouncer, pgbouncer):
    for i in range(30):
        with tenant_context(behind_pgbouncer) as tenant:
            Account.objects.create(code=f"5{i:03}", name="x", type=Account.Type.EXPENSE)
        connections[tenant.alias].close()

    with tenant_context(behind_pgbouncer):
        assert Account.objects.filter(code__startswith="5").count() == 30
