"""Apply tenant migrations with what `migrate` recomputes per database computed once per process.

For every database it runs on, Django's `migrate` reads the migration files, builds the graph and
renders the whole project state: ~30 ms of CPU per tenant, far more than the SQL of an additive
migration. None of that depends on the database except through the set of applied migrations,
which is the same for nearly every tenant of a fleet. So the graph comes from one loader per
process and the rendered state before the plan is cached per applied set; each tenant gets a
clone of it (as Django clones state between operations). The database work is still Django's
MigrationExecutor, and pre_migrate / post_migrate are sent as `migrate` sends them.

The same holds for each operation of the plan: Django's `Migration.apply` clones the state and
re-renders the models an operation touches (~7 ms of CPU for one AddField), for every database.
`forward_plan` walks the plan once per applied set and keeps the state before and after each
operation; every tenant's `database_forwards` then reads those states, which nothing changes.

Squashed migrations (`replaces`) make the graph depend on what a database has applied: with any
in the code, this falls back to `call_command("migrate")`.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal, emit_pre_migrate_signal
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.exceptions import InconsistentMigrationHistory
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.migration import Migration as MigrationFile
from django.db.migrations.operations.base import Operation
from django.db.migrations.recorder import MigrationRecorder
from django.db.migrations.state import ProjectState

Migration = tuple[str, str]
Step = tuple[Operation, ProjectState, ProjectState]  # an operation, the state before and after it


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


@dataclass(frozen=True)
class ForwardPlan:
    """What migrating a database that has applied a given set involves, computed once."""

    plan: tuple[tuple[MigrationFile, bool], ...]  # as MigrationExecutor.migration_plan returns it
    steps: dict[Migration, tuple[Step, ...]]  # per migration, its operations and their states
    after: dict[Migration, ProjectState]  # the state once each migration has run
    before: ProjectState  # the state before the plan (shared: never changed)

    @property
    def final(self) -> ProjectState:
        return self.after[self.keys[-1]] if self.plan else self.before

    @property
    def keys(self) -> list[Migration]:
        return [(migration.app_label, migration.name) for migration, _ in self.plan]


@lru_cache(maxsize=4)
def forward_plan(applied: frozenset[Migration]) -> ForwardPlan:
    """The plan to the tenant apps' head from `applied`, with each operation's states rendered.

    Each state is a clone of the one before (clones share the model classes nobody reloaded), so
    a long plan costs little memory; nothing changes a state once it is cached.
    """
    executor = _executor(None, dict.fromkeys(applied))
    plan = tuple(executor.migration_plan(tenant_leaves(executor.loader)))
    before = state_before(applied)
    state = before
    steps: dict[Migration, tuple[Step, ...]] = {}
    after: dict[Migration, ProjectState] = {}
    for migration, _ in plan:
        key = (migration.app_label, migration.name)
        ops: list[Step] = []
        for operation in migration.operations:
            following = state.clone()
            operation.state_forwards(migration.app_label, following)
            ops.append((operation, state, following))
            state = following
        steps[key], after[key] = tuple(ops), state
    return ForwardPlan(plan=plan, steps=steps, after=after, before=before)


def tenant_leaves(loader: MigrationLoader) -> list[Migration]:
    tenant_apps = set(settings.PYLEDGER_TENANT_APPS)
    return [key for key in loader.graph.leaf_nodes() if key[0] in tenant_apps]


class _SharedLoaderExecutor(MigrationExecutor):
    """A MigrationExecutor on a given loader, instead of one built from the disk each time; with
    a ForwardPlan it applies each migration with the plan's cached states."""

    forward: ForwardPlan | None = None

    def __init__(self, connection: BaseDatabaseWrapper | None, loader: MigrationLoader) -> None:
        self.connection = connection  # type: ignore[assignment]  # None: state only, no database
        self.loader = loader
        self.recorder = _Recorder(connection)  # type: ignore[arg-type]  # None, as Django's executor passes
        self.progress_callback = None

    def apply_migration(
        self, state: ProjectState, migration: MigrationFile, fake: bool = False, fake_initial: bool = False
    ) -> ProjectState:
        if self.forward is None or fake or fake_initial:
            return super().apply_migration(state, migration, fake=fake, fake_initial=fake_initial)
        key = (migration.app_label, migration.name)
        # Migration.apply and MigrationExecutor.apply_migration, with the states taken from the plan.
        recorded = False
        with self.connection.schema_editor(atomic=migration.atomic) as editor:
            for operation, before, after in self.forward.steps[key]:
                atomic_operation = operation.atomic or (migration.atomic and operation.atomic is not False)
                if not editor.atomic_migration and atomic_operation:
                    with transaction.atomic(editor.connection.alias):
                        operation.database_forwards(migration.app_label, editor, before, after)
                else:
                    operation.database_forwards(migration.app_label, editor, before, after)
            if not editor.deferred_sql:
                self.recorder.record_applied(*key)  # no `replaces` here: those go through `migrate`
                recorded = True
        if not recorded:
            self.recorder.record_applied(*key)
        return self.forward.after[key]

    def check_replacements(self) -> None:
        """Nothing to mark: with squashed migrations in the code, `migrate_alias` uses `migrate`."""


def _executor(
    connection: BaseDatabaseWrapper | None, applied: Mapping[Migration, Any]
) -> _SharedLoaderExecutor:
    loader = copy.copy(code_loader())  # the graph is shared read-only; applied is per database
    loader.connection = connection
    loader.applied_migrations = dict(applied)
    return _SharedLoaderExecutor(connection, loader)


def migrate_alias(alias: str, *, applied: Mapping[Migration, Any] | None = None) -> list[Migration]:
    """Bring the tenant apps of database `alias` to the code's head; return what was applied.

    `applied`: the database's django_migrations rows (every app), when the caller has just read
    them under the tenant's lock; read here otherwise.
    """
    if code_loader().replacements:
        return _call_migrate(alias)
    connection = connections[alias]
    connection.prepare_database()
    recorder = _Recorder(connection)
    if applied is None:
        applied = recorder.applied_migrations()
    elif applied:
        recorder._has_table = True  # rows were read from it
    executor = _executor(connection, applied)
    executor.recorder = recorder  # it remembers that the table exists: one query fewer
    check_history(executor.loader, alias)
    forward = forward_plan(frozenset(applied))
    executor.forward = forward
    plan = list(forward.plan)
    emit_pre_migrate_signal(0, False, alias, apps=forward.before.apps, plan=plan)
    # The states are only read; `_migrate_all_forwards` hands each migration the one before it.
    executor.migrate(tenant_leaves(executor.loader), plan=plan, state=forward.before)
    # The receivers get the plan's final state too (the same for every tenant), rather than a
    # re-render of it: that would cost more than the migration.
    emit_post_migrate_signal(0, False, alias, apps=forward.final.apps, plan=plan)
    return forward.keys


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
    forward_plan.cache_clear()
    state_before.cache_clear()
    code_loader.cache_clear()
