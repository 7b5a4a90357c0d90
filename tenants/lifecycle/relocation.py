"""Put a company's books into another database and switch the registry over to it, resumably.

Two operations share the machinery:

- `tenant_move`: to another PostgreSQL server (same database name there);
- `tenant_restore`: from a backup, into a new company, or over a company's own books.

A move or a restore over existing books is recorded as a `TenantMove` row and runs in steps:

    started   company in `maintenance` (requests get 503), source database read-only
    dumped    source dumped with its manifest (a restore starts here, with the backup's)
    restoring target database created empty (TEMPLATE template0) and pg_restore'd
    verified  target's row counts and book totals equal the manifest's
    switched  registry points at the target (server, database name)
    done      target migrated to head (restores), source dropped, previous status back

Each step is recorded before it acts, so a re-run after a crash at any point resumes from the
recorded step (a half-restored target is dropped and restored again); `--abort` before the
switch drops the target and puts the source back in service. The source is frozen
(tenants/lifecycle/freezing.py) before the `maintenance` status commits, which binds every client, not only
the web processes that see the status. Each start, switch, end and abort is in the audit trail.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from common.audit import record_event
from common.checkpoints import restart_checkpoints
from common.models import Company, DatabaseServer, TenantMove

from ..errors import TenantStateError
from ..locks import advisory_lock
from ..migrating.migrate import migrate_company
from ..routing.connections import alias_for, register_company, unregister
from ..routing.context import get_company
from .backups import Backup, Census, backup_company, load_backup, restore_database, verify_copy
from .freezing import freeze_database, sync_database
from .provisioning import (
    MAX_IDENTIFIER_BYTES,
    create_database,
    database_exists,
    database_name,
    drop_database,
    server_label,
    validate_slug,
)

Step = TenantMove.Step
Status = Company.Status
# A restore over existing books alternates between these two names, so the live database and its
# replacement can coexist; "-restored" cannot come out of database_name() (slugs map to [a-z0-9_]).
RESTORED_SUFFIX = "-restored"


def server_key(server: DatabaseServer | None) -> str:
    return "" if server is None else server.name


def server_by_key(key: str) -> DatabaseServer | None:
    if not key:
        return None
    server = DatabaseServer.objects.filter(name=key).first()
    if server is None:
        raise TenantStateError(f"Database server {key!r} is no longer registered.")
    return server


def find_server(name: str) -> DatabaseServer | None:
    """The server called `name`; "default" is the common DB's server unless a row has that name."""
    server = DatabaseServer.objects.filter(name=name).first()
    if server is None and name != "default":
        known = ", ".join(DatabaseServer.objects.values_list("name", flat=True)) or "none"
        raise TenantStateError(f"No database server {name!r} (registered: {known}; or 'default').")
    return server


def unfinished_move(company: Company) -> TenantMove | None:
    return TenantMove.objects.filter(company=company, finished_at__isnull=True).first()


@dataclass
class RelocationResult:
    company: Company
    move: TenantMove | None = None
    done: list[str] = field(default_factory=list)
    backup: Path | None = None
    census: Census | None = None
    migrations: str = ""  # what migrating the restored copy did


def _advance(move: TenantMove, step: str, **changes: object) -> None:
    for name, value in changes.items():
        setattr(move, name, value)
    move.step = step
    move.error = ""
    move.save()


