"""Migrate tenant databases: state and plan per tenant, one tenant, the template, consistency.

A no-op `migrate` still costs ~0.1 s of Django's migration-state work, so the fast path compares
the tenant's `django_migrations` rows with the migration files once loaded per process and skips
tenants that are up to date. Fanning out over the fleet (processes, the fleet lock) is in fleet.py.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from psycopg import sql

from common.models import Company, DatabaseServer

from ..lifecycle.freezing import writable_session
from ..lifecycle.provisioning import (
    create_database,
    drop_database,
    maintenance_connection,
    server_label,
    template_name,
)
from ..lifecycle.snapshots import SnapshotError, prune, restore_command, take_snapshot
from ..locks import advisory_lock
from ..routing.connections import (
    TEMPLATE_ALIAS,
    register,
    register_company,
    release,
    unregister,
)
from .executor import clear_caches as clear_executor_caches
from .executor import code_loader as code_loader  # re-exported: the engine's entry points
from .executor import migrate_alias as migrate_alias
from .migration_lint import destructive_operations

Migration = tuple[str, str]
FINGERPRINT_PREFIX = "pyledger-template:"


@lru_cache(maxsize=1)
def code_migrations() -> frozenset[Migration]:
    """The tenant apps' migrations present in the code."""
    return frozenset(code_order())


@lru_cache(maxsize=1)
def code_order() -> tuple[Migration, ...]:
    """The tenant apps' migrations in an order `migrate` may apply them (dependencies first)."""
    graph = code_loader().graph
    tenant_apps = set(settings.PYLEDGER_TENANT_APPS)
    order: dict[Migration, None] = {}
    for leaf in sorted(node for node in graph.leaf_nodes() if node[0] in tenant_apps):
        order.update((node, None) for node in graph.forwards_plan(leaf) if node[0] in tenant_apps)
    return tuple(order)


@cache
def destructive(migration: Migration) -> tuple[str, ...]:
    """The operations of one tenant migration that may lose or rewrite data."""
    return destructive_operations(code_loader(), migration)


def clear_code_caches() -> None:
    """Forget the migration files read so far (tests that swap MIGRATION_MODULES)."""
    for cached in (code_migrations, code_order, code_replacements, destructive, code_fingerprint):
        cached.cache_clear()
    clear_executor_caches()


def tenant_apps() -> frozenset[str]:
    return frozenset(settings.PYLEDGER_TENANT_APPS)


def applied_migrations(alias: str) -> frozenset[Migration]:
    """The tenant apps' migrations recorded in a tenant database (empty for a new database)."""
    return of_tenant_apps(recorded_migrations(alias))


def of_tenant_apps(migrations: Iterable[Migration]) -> frozenset[Migration]:
    apps = tenant_apps()
    return frozenset(key for key in migrations if key[0] in apps)


