"""What tenant-app migrations do to data: the destructive ones (snapshot first) and the linter.

Two questions about the same operations:

- *destructive*: may it lose or rewrite data a customer has? Then a `pg_dump` snapshot is taken
  before the tenant is migrated (RemoveField, DeleteModel, RenameField, RenameModel, AlterField
  changing the column type, RunSQL, RunPython: code we cannot see through).
- *backward-incompatible* (the linter): would the code still running during a deploy, or a
  rollback, break? Each rule has a code; a migration module can accept a rule by listing its code
  in a module attribute `lint_ignore = ["remove_field"]` (or on its Migration class).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.migrations import Migration as DjangoMigration
from django.db.migrations import operations as ops
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState
from django.db.models import NOT_PROVIDED, Field

from common.errors import DomainError

MigrationKey = tuple[str, str]

RULES = {
    "remove_field": "drops a column: code still reading it fails until it is deployed, and the data is gone",
    "delete_model": "drops a table: code still using it fails until it is deployed, and the data is gone",
    "rename_field": "renames a column: the code running during the deploy uses the old name",
    "rename_model": "renames a table: the code running during the deploy uses the old name",
    "not_null_without_default": (
        "makes a column NOT NULL without a default: fails on existing NULLs, and the code running "
        "during the deploy may still insert NULL"
    ),
    "run_python_irreversible": "RunPython without reverse_code: the migration cannot be rolled back",
    "run_sql_irreversible": "RunSQL without reverse_sql: the migration cannot be rolled back",
}


class LintConfigError(DomainError):
    code = "lint_config"
    status_code = 500


@dataclass(frozen=True)
class Finding:
    migration: MigrationKey
    code: str
    target: str
    ignored: bool = False

    def __str__(self) -> str:
        app, name = self.migration
        suffix = " (allowed by lint_ignore)" if self.ignored else ""
        return f"{app}.{name}: {self.code}: {self.target}: {RULES[self.code]}{suffix}"


def _flatten(operations: Iterable[Operation]) -> Iterator[Operation]:
    """The operations that touch the database (SeparateDatabaseAndState's database side)."""
    for operation in operations:
        if isinstance(operation, ops.SeparateDatabaseAndState):
            yield from _flatten(operation.database_operations)
        else:
            yield operation


class _Walk:
    """The operations of one migration, with the model state before each (built only on demand:
    the project state costs a replay of every earlier migration)."""

    def __init__(self, loader: MigrationLoader, key: MigrationKey) -> None:
        self.loader = loader
        self.key = key
        self.migration: DjangoMigration = loader.graph.nodes[key]
        self._state: ProjectState | None = None
        self._done: list[Operation] = []

    def __iter__(self) -> Iterator[tuple[Operation, Operation]]:
        """(top-level operation, database operation) pairs, in order."""
        for operation in self.migration.operations:
            for inner in _flatten([operation]):
                yield operation, inner
            self._done.append(operation)
            if self._state is not None:
                operation.state_forwards(self.key[0], self._state)

    def old_field(self, model_name: str, name: str) -> Field[Any, Any] | None:
        """The field as it was before the current operation, if the state knows it."""
        if self._state is None:
            self._state = self.loader.project_state(self.key, at_end=False)
            for operation in self._done:
                operation.state_forwards(self.key[0], self._state)
        model = self._state.models.get((self.key[0], model_name.lower()))
        return None if model is None else model.fields.get(name)


def _column_type(field: Field[Any, Any]) -> str:
    try:
        return str(field.db_type(connections["default"]))
    except Exception:  # an unbound relation cannot name its type: compare what decides it
        _, path, _, kwargs = field.deconstruct()
        keys = ("max_length", "max_digits", "decimal_places", "to", "to_field", "base_field", "size")
        return f"{path}{sorted((k, str(v)) for k, v in kwargs.items() if k in keys)}"


def _model(app: str, name: str) -> str:
    return f"{app}.{name}"


def destructive_operations(loader: MigrationLoader, key: MigrationKey) -> tuple[str, ...]:
    """Descriptions of the operations of migration `key` that may lose or rewrite data."""
    app = key[0]
    walk = _Walk(loader, key)
    found: list[str] = []
    for _, op in walk:
        if isinstance(op, ops.RemoveField):
            found.append(f"RemoveField {_model(app, op.model_name)}.{op.name}")
        elif isinstance(op, ops.DeleteModel):
            found.append(f"DeleteModel {_model(app, op.name)}")
        elif isinstance(op, ops.RenameField):
            found.append(f"RenameField {_model(app, op.model_name)}.{op.old_name} -> {op.new_name}")
        elif isinstance(op, ops.RenameModel):
            found.append(f"RenameModel {_model(app, op.old_name)} -> {op.new_name}")
        elif isinstance(op, ops.RunSQL):
            found.append("RunSQL")
        elif isinstance(op, ops.RunPython):
            found.append(f"RunPython {getattr(op.code, '__name__', 'code')}")
        elif isinstance(op, ops.AlterField):
            old = walk.old_field(op.model_name, op.name)
            before = _column_type(old) if old is not None else "unknown"
            after = _column_type(op.field)
            if before != after:
                found.append(f"AlterField {_model(app, op.model_name)}.{op.name}: {before} -> {after}")
    return tuple(found)


def _allowed(migration: DjangoMigration) -> frozenset[str]:
    module = sys.modules.get(type(migration).__module__)
    listed = [*getattr(module, "lint_ignore", ()), *getattr(migration, "lint_ignore", ())]
    unknown = set(listed) - set(RULES)
    if unknown:
        raise LintConfigError(
            f"{migration.app_label}.{migration.name}: lint_ignore names unknown rules "
            f"{sorted(unknown)}; known: {sorted(RULES)}"
        )
    return frozenset(listed)


def lint_migration(loader: MigrationLoader, key: MigrationKey) -> list[Finding]:
    """The backward-incompatible operations of migration `key` (allowed ones marked ignored)."""
    app = key[0]
    walk = _Walk(loader, key)
    allowed = _allowed(walk.migration)
    found: list[tuple[str, str]] = []
    for _, op in walk:
        if isinstance(op, ops.RemoveField):
            found.append(("remove_field", f"{_model(app, op.model_name)}.{op.name}"))
        elif isinstance(op, ops.DeleteModel):
            found.append(("delete_model", _model(app, op.name)))
        elif isinstance(op, ops.RenameField):
            found.append(("rename_field", f"{_model(app, op.model_name)}.{op.old_name} -> {op.new_name}"))
        elif isinstance(op, ops.RenameModel):
            found.append(("rename_model", f"{_model(app, op.old_name)} -> {op.new_name}"))
        elif isinstance(op, ops.RunPython) and op.reverse_code is None:
            found.append(("run_python_irreversible", getattr(op.code, "__name__", "code")))
        elif isinstance(op, ops.RunSQL) and op.reverse_sql is None:
            found.append(("run_sql_irreversible", _sql_head(op.sql)))
        elif isinstance(op, ops.AlterField) and not op.field.null:
            old = walk.old_field(op.model_name, op.name)
            no_default = not op.field.has_default() and op.field.db_default is NOT_PROVIDED
            if old is not None and old.null and no_default:
                found.append(("not_null_without_default", f"{_model(app, op.model_name)}.{op.name}"))
    return [Finding(key, code, target, ignored=code in allowed) for code, target in found]


def _sql_head(statement: Any) -> str:
    text = statement if isinstance(statement, str) else str(statement)
    first = " ".join(text.split())[:60]
    return first or "SQL"


def lint(loader: MigrationLoader, keys: Iterable[MigrationKey]) -> list[Finding]:
    """Lint every migration in `keys` (in the order given)."""
    return [finding for key in keys for finding in lint_migration(loader, key)]