def _start(
    company: Company, *, kind: str, target: DatabaseServer | None, target_db: str, **extra: str
) -> TenantMove:
    with transaction.atomic(using="default"):
        # The row lock keeps a concurrent status change from slipping between read and write.
        status = Company.objects.select_for_update().values_list("status", flat=True).get(pk=company.pk)
        if status == Status.MAINTENANCE:
            raise TenantStateError(f"Company {company.slug!r} is in maintenance with no move recorded.")
        move = TenantMove.objects.create(
            company=company,
            kind=kind,
            source_server=server_key(company.server),
            source_db=company.db_name,
            target_server=server_key(target),
            target_db=target_db,
            previous_status=status,
            **extra,
        )
        # Frozen before the status commits: no write lands after the command has started.
        freeze_database(company.server, company.db_name)
        company.status = Status.MAINTENANCE
        company.save(update_fields=["status", "updated_at"])
        record_event(
            action=f"tenant.{kind}.start",
            company=company,
            previous=status,
            source=f"{move.source_server or 'default'}/{move.source_db}",
            target=f"{move.target_server or 'default'}/{move.target_db}",
        )
    return move


def _drive(move: TenantMove, company: Company, on_step: Callable[[str], None] | None) -> RelocationResult:
    """Run the move's remaining steps; record the error of a failing one and re-raise it."""
    result = RelocationResult(company=company, move=move)

    def step(label: str) -> None:
        result.done.append(label)
        if on_step:
            on_step(label)

    source, target = server_by_key(move.source_server), server_by_key(move.target_server)
    try:
        if move.step in (Step.STARTED, Step.DUMPED, Step.RESTORING, Step.VERIFIED):
            step("freeze")
            unregister(alias_for(company.slug))
            freeze_database(source, move.source_db)
        if move.step == Step.STARTED:
            step("dump")
            made = backup_company(company, reason=move.kind)
            _advance(move, Step.DUMPED, dump_path=str(made.path))
        backup: Backup | None = None
        if move.step in (Step.DUMPED, Step.RESTORING):
            if move.kind == TenantMove.Kind.MOVE and not Path(move.dump_path).is_file():
                # The move's own dump went missing: the source is still frozen, dump it again.
                step("dump")
                move.dump_path = str(backup_company(company, reason=move.kind).path)
                move.save(update_fields=["dump_path", "updated_at"])
            backup = load_backup(Path(move.dump_path))
            if move.step == Step.DUMPED and database_exists(target, move.target_db):
                raise TenantStateError(
                    f"Server {server_label(target)!r} already has a database {move.target_db!r} that this "
                    "operation did not create: drop or rename it, or abort."
                )
            _advance(move, Step.RESTORING)  # from here on, the target database is ours
            step("restore")
            drop_database(target, move.target_db)
            create_database(target, move.target_db, template="template0")
            restore_database(target, move.target_db, backup.path)
            step("verify")
            result.census = verify_copy(target, move.target_db, backup.census)
            _advance(move, Step.VERIFIED)
        if move.step == Step.VERIFIED:
            step("switch")
            with transaction.atomic(using="default"):
                company.server, company.db_name = target, move.target_db
                company.save(update_fields=["server", "db_name", "updated_at"])
                if move.kind == TenantMove.Kind.RESTORE:  # older books: the backup's heads apply
                    restart_checkpoints(company, load_backup(Path(move.dump_path), check_digest=False).chain)
                _advance(move, Step.SWITCHED)
                record_event(action=f"tenant.{move.kind}.switch", company=company, database=move.target_db)
            register_company(company)  # re-points this process's alias; others re-point on next use
        if move.step == Step.SWITCHED:
            if move.kind == TenantMove.Kind.RESTORE:
                step("migrate")
                outcome = migrate_company(company)
                if outcome.outcome == "failed":
                    raise TenantStateError(f"Migrating the restored copy failed: {outcome.detail}")
                result.migrations = outcome.outcome
            step("drop_source")
            # Other processes may still hold the old registry row in their lookup cache.
            time.sleep(max(0.0, settings.PYLEDGER_REGISTRY_CACHE_SECONDS))
            drop_database(source, move.source_db)
            with transaction.atomic(using="default"):
                # The copy is writable as restored: frozen again unless the company goes back to active.
                sync_database(company, move.previous_status)
                company.status = move.previous_status
                company.save(update_fields=["status", "updated_at"])
                _advance(move, Step.DONE, finished_at=timezone.now())
                record_event(action=f"tenant.{move.kind}.done", company=company, status=company.status)
    except Exception as exc:
        text = str(exc).strip()
        move.error = f"{type(exc).__name__}: {text.splitlines()[0] if text else ''}"[:2000]
        move.save(update_fields=["error", "updated_at"])
        raise
    result.backup = Path(move.dump_path) if move.dump_path else None
    return result


