"""The test session's common database: a copy of a migrated template, which outlives the session.

Migrating the common database from nothing (every app's migrations, about 120) took 4-6 s at the
start of each test session, and of each pytest-xdist worker. The template is migrated once and
marked with a fingerprint of what its migrations read; each session clones it, and a template of
other migrations is rebuilt. The tenants' template works the same way (tenants.migrating.migrate).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.creation import TEST_DATABASE_PREFIX
from psycopg import sql

from tenants.lifecycle.provisioning import create_database, drop_database, maintenance_connection
from tenants.locks import lock_key
from tenants.migrating.migrate import migration_folders

FINGERPRINT_PREFIX = "pyledger-common-template:"


def session_database() -> str:
    """The common test database's name, as Django names it (pytest-xdist adds the worker's id)."""
    settings_dict = connections[DEFAULT_DB_ALIAS].settings_dict
    return str(settings_dict["TEST"].get("NAME") or TEST_DATABASE_PREFIX + settings_dict["NAME"])


def template_database() -> str:
    """One template per server, shared by the workers that use it."""
    return f"{TEST_DATABASE_PREFIX}{connections[DEFAULT_DB_ALIAS].settings_dict['NAME']}_template"


def fingerprint() -> str:
    """Digest of Django's version, every app's migration files, and the project apps' `sql/` and
    `data/` files (the data migrations load currencies from common/data)."""
    digest = hashlib.sha256(django.get_version().encode())
    project = Path(settings.BASE_DIR).resolve()
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        files = sorted(path for folder in migration_folders(config.label) for path in folder.glob("*.py"))
        root = Path(config.path).resolve()
        if root.is_relative_to(project):
            files += sorted(root.glob("sql/*.sql")) + sorted(p for p in root.glob("data/*") if p.is_file())
        for path in files:
            digest.update(f"{config.label}/{path.name}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def clone_session_database(*, rebuild: bool = False) -> None:
    """Make the common test database a fresh copy of the template, rebuilding the template first
    when its fingerprint is not the code's (or `rebuild`). Workers that share a server wait for
    one another here."""
    template, wanted = template_database(), fingerprint()
    with maintenance_connection(None) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", [lock_key(f"test-template:{template}")])
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [template]
        ).fetchone()
        if rebuild or row is None or row[0] != FINGERPRINT_PREFIX + wanted:
            drop_database(None, template)
            create_database(None, template)
            with _default_on(template):
                call_command("migrate", verbosity=0, interactive=False, run_syncdb=True)
            comment = sql.SQL("COMMENT ON DATABASE {} IS {}")
            conn.execute(comment.format(sql.Identifier(template), sql.Literal(FINGERPRINT_PREFIX + wanted)))
        drop_database(None, session_database())
        create_database(None, session_database(), template=template)


def drop_session_database() -> None:
    connections[DEFAULT_DB_ALIAS].close()
    drop_database(None, session_database())


@contextmanager
def _default_on(name: str) -> Iterator[None]:
    """Point the default alias at database `name` for the block, as Django's test set-up does."""
    connection = connections[DEFAULT_DB_ALIAS]
    before = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()  # cloning needs the template to have no session left
        connection.settings_dict["NAME"] = before
