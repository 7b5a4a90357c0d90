"""Create and drop tenant databases on their PostgreSQL server.

DDL cannot run inside a transaction, so this module talks to the server's `postgres` maintenance
database on its own autocommit psycopg connection. Identifiers are validated slugs and are always
quoted with `psycopg.sql.Identifier`, never formatted into SQL text.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from django.conf import settings
from psycopg import sql

from common.errors import first_line
from common.models import SLUG_PATTERN, DatabaseServer
from pyledger_project.server_logs import QUIET_LOG_SETTINGS

from ..errors import InvalidSlug, ProvisioningError, ServerUnavailable
from ..routing.connections import server_settings

RESERVED_SLUGS = frozenset(
    {
        "admin", "api", "app", "common", "default", "postgres", "public", "root", "static",
        "system", "t", "template", "template0", "template1", "tenant", "tenants", "test", "www",
    }
)  # fmt: skip
MAX_SLUG_LENGTH = 40
MAX_IDENTIFIER_BYTES = 63  # PostgreSQL silently truncates longer names: refuse them instead


def validate_slug(slug: str) -> str:
    """Return `slug` if it can name a company and a database; raise InvalidSlug saying why."""
    if not slug:
        raise InvalidSlug("A company slug cannot be empty.")
    if len(slug) > MAX_SLUG_LENGTH:
        raise InvalidSlug(f"Slug {slug[:50]!r} is longer than {MAX_SLUG_LENGTH} characters.")
    if slug != slug.lower():
        raise InvalidSlug(f"Slug {slug!r} has upper-case letters; use lower case.")
    if not re.fullmatch(SLUG_PATTERN, slug):
        raise InvalidSlug(
            f"Slug {slug!r} is not allowed: use lower-case letters, digits and hyphens, "
            "starting with a letter and not ending with a hyphen."
        )
    if slug in RESERVED_SLUGS or slug.startswith("template"):
        raise InvalidSlug(f"Slug {slug!r} is reserved.")
    return slug


def database_name(slug: str) -> str:
    return str(settings.PYLEDGER_TENANT_DB_PREFIX) + validate_slug(slug).replace("-", "_")


def template_name() -> str:
    return str(settings.PYLEDGER_TENANT_DB_PREFIX) + "template"


def conninfo(server: DatabaseServer | None, dbname: str = "postgres") -> dict[str, Any]:
    """psycopg.connect() keywords for a database on `server` (its `postgres` database by default)."""
    s = server_settings(server)
    params: dict[str, Any] = {
        "dbname": dbname,
        "host": s.get("HOST") or None,
        "port": s.get("PORT") or None,
        "user": s.get("USER") or None,
        "password": s.get("PASSWORD") or None,
        "connect_timeout": 5,
    }
    params.update({k: v for k, v in (s.get("OPTIONS") or {}).items() if k in {"sslmode", "sslrootcert"}})
    return {k: v for k, v in params.items() if v is not None}


def server_label(server: DatabaseServer | None) -> str:
    return server.name if server is not None else "default"


@contextmanager
def maintenance_connection(server: DatabaseServer | None) -> Iterator[psycopg.Connection[Any]]:
    """An autocommit connection to the server's `postgres` database; ServerUnavailable if down."""
    try:
        conn = psycopg.connect(**conninfo(server), autocommit=True)
    except psycopg.OperationalError as exc:
        # The first line names host and port, never the password.
        raise ServerUnavailable(
            f"Database server {server_label(server)!r} is unreachable: {first_line(exc)}"
        ) from None
    with conn:
        yield conn


def database_exists(server: DatabaseServer | None, name: str) -> bool:
    with maintenance_connection(server) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def create_database(server: DatabaseServer | None, name: str, *, template: str | None = None) -> bool:
    """Create database `name` (a copy of `template` if given); return False if it already existed.

    Cloning needs the template to have no other sessions; a brief retry covers a session that is
    just closing. Either way the database gets the quiet logging settings (a copy does not inherit
    its template's).
    """
    for identifier in (name, template or ""):
        if len(identifier.encode()) > MAX_IDENTIFIER_BYTES:
            raise ProvisioningError(
                f"Database name {identifier[:70]!r} is longer than {MAX_IDENTIFIER_BYTES} bytes."
            )
    with maintenance_connection(server) as conn:
        created = _create(conn, name, template=template)
        quiet_logs(conn, name)
    return created


def quiet_logs(conn: psycopg.Connection[Any], name: str) -> None:
    """Keep statements and rows of database `name` out of the server's log (server_logs.py), unless
    PYLEDGER_QUIET_DATABASE_LOGS is off. ProvisioningError if the role may not set them."""
    if not settings.PYLEDGER_QUIET_DATABASE_LOGS:
        return
    for parameter, value in QUIET_LOG_SETTINGS.items():
        statement = sql.SQL("ALTER DATABASE {} SET {} = {}").format(
            sql.Identifier(name), sql.Identifier(parameter), sql.Literal(value)
        )
        try:
            conn.execute(statement)
        except psycopg.errors.InsufficientPrivilege:
            raise ProvisioningError(
                f"Cannot set {parameter} on database {name!r}: the role is not allowed to. Run "
                f"`GRANT SET ON PARAMETER {parameter} TO <role>` as a superuser (PostgreSQL 15+), or "
                "set PYLEDGER_QUIET_DATABASE_LOGS=false if the server's configuration does it."
            ) from None
        except psycopg.Error as exc:
            raise ProvisioningError(
                f"Cannot set {parameter} on database {name!r}: {first_line(exc)}"
            ) from None


def _create(conn: psycopg.Connection[Any], name: str, *, template: str | None) -> bool:
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(template)
        )
    for attempt in range(20):
        try:
            conn.execute(statement)
            return True
        except psycopg.errors.DuplicateDatabase:
            return False
        except psycopg.errors.InvalidCatalogName:
            raise ProvisioningError(f"Template database {template!r} does not exist.") from None
        except psycopg.errors.ObjectInUse as exc:
            if attempt == 19:
                raise ProvisioningError(f"Template {template!r} stays in use: {first_line(exc)}") from None
            time.sleep(0.1)
        except psycopg.Error as exc:  # no CREATEDB right, disk full, ...: one line, no traceback
            raise ProvisioningError(f"Cannot create database {name!r}: {first_line(exc)}") from None
    return False  # pragma: no cover (loop always returns or raises)


def drop_database(server: DatabaseServer | None, name: str) -> bool:
    """Drop database `name`, ending its sessions; return False if it did not exist."""
    with maintenance_connection(server) as conn:
        try:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        except psycopg.errors.InvalidCatalogName:
            return False
        except psycopg.Error as exc:
            raise ProvisioningError(f"Cannot drop database {name!r}: {first_line(exc)}") from None
    return True