def recorded_migrations(alias: str) -> frozenset[Migration]:
    """Every row of a database's django_migrations, whatever the app (empty without the table)."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT to_regclass('django_migrations') IS NOT NULL")
        (has_table,) = cursor.fetchone()
        if not has_table:
            return frozenset()
        cursor.execute("SELECT app, name FROM django_migrations")
        return frozenset((app, name) for app, name in cursor.fetchall())


@dataclass(frozen=True)
class MigrationState:
    applied: frozenset[Migration]
    pending: frozenset[Migration]
    unknown: frozenset[Migration]  # applied in the database but absent from the code: code is behind

    @property
    def up_to_date(self) -> bool:
        return not self.pending and not self.unknown

    def plan(self) -> tuple[Migration, ...]:
        """The pending migrations, in the order they would run."""
        return tuple(key for key in code_order() if key in self.pending)

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
    return state_of(applied_migrations(alias))


def state_of(applied: frozenset[Migration]) -> MigrationState:
    """Compare a tenant's applied migrations with the code's.

    A squashed migration counts as applied once everything it replaces is, and the names it
    replaces are known to the code even when their files are gone.
    """
    code = code_migrations()
    squashed = code_replacements()
    done = applied | {key for key, replaced in squashed.items() if replaced <= applied}
    known = code.union(*squashed.values())
    return MigrationState(applied=applied, pending=code - done, unknown=applied - known)


@lru_cache(maxsize=1)
def code_replacements() -> dict[Migration, frozenset[Migration]]:
    """The tenant apps' squashed migrations and the migrations each one replaces."""
    return {
        key: frozenset(migration.replaces)
        for key, migration in code_loader().replacements.items()
        if key[0] in tenant_apps()
    }


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
        if stored != fingerprint:
            # Other migration contents, or a template built before fingerprints (unknown): it
            # holds no customer data, so rebuild it rather than clone a stale schema.
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
    """Digest of the tenant apps' migration files and the SQL files they load.

    The migration folders are the ones Django reads, MIGRATION_MODULES included.
    """
    digest = hashlib.sha256()
    for label in settings.PYLEDGER_TENANT_APPS:
        root = Path(apps.get_app_config(label).path)
        migrations = [path for folder in migration_folders(label) for path in folder.glob("*.py")]
        for path in [*sorted(migrations, key=lambda p: (p.name, str(p))), *sorted(root.glob("sql/*.sql"))]:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def migration_folders(label: str) -> list[Path]:
    """The folders of an app's migrations package (several when its __path__ lists several)."""
    module_name, _ = MigrationLoader.migrations_module(label)
    if module_name is None:
        return []
    try:
        module = import_module(module_name)
    except ImportError:
        return []
    return [Path(entry) for entry in getattr(module, "__path__", [])]


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
    outcome: str  # "up-to-date" | "migrated" | "pending" (plan, check) | "failed" | "skipped"
    detail: str = ""
    # The tenant migrations recorded in its database after the run; None when it was unreadable.
    applied: frozenset[Migration] | None = None
    template: bool = False  # the result of refreshing a server's template, not of a tenant
    server: str = "default"
    pending: tuple[Migration, ...] = ()  # what would run, in order (plan, check)
    destructive: tuple[str, ...] = ()  # "<app>.<migration>: <operation>" for the pending ones
    snapshot: str = ""  # path of the pg_dump taken before a destructive migration
    restore: str = ""  # the pg_restore command line for that snapshot


def error_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__


def _applied_or_none(alias: str) -> frozenset[Migration] | None:
    try:
        return applied_migrations(alias)
    except Exception:  # the database is gone or unreachable: the state is unknown
        return None


def destructive_steps(plan: Iterable[Migration]) -> tuple[str, ...]:
    return tuple(f"{app}.{name}: {op}" for app, name in plan for op in destructive((app, name)))


def up_to_date_result(company: Company) -> TenantResult | None:
    """Read a tenant's migrations without taking its lock: its result when it is up to date, else
    None with the connection left open for `migrate_company` (which reads again under the lock)."""
    alias = register_company(company)
    applied = applied_migrations(alias)
    if not state_of(applied).up_to_date:
        return None
    release(alias)
    return TenantResult(company.slug, "up-to-date", applied=applied, server=server_label(company.server))


def migrate_company(company: Company, *, snapshot: bool = True) -> TenantResult:
    """Migrate one tenant under its advisory lock; skip quickly when it is up to date.

    When the plan holds a destructive operation and the database has data to lose (some tenant
    migration applied already), a pg_dump snapshot is taken first unless `snapshot` is False; if
    the snapshot fails, the tenant is not migrated. A migration that fails is returned as a
    "failed" result (with what the database holds after the rollback), so callers report it in
    one line; an unreachable database raises.
    """
    server = server_label(company.server)
    with advisory_lock(f"tenant:{company.slug}"):
        alias = register_company(company)
        try:
            recorded = recorded_migrations(alias)
            state = state_of(of_tenant_apps(recorded))
            if state.up_to_date:
                return TenantResult(company.slug, "up-to-date", applied=state.applied, server=server)
            if state.unknown and not state.pending:
                return TenantResult(company.slug, "failed", state.describe(), state.applied, server=server)
            plan = state.plan()
            risky = destructive_steps(plan)
            result = TenantResult(company.slug, "migrated", server=server, pending=plan, destructive=risky)
            if snapshot and risky and state.applied and not snapshot_first(company, alias, result):
                result.applied = state.applied
                return result
            try:
                with writable_session(alias):  # a suspended company's database is frozen
                    done = migrate_alias(alias, applied=dict.fromkeys(recorded))
            except Exception as exc:  # Django runs each migration in a transaction: rolled back
                result.outcome, result.detail, result.applied = (
                    "failed",
                    error_line(exc),
                    _applied_or_none(alias),
                )
                return result
            result.detail = f"applied {len(plan)}"
            # Each migration is recorded in its own transaction: all of `done` is committed.
            result.applied = state.applied | of_tenant_apps(done)
            return result
        finally:
            release(alias)


