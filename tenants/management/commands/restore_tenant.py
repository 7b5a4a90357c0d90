from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from common.models import Company
from tenants.lifecycle.relocation import tenant_relocation_abort, tenant_restore
from tenants.management.base import TenantCommand


class Command(TenantCommand):
    help = (
        "Restore a backup made by backup_tenant: into a new company (--as), or over the company's "
        "own books (--replace). The restored copy is verified against the backup's manifest (row "
        "counts, totals), migrated to head and activated. Re-run to resume an interrupted restore."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The company the backup was taken of.")
        parser.add_argument(
            "--from", dest="source", type=Path, help="The .backup file (its .json next to it)."
        )
        parser.add_argument("--as", dest="new_slug", help="Restore into this (new) company instead.")
        parser.add_argument("--replace", action="store_true", help="Replace the company's existing books.")
        parser.add_argument("--yes", action="store_true", help="Do not ask to confirm --replace.")
        parser.add_argument(
            "--abort", action="store_true", help="Undo an unfinished restore over existing books."
        )

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        if options["abort"]:
            move = tenant_relocation_abort(company=options["new_slug"] or slug)
            self.stdout.write(f"{move.company.slug}: {move.kind} aborted, back to {move.previous_status}")
            return
        if options["source"] is None:
            raise CommandError("Name the backup with --from PATH.")
        target = options["new_slug"] or slug
        if options["replace"] and Company.objects.filter(slug=target).exists():
            self.confirm(
                target, f"replace the books of {target!r} by those of {options['source']}", yes=options["yes"]
            )
        verbose = options["verbosity"] > 1
        result = tenant_restore(
            slug=slug,
            source=options["source"],
            new_slug=options["new_slug"],
            replace=options["replace"],
            on_step=(lambda s: self.stdout.write(f"  {target}: {s}…")) if verbose else None,
        )
        if options["verbosity"]:
            company = result.company
            rows = sum(result.census.tables.values()) if result.census else 0
            self.stdout.write(
                f"{company.slug}: restored into {company.db_name} on "
                f"{company.server.name if company.server else 'default'}, verified ({rows} rows), "
                f"migrations {result.migrations or 'unchanged'}, {company.status}"
            )
