from typing import Any

from django.core.management.base import CommandParser

from tenants.management.base import TenantCommand
from tenants.services import tenant_migrate


class Command(TenantCommand):
    help = (
        "Apply pending migrations to one company's database (skips quickly when up to date); "
        "a pg_dump snapshot is taken first when a pending migration is destructive."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument(
            "--no-snapshot",
            action="store_true",
            help="No pg_dump before destructive migrations (you took your own).",
        )

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        result = tenant_migrate(slug, snapshot=not options["no_snapshot"])
        self.stdout.write(f"{slug}: {result.outcome}")
        if result.snapshot:
            self.stdout.write(f"  snapshot: {result.snapshot}")
            self.stdout.write(f"  restore with: {result.restore}")
