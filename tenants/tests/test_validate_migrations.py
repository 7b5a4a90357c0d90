"""The release's migration validation (.ci/validate-migrations), run here as CI runs it: a fresh
common database and fleet on the test server, in a subprocess, then everything dropped."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from psycopg import sql

from tenants.lifecycle.provisioning import maintenance_connection
from tenants.tests.migration_support import PROJECT_DIR, subprocess_database_url

pytestmark = pytest.mark.slow

SCRIPT = PROJECT_DIR / ".ci" / "validate-migrations"


def drop_databases(prefix: str) -> None:
    with maintenance_connection(None) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE left(datname, %s) = %s", [len(prefix), prefix]
        ).fetchall()
        for (name,) in rows:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.mark.django_db
def test_the_migration_validation_passes_on_a_fresh_fleet(tmp_path: Path) -> None:
    prefix = f"test_vm_{secrets.token_hex(3)}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pyledger_project.settings.dev",
        "DATABASE_URL": subprocess_database_url(prefix),
        "PYLEDGER_TENANT_DB_PREFIX": f"{prefix}_",
        "PYLEDGER_BACKUP_DIR": str(tmp_path),
        "PYTHON": sys.executable,
    }
    try:
        first = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=600)
    finally:
        drop_databases(prefix)

    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert f"created {prefix}" in first.stdout
    assert "acme: ok (6 steps, rolled back)" in first.stdout
    # One ledger migration back, and the migrations of the apps built on it with it.
    assert re.search(r"acme: migrated \(unapplied \d+, now at ledger\.", first.stdout)
    assert "1 of 2 tenants are not up to date: acme" in first.stderr
    assert "== migration validation passed" in first.stdout
    assert " foo " not in first.stdout  # acme is the one behind, not foo (no majority on a tie)
