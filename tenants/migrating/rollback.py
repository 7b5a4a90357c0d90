"""Move one tenant to a given migration: back (undo a release's migrations) or forward to it.

`migrate_all_tenants` only goes forward, to the code's head. Rolling a release back means taking
each tenant's database back to the last migration the older code knows before that code is
deployed; this runs Django's `migrate <app> <target>` on the tenant, under its lock, with a
pg_dump snapshot first when anything is unapplied (undoing an AddField drops the column).
"""

from __future__ import annotations

from django.core.management import call_command
from django.db import connections
from django.db.migrations.exceptions import AmbiguityError
from django.db.migrations.executor import MigrationExecutor

from common.models import Company

from ..errors import UnknownMigration
from ..lifecycle.freezing import writable_session
from ..lifecycle.provisioning import server_label
from ..locks import advisory_lock
from ..routing.connections import register_company, release
from .executor import code_loader
from .migrate import TenantResult, applied_migrations, error_line, snapshot_first, tenant_apps

Target = tuple[str, str | None]  # (app, migration name), None for "zero": before its first


def parse_target(text: str) -> Target:
    """`ledger.0001_initial`, a unique prefix (`ledger.0001`) or `ledger.zero`; UnknownMigration
    saying why otherwise."""
    app, _, name = text.strip().partition(".")
    if not app or not name:
        raise UnknownMigration(
            f"Name a migration as <app>.<migration> (ledger.0001_initial, ledger.zero): {text!r}"
        )
    if app not in tenant_apps():
        raise UnknownMigration(
            f"{app!r} is not a tenant app; tenant apps: {', '.join(sorted(tenant_apps()))}."
        )
    if name == "zero":
        return app, None
    try:
        migration = code_loader().get_migration_by_prefix(app, name)
    except AmbiguityError:
        raise UnknownMigration(
            f"More than one {app} migration starts with {name!r}; give its full name."
        ) from None
    except KeyError:
        raise UnknownMigration(f"The code has no migration {app}.{name}.") from None
    return app, migration.name


def label(target: Target) -> str:
    return f"{target[0]}.{target[1] or 'zero'}"


def migrate_company_to(company: Company, target: Target, *, snapshot: bool = True) -> TenantResult:
    """Migrate one tenant forwards or backwards to `target` under its advisory lock.

    Unapplying loses what those migrations created, so a snapshot is taken first unless `snapshot`
    is False (a failed snapshot changes nothing). A failing migration is a "failed" result; the
    database keeps the migrations done before it (each runs in its own transaction).
    """
    server = server_label(company.server)
    with advisory_lock(f"tenant:{company.slug}"):
        alias = register_company(company)
        try:
            applied = applied_migrations(alias)
            plan = MigrationExecutor(connections[alias]).migration_plan([target])
            steps = tuple((migration.app_label, migration.name) for migration, _ in plan)
            if not steps:
                return TenantResult(
                    company.slug, "up-to-date", f"already at {label(target)}", applied, server=server
                )
            backwards = plan[0][1]
            result = TenantResult(company.slug, "migrated", server=server, pending=steps)
            if snapshot and backwards and not snapshot_first(company, alias, result):
                result.applied = applied
                return result
            try:
                with writable_session(alias):  # a suspended company's database is frozen
                    call_command(
                        "migrate",
                        target[0],
                        target[1] or "zero",
                        database=alias,
                        interactive=False,
                        verbosity=0,
                    )
            except Exception as exc:  # each migration ran in its own transaction: the failing one rolled back
                result.outcome, result.detail = "failed", error_line(exc)
                result.applied = applied_migrations(alias)
                return result
            result.detail = f"{'unapplied' if backwards else 'applied'} {len(steps)}, now at {label(target)}"
            result.applied = applied_migrations(alias)
            return result
        finally:
            release(alias)
