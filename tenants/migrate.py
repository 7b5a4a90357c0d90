"""Migrate tenant databases: state per tenant, one tenant, the whole fleet, the template.

A no-op `migrate` still costs ~0.1 s of Django's migration-state work, so the fast path compares
the tenant's `django_migrations` rows with the migration files once loaded per process and skips
tenants that are up to date.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from psycopg import sql

from common.models import Company, DatabaseServer

from .connections import (
    TEMPLATE_ALIAS,
    close_tenant_connections,
    register,
    register_company,
    release,
    unregister,
)
from .locks import advisory_lock
from .provisioning import create_database, drop_database, maintenance_connection, server_label, template_name

Migration = tuple[str, str]
FINGERPRINT_PREFIX = "pyledger-template:"


@lru_cache(maxsize=1)
def code_migrations() -> frozenset[Migration]:
    """The tenant apps' migrations present in the code."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return frozenset(key for key in loader.graph.nodes if key[0] in settings.PYLEDGER_TENANT_APPS)


def applied_migrations(alias: str) -> frozenset[Migration]:
    """The tenant apps' migrations recorded in a tenant database (empty for a new database)."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT to_regclass('django_migrations') IS NOT NULL")
        (has_table,) = cursor.fetchone()
        if not has_table:
            return frozenset()
        cursor.execute(
            "SELECT app, name FROM django_migrations WHERE app = ANY(%s)",
            [list(settings.PYLEDGER_TENANT_APPS)],
        )
        return frozenset((app, name) for app, name in cursor.fetchall())


@dataclass(frozen=True)
class MigrationState:
    applied: frozenset[Migration]
    pending: frozenset[Migration]
    unknown: frozenset[Migration]  # applied in the database but absent from the code: code is behind

    @property
    def up_to_date(self) -> bool:
        return not self.pending and not self.unknown

    def describe(self) -> str:
        if self.up_to_date:
            return "up to date"
        parts = []
        if self.pending:
            parts.append(f"{len(self.pending)} pending")
        if self.unknown:
            parts.append(f"{len(self.unknown)} unknown to the code")
        return ", ".join(parts)


def migration_state(alias: str) -> MigrationState:
    applied = applied_migrations(alias)
    code = code_migrations()
    return MigrationState(applied=applied, pending=code - applied, unknown=applied - code)


def migrate_alias(alias: str, *, verbosity: int = 0, stdout: IO[str] | None = None) -> None:
    """Run Django's migrate for the tenant apps on one tenant alias."""
    for app in settings.PYLEDGER_TENANT_APPS:
        call_command("migrate", app, database=alias, interactive=False, verbosity=verbosity, stdout=stdout)


def template_alias(server: DatabaseServer | None) -> str:
    return TEMPLATE_ALIAS if server is None else f"{TEMPLATE_ALIAS}@{server.name}"


def template_lock_name(server: DatabaseServer | None) -> str:
    """The advisory lock that guards a server's template (migrating it, cloning it)."""
    return f"template:{server_label(server)}"


def ensure_template(server: DatabaseServer | None) -> bool:
    """Create or bring the server's template database to head; return True if it changed.

    The template's alias is unregistered afterwards: cloning needs it to have no open session.
    """
    name = template_name()
    fingerprint = code_fingerprint()
    with advisory_lock(template_lock_name(server), wait=True):
        stored = template_fingerprint(server)
        if stored not in (None, fingerprint):
            # Same migration names, other contents (an edited unreleased migration): the
            # template holds no customer data, so rebuild it rather than clone stale schema.
            drop_database(server, name)
        changed = create_database(server, name)
        alias = register(template_alias(server), name, server)
        try:
            if not migration_state(alias).up_to_date:
                migrate_alias(alias)
                changed = True
        finally:
            unregister(alias)
        if changed or stored is None:
            set_template_fingerprint(server, fingerprint)
    return changed


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Digest of the tenant apps' migration files and the SQL files they load."""
    digest = hashlib.sha256()
    for label in settings.PYLEDGER_TENANT_APPS:
        root = Path(apps.get_app_config(label).path)
        for path in sorted([*root.glob("migrations/*.py"), *root.glob("sql/*.sql")]):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def template_fingerprint(server: DatabaseServer | None) -> str | None:
    """The fingerprint stored on the template database; None if it has none or does not exist."""
    with maintenance_connection(server) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [template_name()],
        ).fetchone()
    comment = row[0] if row else None
    if not comment or not comment.startswith(FINGERPRINT_PREFIX):
        return None
    return str(comment.removeprefix(FINGERPRINT_PREFIX))


