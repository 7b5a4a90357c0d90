from typing import Any

from django.core.management.base import CommandError, CommandParser

from tenants.lifecycle.relocation import find_server, tenant_move, tenant_relocation_abort
from tenants.management.base import TenantCommand


class Command(TenantCommand):
    help = (
        "Move a company's database to another server: read-only meanwhile, dump, restore, verify "
        "(row counts, totals), switch the registry, drop the old copy. Re-run to resume after a "
        "crash; --abort undoes an unfinished move that has not switched yet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument(
            "--to", dest="server", help="Target DatabaseServer name ('default': the common DB's)."
        )
        parser.add_argument("--abort", action="store_true", help="Undo an unfinished move.")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        if options["abort"]:
            move = tenant_relocation_abort(company=slug)
            self.stdout.write(f"{slug}: {move.kind} aborted, back to {move.previous_status}")
            return
        if not options["server"]:
            raise CommandError("Name the target server with --to NAME (or use --abort).")
        target = find_server(options["server"])
        verbose = options["verbosity"] > 1
        result = tenant_move(
            company=slug,
            target=target,
            on_step=(lambda s: self.stdout.write(f"  {slug}: {s}…")) if verbose else None,
        )
        if not options["verbosity"]:
            return
        where = target.name if target else "default"
        if result.move is None:
            self.stdout.write(f"{slug}: already on {where}")
            return
        rows = f", verified ({sum(result.census.tables.values())} rows)" if result.census else ""
        self.stdout.write(
            f"{slug}: moved to {where}{rows}, {result.company.status}; dump kept at {result.backup}"
        )