def snapshot_first(company: Company, alias: str, result: TenantResult) -> bool:
    """Take a pg_dump snapshot of the tenant before a destructive change and note it in `result`;
    False (with `result` marked failed) if it could not be taken: then change nothing."""
    release(alias)  # pg_dump may take a while: no idle session meanwhile
    try:
        path = take_snapshot(company, reason="pre-migrate")
        prune(company)
    except SnapshotError as exc:
        result.outcome, result.detail = "failed", error_line(exc)
        return False
    result.snapshot, result.restore = str(path), restore_command(path, company)
    return True


def inspected(company: Company, applied: frozenset[Migration]) -> TenantResult:
    """What migrating a tenant that has applied `applied` would do: "up-to-date" or "pending"
    (with the plan and its destructive steps)."""
    server = server_label(company.server)
    state = state_of(applied)
    if state.up_to_date:
        return TenantResult(company.slug, "up-to-date", applied=applied, server=server)
    plan = state.plan()
    return TenantResult(
        company.slug,
        "pending",
        state.describe(),
        applied,
        server=server,
        pending=plan,
        destructive=destructive_steps(plan),
    )


def template_label(server: DatabaseServer | None) -> str:
    """How reports name a server's template (never a valid slug, so it cannot clash with one)."""
    return f"template@{server_label(server)}"


def template_applied(server: DatabaseServer | None) -> frozenset[Migration] | None:
    """The tenant migrations recorded in the server's template; None if it cannot be read."""
    try:
        with advisory_lock(template_lock_name(server), wait=True):  # never open it during a clone
            alias = register(template_alias(server), template_name(), server)
            try:
                return applied_migrations(alias)
            finally:
                unregister(alias)
    except Exception:  # missing or unreachable: nothing to compare with
        return None


def most_common_set(sets: Iterable[frozenset[Migration] | None]) -> frozenset[Migration] | None:
    """The applied set most tenants share. On a tie the code's own set wins if it is among the
    tied ones; otherwise there is no majority (None) rather than an arbitrary pick."""
    counts = Counter(s for s in sets if s is not None)
    if not counts:
        return None
    top = max(counts.values())
    tied = [s for s, n in counts.items() if n == top]
    if len(tied) == 1:
        return tied[0]
    return code_migrations() if code_migrations() in tied else None


@dataclass(frozen=True)
class Divergence:
    """A tenant whose applied migrations are not what they should be, and compared with what."""

    slug: str
    applied: int
    missing: frozenset[Migration]  # in the code, not applied: the tenant is behind
    unknown: frozenset[Migration]  # applied, not in the code: the tenant is ahead of the code
    from_majority: bool
    from_template: bool | None  # None: the template could not be read

    def differs_from(self) -> str:
        parts = ["majority"] if self.from_majority else []
        if self.from_template:
            parts.append("template")
        if self.missing:
            parts.append("code (behind)")
        if self.unknown:
            parts.append("code (ahead)")
        return ", ".join(parts)


def divergences(
    results: Iterable[TenantResult], templates: Mapping[str, frozenset[Migration] | None]
) -> list[Divergence]:
    """Tenants whose applied set differs from the majority's, from their server's template's, or
    from the code's. `templates` maps a server label to its template's applied set."""
    known = [r for r in results if r.applied is not None and not r.template]
    if not known:
        return []
    majority = most_common_set(r.applied for r in known)
    found = []
    for r in known:
        applied = r.applied or frozenset()
        state = state_of(applied)
        template = templates.get(r.server)
        item = Divergence(
            slug=r.slug,
            applied=len(applied),
            missing=state.pending,
            unknown=state.unknown,
            from_majority=majority is not None and applied != majority,
            from_template=None if template is None else applied != template,
        )
        if item.missing or item.unknown or item.from_majority or item.from_template:
            found.append(item)
    return found