def describe(move: TenantMove) -> str:
    where = f"{move.target_server or 'default'}/{move.target_db}"
    started = f"{move.started_at:%Y-%m-%d %H:%M} UTC"
    return f"an unfinished {move.kind} to {where} (step {move.step}, started {started})"


def tenant_move(
    *, company: Company | str, target: DatabaseServer | None, on_step: Callable[[str], None] | None = None
) -> RelocationResult:
    """Move the company's database to `target` (None: the common DB's server), verified, then
    switch the registry and drop the old copy. Re-running resumes an interrupted move."""
    company = get_company(company)
    with advisory_lock(f"tenant:{company.slug}"):
        company.refresh_from_db()
        move = unfinished_move(company)
        if move is None:
            if server_key(company.server) == server_key(target):
                return RelocationResult(company=company)  # already there: nothing to do
            if company.status not in (Status.ACTIVE, Status.SUSPENDED, Status.ARCHIVED):
                raise TenantStateError(f"Company {company.slug!r} is {company.status}: it cannot be moved.")
            if not database_exists(company.server, company.db_name):
                raise TenantStateError(
                    f"Company {company.slug!r} has no database {company.db_name!r} to move."
                )
            if database_exists(target, company.db_name):  # checked before anything changes
                raise TenantStateError(
                    f"Server {server_label(target)!r} already has a database {company.db_name!r}."
                )
            move = _start(company, kind=TenantMove.Kind.MOVE, target=target, target_db=company.db_name)
        elif move.kind != TenantMove.Kind.MOVE or move.target_server != server_key(target):
            raise TenantStateError(
                f"Company {company.slug!r} has {describe(move)}: re-run that, or abort it with "
                f"`manage.py move_tenant {company.slug} --abort`."
            )
        return _drive(move, company, on_step)


def tenant_relocation_abort(*, company: Company | str) -> TenantMove:
    """Undo an unfinished move or restore that has not switched yet: drop the target copy, make
    the source writable again and give the company back its previous status."""
    company = get_company(company)
    with advisory_lock(f"tenant:{company.slug}"):
        move = unfinished_move(company)
        if move is None:
            raise TenantStateError(f"Company {company.slug!r} has no unfinished move or restore.")
        if move.step == Step.SWITCHED:
            raise TenantStateError(
                f"The {move.kind} of {company.slug!r} has switched to the new copy already: "
                "re-run it to finish."
            )
        if move.step in (Step.RESTORING, Step.VERIFIED):
            drop_database(server_by_key(move.target_server), move.target_db)
        with transaction.atomic(using="default"):
            # Writable again only if the company was active before (a suspended one stays frozen).
            sync_database(company, move.previous_status)  # the row still names the source
            company.status = move.previous_status
            company.save(update_fields=["status", "updated_at"])
            _advance(move, Step.ABORTED, finished_at=timezone.now())
            record_event(action=f"tenant.{move.kind}.abort", company=company, status=company.status)
        return move


def other_database_name(company: Company) -> str:
    """Where a restore over the company's books puts the copy: the name its database does not have."""
    canonical = database_name(company.slug)
    name = canonical + RESTORED_SUFFIX if company.db_name == canonical else canonical
    if len(name.encode()) > MAX_IDENTIFIER_BYTES:
        raise TenantStateError(f"Database name {name!r} would be longer than {MAX_IDENTIFIER_BYTES} bytes.")
    return name


