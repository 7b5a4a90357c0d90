"""The tenant lifecycle. Commands and admin actions call these, so all behave the same.

`tenant_bootstrap` runs register -> create database -> migrate -> seed -> activate. Every step
checks what is already done, so a run that crashed at any step is finished by running it again.

Status changes go through `tenant_suspend`, `tenant_reactivate` and `tenant_archive`, which hold
the rules of which change is allowed from which status. Each freezes or thaws the company's
database before it returns (tenants/lifecycle/freezing.py) and records who did it (common.RegistryEvent) in
the same transaction as the change. Moves and restores live in
tenants/lifecycle/relocation.py; backups in tenants/lifecycle/backups.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils.module_loading import import_string

from common.audit import record_event
from common.models import Company, Currency, DatabaseServer

from ..errors import ServerUnavailable, TenantStateError
from ..locks import advisory_lock
from ..migrating.migrate import (
    TenantResult,
    ensure_template,
    migrate_company,
    migration_state,
    template_lock_name,
)
from ..migrating.rollback import migrate_company_to, parse_target
from ..routing.connections import alias_for, release, unregister
from ..routing.context import get_company, tenant_context
from ..routing.db import tenant_atomic
from .backups import Backup, backup_company
from .freezing import freeze_database, sync_database
from .provisioning import (
    create_database,
    database_exists,
    database_name,
    drop_database,
    template_name,
    validate_slug,
)

BOOTSTRAP_STEPS = ("register", "create_database", "migrate", "seed", "activate")


def choose_server() -> DatabaseServer | None:
    """The server accepting new tenants with the fewest; None (the common DB's server) if none."""
    return (
        DatabaseServer.objects.filter(accepts_new_tenants=True)
        .annotate(n=Count("companies", filter=~Q(companies__status=Company.Status.ARCHIVED)))
        .order_by("n", "name")
        .first()
    )


def tenant_register(
    *,
    slug: str,
    name: str = "",
    base_currency: str = "USD",
    country: str = "",
    server: DatabaseServer | None = None,
) -> tuple[Company, bool]:
    """Register a company in `provisioning` state (or return the existing one); no database yet.
    `server`: where its database will be made (None: `choose_server()`)."""
    validate_slug(slug)
    existing = Company.objects.select_related("server").filter(slug=slug).first()
    if existing is not None:
        return existing, False
    currency = Currency.objects.filter(code=base_currency.upper()).first()
    if currency is None:
        raise TenantStateError(f"Unknown currency {base_currency!r}: use an ISO 4217 code such as USD.")
    if country and (len(country) != 2 or not country.isalpha()):
        raise TenantStateError(f"Country {country!r} is not an ISO 3166 two-letter code.")
    company = Company.objects.create(
        slug=slug,
        name=name or slug.replace("-", " ").title(),
        base_currency=currency,
        country=country.upper(),
        server=server or choose_server(),
        db_name=database_name(slug),
    )
    return company, True


def tenant_create_database(company: Company) -> bool:
    """Create the company's database from the migrated template; False if it already existed.

    The template lock is held from the template check to the clone, so that a concurrent template
    migration cannot make the clone fail with "template in use".
    """
    with advisory_lock(template_lock_name(company.server), wait=True):
        ensure_template(company.server)
        return create_database(company.server, company.db_name, template=template_name())


def tenant_seed(company: Company, *, demo: bool = False) -> None:
    """Install reference data (and demo books) with the configured seeder, in one transaction on
    the company's database; idempotent. TenantStateError if the database is not migrated."""
    seeder: Callable[..., None] = import_string(settings.PYLEDGER_TENANT_SEEDER)
    with tenant_context(company) as tenant:
        try:
            pending = migration_state(tenant.alias).pending
            if pending:
                raise TenantStateError(
                    f"Company {company.slug!r} has {len(pending)} pending migrations: "
                    f"run `manage.py migrate_tenant {company.slug}` first."
                )
            with tenant_atomic():
                seeder(company=company, demo=demo)
        finally:
            release(tenant.alias)


def tenant_set_status(company: Company, status: str) -> Company:
    """Write `status` as is (no transition rules: the lifecycle code that knows the step uses it)."""
    if status not in Company.Status.values:
        raise TenantStateError(f"Unknown status {status!r}.")
    company.status = status
    company.save(update_fields=["status", "updated_at"])
    return company


Status = Company.Status
_BUSY_HINT: dict[str, str] = {
    Status.PROVISIONING: "bootstrap it instead",
    Status.MAINTENANCE: "a move or restore is running; finish it (re-run it) or abort it first",
}


def _transition(
    company: Company | str, target: str, allowed_from: set[str], *, actor: Any, via: str, action: str
) -> bool:
    """Change the company's status to `target` if its current status allows it; return whether it
    changed (False: it already had it). The row is locked, so that two changes cannot cross.

    The database is frozen (or thawed) before the change commits, and its audit row is written in
    the same transaction: when this returns, no write gets into a company that is not active,
    whatever another process has cached. A run that finds the status already set still makes the
    database match it, so a re-run repairs one that failed half-way.
    """
    slug = get_company(company).slug
    with transaction.atomic(using="default"):
        row = Company.objects.select_for_update(of=("self",)).select_related("server").get(slug=slug)
        previous = row.status
        if previous != target:
            if previous not in allowed_from:
                hint = _BUSY_HINT.get(previous)
                raise TenantStateError(
                    f"cannot become {target} while {previous}" + (f": {hint}." if hint else ".")
                )
            if (
                target == Status.ACTIVE
                and previous == Status.ARCHIVED
                and not database_exists(row.server, row.db_name)
            ):
                raise TenantStateError(
                    f"cannot become active: its database {row.db_name!r} was dropped; "
                    f"restore it from a backup (`manage.py restore_tenant {slug} --from ...`)."
                )
        sync_database(row, target)
        if previous == target:
            return False
        tenant_set_status(row, target)
        record_event(action=action, actor=actor, company=row, via=via, previous=previous, status=target)
    if isinstance(company, Company):
        company.status = target
    return True


def tenant_suspend(*, company: Company | str, actor: Any = None, via: str = "command") -> bool:
    """Refuse the company's requests (503) until it is reactivated; its books stay as they are,
    read-only. `actor`: the user doing it (None: an operator's command)."""
    return _transition(
        company, Status.SUSPENDED, {Status.ACTIVE}, actor=actor, via=via, action="tenant.suspend"
    )


def tenant_reactivate(*, company: Company | str, actor: Any = None, via: str = "command") -> bool:
    """Serve a suspended or archived company again. Never one still provisioning (it may have no
    database yet: bootstrap finishes it) or one being moved; an archived one only while its
    database exists."""
    return _transition(
        company,
        Status.ACTIVE,
        {Status.SUSPENDED, Status.ARCHIVED},
        actor=actor,
        via=via,
        action="tenant.reactivate",
    )


def tenant_archive(*, company: Company | str, actor: Any = None, via: str = "command") -> bool:
    """Keep the books (read-only) but refuse all access (410); reactivate to undo."""
    return _transition(
        company,
        Status.ARCHIVED,
        {Status.ACTIVE, Status.SUSPENDED},
        actor=actor,
        via=via,
        action="tenant.archive",
    )


def tenant_backup(*, company: Company | str, output: Path | None = None, reason: str = "manual") -> Backup:
    """pg_dump the company's database with its manifest (row counts, totals) into the backup folder
    or `output`. Runs while the company is in use: the dump is one consistent snapshot."""
    company = get_company(company)
    with advisory_lock(f"tenant:{company.slug}"):
        if not database_exists(company.server, company.db_name):
            raise TenantStateError(
                f"Company {company.slug!r} has no database {company.db_name!r} to back up."
            )
        return backup_company(company, reason=reason, output=output)


@dataclass
class DropResult:
    company: Company
    backup: Backup | None
    dropped: bool  # False: there was no database left to drop
    forgotten: bool


def tenant_drop(
    *, company: Company | str, backup: bool = True, forget: bool = False, actor: Any = None
) -> DropResult:
    """Back the database up (unless `backup` is False), archive the company, drop its database,
    and with `forget` delete its registry row too (memberships and domains go with it).

    The database is frozen first, so no write lands between the backup and the drop; if the
    backup fails it is put back as the status says and nothing else changes. Archiving comes
    before the drop, so a crash in between leaves an archived company whose database a re-run
    drops. The drop itself cannot share a transaction: its audit row is written right after it.
    """
    from .relocation import unfinished_move

    company = get_company(company)
    with advisory_lock(f"tenant:{company.slug}"):
        if company.status == Status.MAINTENANCE or unfinished_move(company) is not None:
            raise TenantStateError(
                f"Company {company.slug!r} is being moved or restored: finish or abort that first."
            )
        exists = database_exists(company.server, company.db_name)
        made = None
        if exists:
            freeze_database(company.server, company.db_name)
            try:
                made = backup_company(company, reason="drop") if backup else None
            except BaseException:
                sync_database(company)
                raise
        # Also a company whose bootstrap never finished: its leftovers go the same way.
        archivable: set[str] = {Status.ACTIVE, Status.SUSPENDED, Status.PROVISIONING}
        _transition(company, Status.ARCHIVED, archivable, actor=actor, via="command", action="tenant.archive")
        unregister(alias_for(company.slug))
        dropped = drop_database(company.server, company.db_name) if exists else False
        with transaction.atomic(using="default"):
            record_event(
                action="tenant.drop",
                actor=actor,
                company=company,
                database=company.db_name,
                dropped=dropped,
                backup=str(made.path) if made else "",
                forgotten=forget,
            )
            if forget:
                company.delete()
        return DropResult(company=company, backup=made, dropped=dropped, forgotten=forget)


@dataclass
class BootstrapResult:
    company: Company
    done: list[str] = field(default_factory=list)  # steps that changed something
    skipped: list[str] = field(default_factory=list)  # steps already complete


def tenant_bootstrap(
    *,
    slug: str,
    name: str = "",
    base_currency: str = "USD",
    country: str = "",
    demo: bool = False,
    on_step: Callable[[str], None] | None = None,
) -> BootstrapResult:
    """Register, create, migrate, seed and activate a company; safe to re-run after any crash."""
    validate_slug(slug)
    with advisory_lock(f"tenant:{slug}"):

        def step(label: str) -> None:
            if on_step:
                on_step(label)

        step("register")
        company, created = tenant_register(slug=slug, name=name, base_currency=base_currency, country=country)
        if company.status in (Company.Status.SUSPENDED, Company.Status.ARCHIVED):
            raise TenantStateError(
                f"Company {slug!r} is {company.status}; reactivate it instead of bootstrapping."
            )
        if company.status == Company.Status.MAINTENANCE:
            raise TenantStateError(f"Company {slug!r} is being moved or restored; finish that first.")
        result = BootstrapResult(company)
        (result.done if created else result.skipped).append("register")

        step("create_database")
        if company.status == Company.Status.ACTIVE:
            # Never replace the books of an active company with an empty copy of the template.
            if not database_exists(company.server, company.db_name):
                raise TenantStateError(
                    f"Company {slug!r} is active but its database {company.db_name!r} is missing: "
                    "restore it from a backup."
                )
            result.skipped.append("create_database")
        else:
            try:
                made = tenant_create_database(company)
            except ServerUnavailable:
                if created:
                    # Nothing exists on that server yet: forget the registration so a retry
                    # starts clean (and the server row is not pinned by a half-made company).
                    company.delete()
                raise
            (result.done if made else result.skipped).append("create_database")

        step("migrate")
        outcome = migrate_company(company)
        if outcome.outcome == "failed":
            raise TenantStateError(f"Migrating {slug!r} failed: {outcome.detail}")
        (result.done if outcome.outcome == "migrated" else result.skipped).append("migrate")

        step("seed")
        tenant_seed(company, demo=demo)
        result.done.append("seed")

        step("activate")
        if company.status != Company.Status.ACTIVE:
            tenant_set_status(company, Company.Status.ACTIVE)
            result.done.append("activate")
        else:
            result.skipped.append("activate")
        return result


def tenant_migrate(company: Company | str, *, snapshot: bool = True, to: str | None = None) -> TenantResult:
    """Migrate one registered company to the code's head, or forwards or backwards to migration
    `to` (`ledger.0001_initial`, `ledger.zero`), a pg_dump snapshot first when the plan is
    destructive, unless `snapshot` is False; return what happened. A failed migration raises
    TenantStateError (its message does not repeat the slug)."""
    company = get_company(company)
    if to is None:
        result = migrate_company(company, snapshot=snapshot)
    else:
        result = migrate_company_to(company, parse_target(to), snapshot=snapshot)
    if result.outcome == "failed":
        raise TenantStateError(f"migration failed: {result.detail}")
    return result