def set_template_fingerprint(server: DatabaseServer | None, fingerprint: str) -> None:
    with maintenance_connection(server) as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(template_name()), sql.Literal(FINGERPRINT_PREFIX + fingerprint)
            )
        )


@dataclass
class TenantResult:
    slug: str
    outcome: str  # "up-to-date" | "migrated" | "failed"
    detail: str = ""
    # The tenant migrations recorded in its database after the run; None when it was unreadable.
    applied: frozenset[Migration] | None = None
    template: bool = False  # the result of refreshing a server's template, not of a tenant


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__


def _applied_or_none(alias: str) -> frozenset[Migration] | None:
    try:
        return applied_migrations(alias)
    except Exception:  # the database is gone or unreachable: the state is unknown
        return None


def migrate_company(company: Company) -> TenantResult:
    """Migrate one tenant under its advisory lock; skip quickly when it is up to date.

    A migration that fails is returned as a "failed" result (with what the database holds after
    the rollback), so callers report it in one line; an unreachable database raises.
    """
    with advisory_lock(f"tenant:{company.slug}"):
        alias = register_company(company)
        try:
            state = migration_state(alias)
            if state.up_to_date:
                return TenantResult(company.slug, "up-to-date", applied=state.applied)
            if state.unknown and not state.pending:
                return TenantResult(company.slug, "failed", state.describe(), state.applied)
            try:
                migrate_alias(alias)
            except Exception as exc:  # Django runs each migration in a transaction: rolled back
                return TenantResult(company.slug, "failed", _first_line(exc), _applied_or_none(alias))
            after = migration_state(alias)
            return TenantResult(company.slug, "migrated", f"applied {len(state.pending)}", after.applied)
        finally:
            release(alias)


def migrate_companies(
    companies: Iterable[Company],
    *,
    on_result: Callable[[TenantResult], None] | None = None,
    refresh_template: bool = True,
) -> list[TenantResult]:
    """Migrate each company, going on past failures; the template of each server first.

    A server whose template cannot be refreshed (down, failing migration) does not stop the run:
    its tenants are still tried, and the failure is returned as a result for `template@<server>`.
    """
    companies = list(companies)
    results: list[TenantResult] = []
    if refresh_template:
        for server in {c.server_id: c.server for c in companies}.values():
            try:
                ensure_template(server)
            except Exception as exc:  # reported in the summary, never hidden
                result = TenantResult(template_label(server), "failed", _first_line(exc), template=True)
                results.append(result)
                if on_result:
                    on_result(result)
    for company in companies:
        try:
            result = migrate_company(company)
        except Exception as exc:  # reported in the summary, never hidden
            result = TenantResult(company.slug, "failed", _first_line(exc))
        finally:
            close_tenant_connections()
        results.append(result)
        if on_result:
            on_result(result)
    return results


def template_label(server: DatabaseServer | None) -> str:
    """How reports name a server's template (never a valid slug, so it cannot clash with one)."""
    return f"template@{server_label(server)}"


def inconsistent(results: Iterable[TenantResult]) -> list[TenantResult]:
    """Tenants whose applied migrations differ from the most common set among them.

    Failed tenants count too (their database keeps what it had); unreadable ones cannot be compared.
    """
    known = [r for r in results if r.applied is not None]
    if not known:
        return []
    majority, _ = Counter(r.applied for r in known).most_common(1)[0]
    return [r for r in known if r.applied != majority]
