from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from tenants.lifecycle.services import tenant_backup
from tenants.management.base import TenantCommand


class Command(TenantCommand):
    help = (
        "Back up a company's database (pg_dump custom format) with a manifest of its row counts and "
        "totals, into PYLEDGER_BACKUP_DIR/<slug>/ or --output. Safe while the company is in use."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--output", type=Path, help="Write the dump here (the manifest: PATH.json).")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        backup = tenant_backup(company=slug, output=options["output"])
        if options["verbosity"]:
            rows = sum(backup.census.tables.values())
            size = backup.manifest["size"]
            self.stdout.write(
                f"{slug}: {backup.path} ({size} bytes, {rows} rows in {len(backup.census.tables)} tables)"
            )
        if options["verbosity"] > 1:
            for name, value in {**backup.census.tables, **backup.census.totals}.items():
                self.stdout.write(f"  {name}: {value}")