def tenant_restore(
    *,
    slug: str,
    source: Path,
    new_slug: str | None = None,
    replace: bool = False,
    on_step: Callable[[str], None] | None = None,
) -> RelocationResult:
    """Restore a backup of company `slug`: into company `new_slug` (registered if new), or over
    `slug` itself. Books that exist are replaced only with `replace`, through a verified copy.

    The restored books are verified against the backup's manifest, migrated to head, then served.
    """
    backup = load_backup(source)
    if backup.slug != slug:
        raise TenantStateError(f"{backup.path.name} is a backup of {backup.slug!r}, not of {slug!r}.")
    target_slug = validate_slug(new_slug or slug)
    with advisory_lock(f"tenant:{target_slug}"):
        company = Company.objects.select_related("server").filter(slug=target_slug).first()
        move = unfinished_move(company) if company is not None else None
        if company is not None and move is not None:
            if move.kind != TenantMove.Kind.RESTORE or Path(move.dump_path) != backup.path:
                raise TenantStateError(
                    f"Company {target_slug!r} has {describe(move)}: re-run that, or abort it with "
                    f"`manage.py restore_tenant {target_slug} --abort`."
                )
            return _drive(move, company, on_step)
        if company is None or company.status == Status.PROVISIONING:
            return _restore_into_new(company, target_slug, backup, on_step)
        if company.status == Status.MAINTENANCE:
            raise TenantStateError(f"Company {target_slug!r} is in maintenance with no move recorded.")
        if not database_exists(company.server, company.db_name):
            # Dropped (archived) or lost: the books come back under the company's own database name.
            company.status = Status.PROVISIONING
            company.save(update_fields=["status", "updated_at"])
            return _restore_into_new(company, target_slug, backup, on_step)
        if not replace:
            raise TenantStateError(
                f"Company {target_slug!r} is {company.status} and has books in {company.db_name!r}: "
                "pass --replace to replace them by the backup's, or restore --as another slug."
            )
        target_db = other_database_name(company)
        if database_exists(company.server, target_db):
            raise TenantStateError(
                f"A database {target_db!r} exists already (left by an earlier operation?): drop it first."
            )
        move = _start(
            company,
            kind=TenantMove.Kind.RESTORE,
            target=company.server,
            target_db=target_db,
            step=Step.DUMPED,
            dump_path=str(backup.path),
        )
        return _drive(move, company, on_step)


def _restore_into_new(
    company: Company | None, slug: str, backup: Backup, on_step: Callable[[str], None] | None
) -> RelocationResult:
    """Restore into a company with no books to lose: new, provisioning, or whose database is gone.

    Any database it has is a leftover of an interrupted restore or bootstrap: it is replaced.
    """
    from .services import tenant_register, tenant_set_status

    done: list[str] = []

    def step(label: str) -> None:
        done.append(label)
        if on_step:
            on_step(label)

    if company is None:
        step("register")
        info = backup.manifest.get("company", {})
        company, _ = tenant_register(
            slug=slug,
            name=info.get("name", ""),
            base_currency=info.get("base_currency", "USD"),
            country=info.get("country", ""),
        )
    step("restore")
    unregister(alias_for(company.slug))
    drop_database(company.server, company.db_name)
    create_database(company.server, company.db_name, template="template0")
    restore_database(company.server, company.db_name, backup.path)
    step("verify")
    census = verify_copy(company.server, company.db_name, backup.census)
    restart_checkpoints(company, backup.chain)
    step("migrate")
    outcome = migrate_company(company)
    if outcome.outcome == "failed":
        raise TenantStateError(f"Migrating the restored copy failed: {outcome.detail}")
    step("activate")
    with transaction.atomic(using="default"):
        tenant_set_status(company, Status.ACTIVE)
        record_event(action="tenant.restore.done", company=company, source=backup.path.name)
    return RelocationResult(
        company=company, done=done, backup=backup.path, census=census, migrations=outcome.outcome
    )
