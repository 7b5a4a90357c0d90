"""Apply tenant migrations with what `migrate` recomputes per database computed once per process.

For every database it runs on, Django's `migrate` reads the migration files, builds the graph and
renders the whole project state: ~30 ms of CPU per tenant, far more than the SQL of an additive
migration. None of that depends on the database except through the set of applied migrations,
which is the same for nearly every tenant of a fleet. So the graph comes from one loader per
process and the rendered state before the plan is cached per applied set; each tenant gets a
clone of it (as Django clones state between operations). The database work is still Django's
MigrationExecutor, and pre_migrate / post_migrate are sent as `migrate` sends them.

Squashed migrations (`replaces`) make the graph depend on what a database has applied: with any
in the code, this falls back to `call_command("migrate")`.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal, emit_pre_migrate_signal
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.exceptions import InconsistentMigrationHistory
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.migrations.state import ProjectState

Migration = tuple[str, str]


@lru_cache(maxsize=1)
def code_loader() -> MigrationLoader:
    """The migration files, read once per process (no database needed)."""
    return MigrationLoader(None, ignore_no_migrations=True)


@lru_cache(maxsize=4)
def state_before(applied: frozenset[Migration]) -> ProjectState:
    """The project state, models rendered, of a database that has applied `applied`.

    Shared: callers clone it before changing it, and signal receivers only read its models.
    """
    executor = _executor(None, dict.fromkeys(applied))
    # The state `migrate` builds itself (private to Django, unchanged since Django 1.10).
    state: ProjectState = executor._create_project_state(with_applied_migrations=True)  # type: ignore[attr-defined]
    state.apps  # noqa: B018 - render now, once, rather than in every clone's first use
    return state


class _Recorder(MigrationRecorder):
    """Django's recorder, with the table's existence checked by name rather than by listing every
    table of the database: a catalog scan that cost the server more than the migration itself."""

    _has_table: bool

    def has_table(self) -> bool:
        if not self._has_table:
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [self.Migration._meta.db_table])
                row = cursor.fetchone()
            self._has_table = bool(row and row[0])
        return self._has_table


class _SharedLoaderExecutor(MigrationExecutor):
    """A MigrationExecutor on a given loader, instead of one built from the disk each time."""

    def __init__(self, connection: BaseDatabaseWrapper | None, loader: MigrationLoader) -> None:
        self.connection = connection  # type: ignore[assignment]  # None: state only, no database
        self.loader = loader
        self.recorder = _Recorder(connection)  # type: ignore[arg-type]
        self.progress_callback = None


def _executor(
    connection: BaseDatabaseWrapper | None, applied: Mapping[Migration, Any]
) -> _SharedLoaderExecutor:
    loader = copy.copy(code_loader())  # the graph is shared read-only; applied is per database
    loader.connection = connection
    loader.applied_migrations = dict(applied)
    return _SharedLoaderExecutor(connection, loader)


def migrate_alias(alias: str) -> list[Migration]:
    """Bring the tenant apps of database `alias` to the code's head; return what was applied."""
    if code_loader().replacements:
        return _call_migrate(alias)
    connection = connections[alias]
    connection.prepare_database()
    recorder = _Recorder(connection)
    executor = _executor(connection, recorder.applied_migrations())
    executor.recorder = recorder  # it remembers that the table exists: one query fewer
    applied = executor.loader.applied_migrations
    check_history(executor.loader, alias)
    tenant_apps = set(settings.PYLEDGER_TENANT_APPS)
    targets = [key for key in executor.loader.graph.leaf_nodes() if key[0] in tenant_apps]
    plan = executor.migration_plan(targets)
    done = [(migration.app_label, migration.name) for migration, _ in plan]
    before = state_before(frozenset(applied))
    emit_pre_migrate_signal(0, False, alias, apps=before.apps, plan=plan)
    executor.migrate(targets, plan=plan, state=before.clone())
    # The receivers get the state after the plan from the cache too (the same for every tenant),
    # rather than a re-render of the executor's state: it would cost more than the migration.
    after = state_before(frozenset(applied) | frozenset(done))
    emit_post_migrate_signal(0, False, alias, apps=after.apps, plan=plan)
    return done


def check_history(loader: MigrationLoader, alias: str) -> None:
    """Refuse a database with a migration applied before one it depends on (as `migrate` does)."""
    applied = loader.applied_migrations
    for key in applied:
        if key not in loader.graph.nodes:
            continue
        for parent in loader.graph.node_map[key].parents:
            if parent.key not in applied:
                raise InconsistentMigrationHistory(
                    f"Migration {key[0]}.{key[1]} is applied before its dependency "
                    f"{parent.key[0]}.{parent.key[1]} on database {alias!r}."
                )


def _call_migrate(alias: str) -> list[Migration]:
    before = set(MigrationRecorder(connections[alias]).applied_migrations())
    for app in settings.PYLEDGER_TENANT_APPS:
        call_command("migrate", app, database=alias, interactive=False, verbosity=0)
    return sorted(set(MigrationRecorder(connections[alias]).applied_migrations()) - before)


def clear_caches() -> None:
    """Forget the migration files and states (tests that swap MIGRATION_MODULES)."""
    state_before.cache_clear()
    code_loader.cache_clear()
