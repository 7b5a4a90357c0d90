"""Helpers for the fleet, snapshot and check_migrations tests: real pending work, swapped
migration packages, running manage.py against the test database."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import override_settings

from common.models import Company
from tenants.lifecycle.provisioning import conninfo, create_database
from tenants.migrating.migrate import (
    Migration,
    clear_code_caches,
    code_order,
    destructive,
    ensure_template,
    migration_state,
)
from tenants.routing.connections import register_company, unregister

PROJECT_DIR = Path(settings.BASE_DIR)


def last_migration() -> Migration:
    return code_order()[-1]


def last_destructive_migration() -> Migration:
    return [m for m in code_order() if destructive(m)][-1]


def previous_target(migration: Migration) -> str:
    """The migration before `migration` in its app, or "zero"."""
    chain = [name for app, name in code_order() if app == migration[0]]
    index = chain.index(migration[1])
    return chain[index - 1] if index else "zero"


def migrate_to(company: Company, app: str, target: str) -> None:
    alias = register_company(company)
    try:
        call_command("migrate", app, target, database=alias, interactive=False, verbosity=0)
    finally:
        unregister(alias)


def is_up_to_date(company: Company) -> bool:
    alias = register_company(company)
    try:
        return migration_state(alias).up_to_date
    finally:
        unregister(alias)


def make_behind(make_tenant: Callable[..., Company], *slugs: str, snapshot: bool = False) -> list[Company]:
    """Companies whose databases miss the newest tenant migration (real work for migrate), or with
    `snapshot` the newest one that takes a snapshot first (and what depends on it).

    The first is cloned from the template and rolled back one migration; the others are copies of
    it (a copy costs ~0.1 s, a roll-back a Django migrate).
    """
    first = make_tenant(slugs[0])
    app, _ = last = last_destructive_migration() if snapshot else last_migration()
    migrate_to(first, app, previous_target(last))
    made = [first]
    for slug in slugs[1:]:
        company = make_tenant(slug, database=None)
        create_database(None, company.db_name, template=first.db_name)
        made.append(company)
    return made


@contextmanager
def swapped_migrations(package: str, *, rebuild_template: bool = True) -> Iterator[None]:
    """Read the ledger migrations from tenants.tests.migration_probes.<package> for the block.

    The cached migration files are forgotten on the way in and out; the template is brought back
    to the real migrations afterwards (rebuilt if the block changed it).
    """
    modules: dict[str, str | None] = {"ledger": f"tenants.tests.migration_probes.{package}"}
    if package == "lint":
        # `lint` replaces the ledger's history: apps built on the real one have nothing to build on.
        modules |= {app: None for app in settings.PYLEDGER_TENANT_APPS if app != "ledger"}
    clear_code_caches()
    try:
        with override_settings(MIGRATION_MODULES=modules):
            yield
    finally:
        clear_code_caches()
        if rebuild_template:
            ensure_template(None)


def subprocess_database_url(name: str | None = None) -> str:
    """A URL for manage.py in a subprocess: this test session's common database, or database
    `name` on the same server."""
    s = connections["default"].settings_dict
    name = name or s["NAME"]
    user = quote(s["USER"] or "", safe="")
    password = f":{quote(s['PASSWORD'], safe='')}" if s.get("PASSWORD") else ""
    host, port = s.get("HOST") or "", s.get("PORT") or ""
    if host.startswith("/"):
        return f"postgres://{user}{password}@/{name}?host={quote(host, safe='/')}" + (
            f"&port={port}" if port else ""
        )
    return f"postgres://{user}{password}@{host}{':' + str(port) if port else ''}/{name}"


def manage_py(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start `manage.py <args>` on the test databases, unbuffered, stdout and stderr piped."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pyledger_project.settings.test",
        "TEST_DATABASE_URL": subprocess_database_url(),
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    return subprocess.Popen(
        [sys.executable, str(PROJECT_DIR / "manage.py"), *args],
        cwd=PROJECT_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def sessions_on(prefix: str) -> int:
    """Open sessions on databases whose name starts with `prefix` (other than this one)."""
    with psycopg.connect(**conninfo(None), autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname LIKE %s AND pid <> pg_backend_pid()",
            [prefix.replace("_", r"\_") + "%"],
        ).fetchone()
    return int(row[0]) if row else 0
